import { formatMessage } from '../format-message';

describe('formatMessage', () => {
  it('chooses the plural branch with Intl.PluralRules: French 0 and 1 are singular', () => {
    const votes = '{count, plural, one {# vote} other {# votes}}';
    expect(formatMessage('fr', votes, { count: 0 })).toBe('0 vote');
    expect(formatMessage('fr', votes, { count: 1 })).toBe('1 vote');
    expect(formatMessage('fr', votes, { count: 2 })).toBe('2 votes');
    expect(formatMessage('en', votes, { count: 0 })).toBe('0 votes');
    expect(formatMessage('en', votes, { count: 1 })).toBe('1 vote');
    expect(formatMessage('fr', votes, { count: 1500 })).toMatch(/^1\s500 votes$/);
  });

  it('prefers an exact =n branch and fills placeholders inside branches', () => {
    const text = '{count, plural, =0 {Aucune idée pour {who}} one {Une idée} other {# idées}}';
    expect(formatMessage('fr', text, { count: 0, who: 'Lucie' })).toBe('Aucune idée pour Lucie');
    expect(formatMessage('fr', text, { count: 1 })).toBe('Une idée');
    expect(formatMessage('fr', text, { count: 3 })).toBe('3 idées');
  });

  it('agrees the words around the number and nests plurals', () => {
    const text =
      '{count, plural, one {# proposition publiée} other {# propositions publiées}} sur {total, plural, one {# étape} other {# étapes}}';
    expect(formatMessage('fr', text, { count: 1, total: 2 })).toBe(
      '1 proposition publiée sur 2 étapes',
    );
    const nested = '{a, plural, one {# a et {b, plural, one {# b} other {# bs}}} other {# as}}';
    expect(formatMessage('en', nested, { a: 1, b: 3 })).toBe('1 a et 3 bs');
  });

  it('writes ordinals with selectordinal: 1er, 2e in French; 1st, 2nd, 3rd, 4th in English', () => {
    const fr = 'le {n, selectordinal, one {#er} other {#e}} caractère';
    expect(formatMessage('fr', fr, { n: 1 })).toBe('le 1er caractère');
    expect(formatMessage('fr', fr, { n: 6 })).toBe('le 6e caractère');
    const en = '{n, selectordinal, one {#st} two {#nd} few {#rd} other {#th}}';
    expect([1, 2, 3, 4, 11, 22].map((n) => formatMessage('en', en, { n }))).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '22nd',
    ]);
  });

  it('elides "de" before a name in French only', () => {
    expect(formatMessage('fr', 'l’étape {name, de}', { name: 'Orléans' })).toBe(
      'l’étape d’Orléans',
    );
    expect(formatMessage('fr', 'Fabrik {name, de}', { name: 'Tours' })).toBe('Fabrik de Tours');
    expect(formatMessage('en', '{name, de}', { name: 'Orléans' })).toBe('Orléans');
  });

  it('leaves unknown parameters and plain text as written; a value’s # stays', () => {
    expect(formatMessage('fr', 'Bonjour {name}', {})).toBe('Bonjour {name}');
    expect(formatMessage('fr', 'Sans paramètre')).toBe('Sans paramètre');
    expect(
      formatMessage('fr', '{count, plural, one {# idée : {text}} other {# idées}}', {
        count: 1,
        text: 'Salle #2',
      }),
    ).toBe('1 idée : Salle #2');
  });
});
