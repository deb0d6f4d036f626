import type { PanelFeature } from '@permanente/contracts';
import { percent, quotaDrafts, quotasFromDrafts, valueLabel } from '../panel-format';

const FEATURES: PanelFeature[] = [
  {
    key: 'gender',
    label: 'Genre',
    values: [
      { value: 'woman', label: 'Femme' },
      { value: 'man', label: 'Homme' },
    ],
  },
];

describe('panel formatting', () => {
  it('formats probabilities as percentages in the page language', () => {
    expect(percent(0.1234, 'en')).toBe('12.3%');
    expect(percent(0.5, 'fr').replace(/\s/g, ' ')).toBe('50,0 %');
    expect(percent(null, 'fr')).toBe('–');
  });

  it('labels values', () => {
    expect(valueLabel(FEATURES, 'gender', 'woman')).toBe('Femme');
    expect(valueLabel(FEATURES, 'gender', 'x')).toBe('x');
  });

  it('turns quota inputs into quotas, empty rows into none', () => {
    const drafts = quotaDrafts(FEATURES, [{ feature: 'gender', value: 'woman', min: 5, max: 7 }]);
    expect(drafts).toEqual([
      { feature: 'gender', value: 'woman', min: '5', max: '7' },
      { feature: 'gender', value: 'man', min: '', max: '' },
    ]);
    drafts[1].min = '4';
    expect(quotasFromDrafts(drafts, 12)).toEqual({
      quotas: [
        { feature: 'gender', value: 'woman', min: 5, max: 7 },
        { feature: 'gender', value: 'man', min: 4, max: 12 },
      ],
      invalid: [],
    });
    drafts[0].max = 'sept';
    expect(quotasFromDrafts(drafts, 12).invalid).toEqual(['gender=woman']);
  });
});
