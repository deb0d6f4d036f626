import { MigrationInterface, QueryRunner } from 'typeorm';

export class Territories1764201600000 implements MigrationInterface {
  name = 'Territories1764201600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE territories (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL,
        insee_code text,
        name text NOT NULL,
        level text NOT NULL,
        population integer,
        parent_id uuid REFERENCES territories (id) ON DELETE RESTRICT,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT territories_code_key UNIQUE (code),
        CONSTRAINT territories_level_check CHECK (level IN ('region', 'departement', 'bassin_de_vie')),
        CONSTRAINT territories_population_check CHECK (population IS NULL OR population >= 0),
        CONSTRAINT territories_name_check CHECK (length(btrim(name)) > 0)
      )`);
    await queryRunner.query(`CREATE INDEX territories_parent_id_idx ON territories (parent_id)`);
    // Which one-off data loads (demo data versions) have run, so each runs once.
    await queryRunner.query(`
      CREATE TABLE seed_runs (
        name text PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE seed_runs`);
    await queryRunner.query(`DROP TABLE territories`);
  }
}
