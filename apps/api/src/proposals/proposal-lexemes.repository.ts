import type { EntityManager } from 'typeorm';

/** A prefix matching more lexemes than this stays a prefix (the OR would cost more). */
export const MAX_LEXEMES_PER_PREFIX = 64;

/** `'sant':* & 'mobilit':*`: the shape searchQuery's words take once stemmed. */
const PREFIXES = /^'([^'\\]+)':\*(?: & '([^'\\]+)':\*)*$/;
const PREFIX = /'([^'\\]+)':\*/g;
/** A lexeme that can be written in a tsquery between quotes as it is. */
const PLAIN = /^[^'\\]+$/;

/**
 * The search's prefixes written as the lexemes they match (migration ProposalScopeSearch):
 * `'sant':*` becomes `'sant' | 'santon'` when the proposals hold those two lexemes starting
 * with `sant`. Both match the same rows, since every lexeme of every proposal is in
 * `proposal_lexemes`; but GIN intersects exact lexemes with the territory and the status
 * inside one index scan, where a prefix first gathers every row of the word.
 */
export class ProposalLexemesRepository {
  /**
   * The exact form of a searchQuery() tsquery, or null to keep the prefixes: an unexpected
   * shape, or a prefix matching more than MAX_LEXEMES_PER_PREFIX lexemes.
   */
  async exactQuery(manager: EntityManager, tsquery: string): Promise<string | null> {
    const [{ stemmed }]: Array<{ stemmed: string }> = await manager.query(
      `SELECT to_tsquery('french_unaccent', $1)::text AS stemmed`,
      [tsquery],
    );
    if (!PREFIXES.test(stemmed)) return null;
    const stems = [...stemmed.matchAll(PREFIX)].map((match) => match[1]);
    const rows: Array<{ stem: string; lexemes: string[] }> = await manager.query(
      `SELECT s.stem, ARRAY(
         SELECT l.lexeme FROM proposal_lexemes l
         WHERE l.lexeme >= s.stem AND l.lexeme < s.stem || chr(1114111)
           AND starts_with(l.lexeme, s.stem)
         ORDER BY l.lexeme LIMIT ${MAX_LEXEMES_PER_PREFIX + 1}
       ) AS lexemes
       FROM unnest($1::text[]) AS s(stem)`,
      [stems],
    );
    const terms: string[] = [];
    for (const { stem, lexemes } of rows) {
      if (lexemes.length > MAX_LEXEMES_PER_PREFIX || !lexemes.every((l) => PLAIN.test(l)))
        return null;
      // No lexeme starts with the stem: no proposal matches, nor does the stem alone.
      const words = lexemes.length > 0 ? lexemes : [stem];
      terms.push(`(${words.map((word) => `'${word}'`).join(' | ')})`);
    }
    return terms.join(' & ');
  }
}
