import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The officials' filtered search at a million proposals (docs/proposals.md, "Search at
 * scale"): a word within a scope, a status, a theme.
 *
 * - One GIN index over the filters and the text (`btree_gin` puts the territory and the
 *   status in it): GIN intersects the posting lists of exact lexemes inside one scan,
 *   skipping through them, so "santé" in one département costs the matches of both, not a
 *   bitmap of the word's 270,000 rows intersected with the territory's afterwards. It
 *   serves a search on any one of its columns as well, so it replaces the text's and the
 *   themes' own GIN indexes (one GIN index to update per write instead of three).
 * - That holds for exact lexemes only: a prefix (`sant:*`) gathers every row of every
 *   lexeme it matches into a bitmap first. So the vocabulary of the proposals is kept in
 *   `proposal_lexemes`, and a prefix becomes the OR of the lexemes it matches
 *   (ProposalLexemesRepository), which finds the same rows. The table only grows: a lexeme
 *   left by a deleted proposal costs one more term in an OR, never a wrong result.
 */
export class ProposalScopeSearch1765300000000 implements MigrationInterface {
  name = 'ProposalScopeSearch1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    await queryRunner.query(
      `CREATE INDEX proposals_scope_search_idx ON proposals
         USING gin (territory_id, status, themes, search_vector)`,
    );
    await queryRunner.query(`DROP INDEX proposals_search_idx`);
    await queryRunner.query(`DROP INDEX proposals_themes_idx`);
    // "C": byte order, as a tsquery prefix compares, and `LIKE 'x%'` served by the key.
    await queryRunner.query(`CREATE TABLE proposal_lexemes (lexeme text COLLATE "C" PRIMARY KEY)`);
    // Inserted in order, so that two transactions adding the same new lexemes wait for each
    // other instead of deadlocking.
    await queryRunner.query(`
      CREATE FUNCTION proposal_lexemes_of_statement() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO proposal_lexemes (lexeme)
          SELECT DISTINCT unnest(tsvector_to_array(n.search_vector)) FROM new_proposals n
          ORDER BY 1
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION proposal_lexemes_of_row() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO proposal_lexemes (lexeme)
          SELECT unnest(tsvector_to_array(NEW.search_vector)) ORDER BY 1
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    // Inserts come in bulk (imports, the demo): once per statement. Updates mostly change
    // counts and statuses: only those that change the text add its lexemes.
    await queryRunner.query(
      `CREATE TRIGGER proposals_lexemes_insert AFTER INSERT ON proposals
         REFERENCING NEW TABLE AS new_proposals
         FOR EACH STATEMENT EXECUTE FUNCTION proposal_lexemes_of_statement()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER proposals_lexemes_update AFTER UPDATE ON proposals
         FOR EACH ROW WHEN (OLD.search_vector IS DISTINCT FROM NEW.search_vector)
         EXECUTE FUNCTION proposal_lexemes_of_row()`,
    );
    await queryRunner.query(
      `INSERT INTO proposal_lexemes (lexeme)
         SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM proposals ORDER BY 1`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER proposals_lexemes_update ON proposals`);
    await queryRunner.query(`DROP TRIGGER proposals_lexemes_insert ON proposals`);
    await queryRunner.query(`DROP FUNCTION proposal_lexemes_of_row()`);
    await queryRunner.query(`DROP FUNCTION proposal_lexemes_of_statement()`);
    await queryRunner.query(`DROP TABLE proposal_lexemes`);
    await queryRunner.query(`CREATE INDEX proposals_themes_idx ON proposals USING gin (themes)`);
    await queryRunner.query(
      `CREATE INDEX proposals_search_idx ON proposals USING gin (search_vector)`,
    );
    await queryRunner.query(`DROP INDEX proposals_scope_search_idx`);
  }
}
