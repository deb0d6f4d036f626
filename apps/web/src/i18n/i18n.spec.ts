import { en } from './messages.en';
import { fr } from './messages.fr';
import { loadCatalogue, translate } from './i18n';
import type { MessageKey } from './i18n-types';

// Parameter names, plain or with a format ({count, plural, ...}, {name, de}).
const placeholders = (text: string) =>
  [...new Set([...text.matchAll(/\{(\w+)\s*[,}]/g)].map((m) => m[1]))].sort();

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

  it('says plurals in full words, never "(s)", in both languages', () => {
    for (const [key, text] of [...Object.entries(fr), ...Object.entries(en)])
      expect({ key, text }).toEqual({ key, text: expect.not.stringMatching(/\((s|e|es|x)\)/) });
    expect(translate('fr', 'live.results.voters', { count: 0 })).toBe('0 votant');
    expect(translate('fr', 'live.results.voters', { count: 1 })).toBe('1 votant');
    expect(translate('fr', 'live.results.voters', { count: 2 })).toBe('2 votants');
    expect(translate('en', 'live.results.voters', { count: 1 })).toBe('1 voter');
    expect(translate('en', 'live.results.voters', { count: 0 })).toBe('0 voters');
  });

  it('elides "de" before the names of places', () => {
    expect(translate('fr', 'tour.planning.deleted', { name: 'Orléans' })).toBe(
      'L’étape d’Orléans est supprimée.',
    );
    expect(translate('fr', 'tour.planning.deleted', { name: 'Tours' })).toBe(
      'L’étape de Tours est supprimée.',
    );
    expect(translate('fr', 'tour.planning.deleted', { name: 'Le Blanc' })).toBe(
      'L’étape du Blanc est supprimée.',
    );
  });
});
