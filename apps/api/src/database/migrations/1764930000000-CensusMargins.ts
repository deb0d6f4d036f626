import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Census margins as data (docs/coverage.md): communes with their population, postcodes and
 * territory; each commune's inhabitants by age band and sex; and the same figures summed up
 * the territory tree at import, so that bassins de vie get populations and margins.
 */
export class CensusMargins1764930000000 implements MigrationInterface {
  name = 'CensusMargins1764930000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE communes (
        code text PRIMARY KEY,
        name text NOT NULL,
        territory_id uuid REFERENCES territories(id) ON DELETE SET NULL,
        population integer CHECK (population >= 0),
        postcodes text[] NOT NULL DEFAULT '{}',
        search_text text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX communes_territory ON communes (territory_id)`);
    await queryRunner.query(`
      CREATE TABLE commune_margins (
        commune_code text NOT NULL REFERENCES communes(code) ON DELETE CASCADE,
        dimension text NOT NULL CHECK (dimension IN ('ageBand', 'gender')),
        category text NOT NULL,
        population double precision NOT NULL CHECK (population >= 0),
        PRIMARY KEY (commune_code, dimension, category)
      )`);
    await queryRunner.query(`
      CREATE TABLE territory_margins (
        territory_id uuid NOT NULL REFERENCES territories(id) ON DELETE CASCADE,
        dimension text NOT NULL CHECK (dimension IN ('ageBand', 'gender')),
        category text NOT NULL,
        population integer NOT NULL CHECK (population >= 0),
        PRIMARY KEY (territory_id, dimension, category)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE territory_margins`);
    await queryRunner.query(`DROP TABLE commune_margins`);
    await queryRunner.query(`DROP TABLE communes`);
  }
}
