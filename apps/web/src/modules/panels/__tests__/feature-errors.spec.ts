import type { FieldError, PanelFeature } from '@permanente/contracts';
import { loadCatalogue, translate } from '@web/i18n/i18n';
import type { MessageKey, Translate } from '@web/i18n/i18n-types';
import { describeFeatureError } from '../feature-errors';

const translator =
  (locale: 'fr' | 'en'): Translate =>
  (key: MessageKey, params) =>
    translate(locale, key, params);

beforeAll(() => loadCatalogue('en'));

const SENT: PanelFeature[] = [
  { key: '1gender', label: 'Genre', values: [{ value: 'woman', label: 'Femme' }] },
  { key: 'email', label: 'Courriel', values: [{ value: 'a', label: 'a' }] },
  {
    key: 'age',
    label: 'Âge',
    values: [
      { value: '18 24', label: '18 24' },
      { value: '25-34', label: '25-34' },
      { value: '25-34', label: '25-34' },
    ],
  },
  { key: 'age', label: 'Âge encore', values: [] },
];

const refused = (field: string, code: string): FieldError => ({
  field,
  code,
  reason: 'the English reason, never shown',
});

describe('the features form’s errors', () => {
  it('says every refusal of the API in French, pointing at the feature and the value', () => {
    const t = translator('fr');
    const said = [
      refused('body.features[0].key', 'featureKey'),
      refused('body.features[1].key', 'reservedFeature'),
      refused('body.features[2].values[0].value', 'featureValue'),
      refused('body.features[2].values[2].value', 'duplicateValue'),
      refused('body.features[3].key', 'duplicateFeature'),
      refused('body.features.3.values', 'arrayMinSize'),
      refused('body.features.0.label', 'minLength'),
      refused('body.features', 'featuresLocked'),
    ].map((error) => describeFeatureError(error, SENT, t));
    expect(said).toEqual([
      'Caractéristique 1 : la clé « 1gender » doit commencer par une lettre, suivie de lettres, chiffres, - ou _ (40 caractères au plus).',
      'Caractéristique 2 : la clé « email » est réservée (colonne name, email ou phone du fichier CSV).',
      'Caractéristique 3, valeur « 18 24 » : de 1 à 60 caractères, sans espace, virgule, point-virgule ni guillemet.',
      'Caractéristique 3 : la valeur « 25-34 » est en double.',
      'Caractéristique 4 : la clé « age » est déjà utilisée par une autre caractéristique.',
      'Caractéristique 4 : indiquez au moins une valeur.',
      'Caractéristique 1 : le libellé doit faire de 1 à 200 caractères.',
      'Des volontaires ont déjà répondu : les caractéristiques ne peuvent plus changer.',
    ]);
    for (const text of said) expect(text).not.toContain('English');
  });

  it('says them in English too, and never shows the API’s reason for an unknown code', () => {
    const t = translator('en');
    expect(describeFeatureError(refused('body.features[1].key', 'reservedFeature'), SENT, t)).toBe(
      'Feature 2: the key “email” is reserved (the name, email or phone column of the CSV file).',
    );
    expect(describeFeatureError(refused('body.features.2', 'somethingNew'), SENT, t)).toBe(
      'Feature 3: refused.',
    );
    expect(describeFeatureError(refused('body.other', 'somethingNew'), SENT, t)).toBe(
      'Features refused.',
    );
  });
});
