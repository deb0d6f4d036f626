import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The wall by link: a read-only token for the projection computer, so that it needs no staff
 * account. One live link per workshop at most; revoking keeps the row (who made it, when).
 */
export class WallLinks1764810000000 implements MigrationInterface {
  name = 'WallLinks1764810000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE wall_links (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workshop_id uuid NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        token text NOT NULL UNIQUE,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX wall_links_one_live ON wall_links (workshop_id) WHERE revoked_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE wall_links`);
  }
}
