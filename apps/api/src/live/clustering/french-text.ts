// French text similarity for the facilitator's clustering: enough to suggest likely
// duplicates and groups among sticky notes, never to decide alone (see docs/clustering.md).

const STOPWORDS = new Set(
  `a au aux avec ce ces cet cette dans de des du elle en et eux il ils je la le les leur leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l m n s t y ete etre avoir a ai as avons avez ont est sont sera serait fait faire faut plus moins tres tout tous toute toutes aussi comme si sans sous entre vers chez afin donc car ni or quand alors bien peu trop autre autres celle celui ceux cela ca ici la-bas dont etc il-y-a y-a`.split(
    /\s+/,
  ),
);

/** Lower case, accents removed, punctuation as spaces. */
export function foldFrench(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’']/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

// Longest first: a light stemmer for the usual French derivations and plurals, so that
// "jeunes", "jeunesse" and "jeune" meet, and "mobilités" meets "mobilite".
const SUFFIXES = [
  'issements',
  'issement',
  'ations',
  'ation',
  'itions',
  'ition',
  'ements',
  'ement',
  'ments',
  'ment',
  'ances',
  'ance',
  'ences',
  'ence',
  'euses',
  'euse',
  'eurs',
  'eur',
  'ites',
  'ite',
  'iques',
  'ique',
  'istes',
  'iste',
  'ismes',
  'isme',
  'esses',
  'esse',
  'ables',
  'able',
  'ibles',
  'ible',
  'aux',
  'ives',
  'ive',
  'ifs',
  'if',
  'elles',
  'elle',
  'ees',
  'ee',
  'es',
  'er',
  'ez',
  'e',
  's',
  'x',
];

export function stem(word: string): string {
  for (const suffix of SUFFIXES) {
    if (word.length - suffix.length >= 4 && word.endsWith(suffix))
      return word.slice(0, -suffix.length);
  }
  return word;
}

/** The content words of a text, stemmed, without stop words. */
export function keywords(text: string): string[] {
  return foldFrench(text)
    .split(' ')
    .filter((word) => word.length > 1 && !STOPWORDS.has(word))
    .map(stem);
}

/**
 * The content words of a text as written (lower case, accents kept), each with its stem: what
 * `keywords` gives, plus the word people wrote, for labels a person can read.
 */
export function writtenKeywords(text: string): Array<{ stem: string; word: string }> {
  const found: Array<{ stem: string; word: string }> = [];
  for (const token of text.split(/[^\p{L}\p{M}\p{N}]+/u)) {
    const word = token.normalize('NFC').toLowerCase();
    // Folding a token may still split it (a letter outside a-z): keep its words one by one.
    for (const folded of foldFrench(word).split(' ')) {
      if (folded.length <= 1 || STOPWORDS.has(folded)) continue;
      found.push({ stem: stem(folded), word: foldFrench(word) === folded ? word : folded });
    }
  }
  return found;
}

function trigrams(text: string): Set<string> {
  const padded = `  ${foldFrench(text)} `;
  const grams = new Set<string>();
  for (let i = 0; i < padded.length - 2; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}

function jaccard<T>(a: Set<T>, b: Set<T>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared += 1;
  return shared / (a.size + b.size - shared);
}

/**
 * Similarity of two short texts in [0, 1]: the best of the stemmed-keyword overlap and the
 * character-trigram overlap (which forgives typos and word order).
 */
export function similarity(a: string, b: string): number {
  const words = jaccard(new Set(keywords(a)), new Set(keywords(b)));
  const chars = jaccard(trigrams(a), trigrams(b));
  return Math.max(words, chars);
}
