import { featureDrafts, featuresFromDrafts } from '../feature-drafts';

describe('the features form', () => {
  it('reads one value a line, `value = label`, and writes them back the same', () => {
    const features = featuresFromDrafts([
      {
        key: ' housing ',
        label: 'Logement',
        values: 'owner = Propriétaire\n\ntenant = Locataire\nother',
      },
    ]);
    expect(features).toEqual([
      {
        key: 'housing',
        label: 'Logement',
        values: [
          { value: 'owner', label: 'Propriétaire' },
          { value: 'tenant', label: 'Locataire' },
          { value: 'other', label: 'other' },
        ],
      },
    ]);
    expect(featuresFromDrafts(featureDrafts(features))).toEqual(features);
  });
});
