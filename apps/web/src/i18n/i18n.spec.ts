import { en } from './messages.en';
import { fr } from './messages.fr';
import { loadCatalogue, translate } from './i18n';
import type { MessageKey } from './i18n-types';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n', () => {
  beforeAll(() => loadCatalogue('en'));

  it('has every French message in English with the same placeholders', () => {
    const keys = Object.keys(fr) as MessageKey[];
    expect(Object.keys(en).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      expect({ key, placeholders: placeholders(en[key]) }).toEqual({
        key,
        placeholders: placeholders(fr[key]),
      });
      expect(en[key].trim()).not.toBe('');
    }
  });

  it('fills placeholders and formats numbers for the locale', () => {
    expect(translate('fr', 'territories.population', { count: 2587031 })).toMatch(
      /^2\s587\s031 habitants$/,
    );
    expect(translate('en', 'territories.population', { count: 2587031 })).toBe(
      '2,587,031 inhabitants',
    );
    expect(translate('fr', 'join.resume', { title: 'Fabrik de Vierzon' })).toContain(
      '« Fabrik de Vierzon »',
    );
  });
});
