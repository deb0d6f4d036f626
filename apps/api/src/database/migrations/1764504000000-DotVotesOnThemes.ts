import { MigrationInterface, QueryRunner } from 'typeorm';

/** A dot vote is on ideas (as before) or on the themes of the clustering. */
export class DotVotesOnThemes1764504000000 implements MigrationInterface {
  name = 'DotVotesOnThemes1764504000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE activities ADD COLUMN vote_on text`);
    await queryRunner.query(`UPDATE activities SET vote_on = 'ideas' WHERE kind = 'dot_vote'`);
    await queryRunner.query(`
      ALTER TABLE activities ADD CONSTRAINT activities_vote_on_check
        CHECK ((kind = 'dot_vote') = (vote_on IS NOT NULL) AND (vote_on IS NULL OR vote_on IN ('ideas', 'themes')))`);
    // Dots on themes: the same shape as dot_votes, with the theme's foreign key, so that a
    // deleted theme takes its dots with it.
    await queryRunner.query(`
      CREATE TABLE theme_dot_votes (
        activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
        participant_id uuid NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
        theme_id uuid NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
        dots integer NOT NULL CHECK (dots > 0),
        PRIMARY KEY (activity_id, participant_id, theme_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX theme_dot_votes_participant_id_idx ON theme_dot_votes (participant_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE theme_dot_votes`);
    await queryRunner.query(`ALTER TABLE activities DROP COLUMN vote_on`);
  }
}
