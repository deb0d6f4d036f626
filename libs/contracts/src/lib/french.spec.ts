import { startsWithVowelSound, withArticle, withDe } from './french';

describe('French elision', () => {
  it('elides "de" before a vowel, accents included, and keeps it before a consonant', () => {
    expect(withDe('Orléans')).toBe('d’Orléans');
    expect(withDe('Issoudun')).toBe('d’Issoudun');
    expect(withDe('Écueillé')).toBe('d’Écueillé');
    expect(withDe('Amboise')).toBe('d’Amboise');
    expect(withDe('Tours')).toBe('de Tours');
    expect(withDe('  Vierzon ')).toBe('de Vierzon');
    expect(withDe('La Châtre')).toBe('de La Châtre');
  });

  it('contracts "de le" and "de les" in place names', () => {
    expect(withDe('Le Blanc')).toBe('du Blanc');
    expect(withDe('Les Montils')).toBe('des Montils');
    // "Lesparre" or "Lencloître" are not articles.
    expect(withDe('Lencloître')).toBe('de Lencloître');
  });

  it('elides "le" and "la" before a vowel', () => {
    expect(withArticle('la', 'étape')).toBe('l’étape');
    expect(withArticle('le', 'atelier')).toBe('l’atelier');
    expect(withArticle('la', 'Fabrik')).toBe('la Fabrik');
    expect(`${withArticle('la', 'étape')} ${withDe('Orléans')}`).toBe('l’étape d’Orléans');
  });

  it('does not elide before an h (aspirated in many place names) or an empty word', () => {
    expect(startsWithVowelSound('Huisseau')).toBe(false);
    expect(startsWithVowelSound('')).toBe(false);
  });
});
