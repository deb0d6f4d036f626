import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The "who have we heard" profile (docs/coverage.md) beyond the phones: the panels' open call
 * keeps a volunteer's consented profile beside the quota features (erased with the contacts),
 * and a facilitator records the profile written on a paper sheet as a paper participant of
 * the workshop (no account, no name).
 */
export class HeardProfiles1765000000000 implements MigrationInterface {
  name = 'HeardProfiles1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE panel_volunteers
        ADD COLUMN profile jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN profile_consent_at timestamptz`);
    await queryRunner.query(`
      CREATE TABLE paper_participants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workshop_id uuid NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
        client_id uuid NOT NULL,
        profile jsonb NOT NULL DEFAULT '{}',
        entered_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT paper_participants_client_id_key UNIQUE (workshop_id, client_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE paper_participants`);
    await queryRunner.query(
      `ALTER TABLE panel_volunteers DROP COLUMN profile_consent_at, DROP COLUMN profile`,
    );
  }
}
