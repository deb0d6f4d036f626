import { MigrationInterface, QueryRunner } from 'typeorm';

export class Campaigns1764460800000 implements MigrationInterface {
  name = 'Campaigns1764460800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE campaigns (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL,
        title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
        description text NOT NULL DEFAULT '',
        territory_id uuid NOT NULL REFERENCES territories (id),
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        answer_delay_days integer NOT NULL DEFAULT 90 CHECK (answer_delay_days BETWEEN 1 AND 730),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT campaigns_slug_key UNIQUE (slug),
        CONSTRAINT campaigns_dates_check CHECK (ends_on >= starts_on)
      )`);
    // A workshop may belong to a campaign (a tour's Fabrik, a panel session).
    await queryRunner.query(`
      ALTER TABLE workshops ADD COLUMN campaign_id uuid REFERENCES campaigns (id) ON DELETE SET NULL`);
    await queryRunner.query(`CREATE INDEX workshops_campaign_id_idx ON workshops (campaign_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE workshops DROP COLUMN campaign_id`);
    await queryRunner.query(`DROP TABLE campaigns`);
  }
}
