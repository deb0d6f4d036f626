/**
 * Plain French for names that follow "de" or "le": "d’Orléans", "l’étape", "du Blanc", "des
 * Montils", "de Tours". Used by the web app's messages (`{name, de}`) and by the API wherever it
 * writes a sentence itself (the demo's "Fabrik d’Orléans").
 */

// A vowel sound at the start: vowels with or without accents. An initial "h" is mute in most
// place names (Henrichemont is an exception we cannot know), so it is not elided: "de Huisseau".
const VOWEL_START = /^[aeiouyàâäéèêëîïôöùûüÿæœ]/i;
const APOSTROPHE = '’';

/** True when a word takes the elided article: "l’", "d’". */
export function startsWithVowelSound(word: string): boolean {
  return VOWEL_START.test(word.trim());
}

/** "de" before a name: "d’Orléans", "de Tours", "du Blanc" (Le Blanc), "des Montils" (Les Montils). */
export function withDe(name: string): string {
  const trimmed = name.trim();
  const article = /^(le|les)\s+(.+)$/i.exec(trimmed);
  if (article) return `${article[1].toLowerCase() === 'le' ? 'du' : 'des'} ${article[2]}`;
  return startsWithVowelSound(trimmed) ? `d${APOSTROPHE}${trimmed}` : `de ${trimmed}`;
}

/** "le" or "la" before a noun: "l’étape", "la Fabrik", "le tour". */
export function withArticle(article: 'le' | 'la', noun: string): string {
  const trimmed = noun.trim();
  return startsWithVowelSound(trimmed) ? `l${APOSTROPHE}${trimmed}` : `${article} ${trimmed}`;
}
