import { MigrationInterface, QueryRunner } from 'typeorm';

/** The tour of a campaign, its stops (one day in a bassin de vie) and the initiatives met. */
export class Tour1764633600000 implements MigrationInterface {
  name = 'Tour1764633600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE tours (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
        description text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT tours_campaign_id_key UNIQUE (campaign_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE tour_stops (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tour_id uuid NOT NULL REFERENCES tours (id) ON DELETE CASCADE,
        day date NOT NULL,
        starts_at time NOT NULL,
        ends_at time NOT NULL,
        territory_id uuid NOT NULL REFERENCES territories (id) ON DELETE RESTRICT,
        place_name text NOT NULL DEFAULT '',
        address text NOT NULL DEFAULT '',
        latitude double precision,
        longitude double precision,
        workshop_id uuid REFERENCES workshops (id) ON DELETE SET NULL,
        notes text NOT NULL DEFAULT '',
        report text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT tour_stops_times_check CHECK (ends_at > starts_at),
        CONSTRAINT tour_stops_coordinates_check CHECK (
          (latitude IS NULL) = (longitude IS NULL)
          AND (latitude IS NULL OR (latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180))),
        CONSTRAINT tour_stops_workshop_id_key UNIQUE (workshop_id)
      )`);
    await queryRunner.query(`CREATE INDEX tour_stops_tour_id_day_idx ON tour_stops (tour_id, day)`);
    await queryRunner.query(
      `CREATE INDEX tour_stops_territory_id_idx ON tour_stops (territory_id)`,
    );
    // The day's programme: prepared meetings with local actors and open times.
    await queryRunner.query(`
      CREATE TABLE tour_stop_moments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        stop_id uuid NOT NULL REFERENCES tour_stops (id) ON DELETE CASCADE,
        position integer NOT NULL,
        kind text NOT NULL,
        starts_at time NOT NULL,
        ends_at time NOT NULL,
        title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
        actors text NOT NULL DEFAULT '',
        CONSTRAINT tour_stop_moments_kind_check CHECK (kind IN ('prepared', 'open')),
        CONSTRAINT tour_stop_moments_times_check CHECK (ends_at > starts_at),
        CONSTRAINT tour_stop_moments_position_key UNIQUE (stop_id, position)
      )`);
    await queryRunner.query(`
      CREATE TABLE initiatives (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
        description text NOT NULL DEFAULT '',
        kind text NOT NULL,
        themes text[] NOT NULL DEFAULT '{}',
        territory_id uuid NOT NULL REFERENCES territories (id) ON DELETE RESTRICT,
        public_contact text NOT NULL DEFAULT '',
        website text,
        stop_id uuid REFERENCES tour_stops (id) ON DELETE SET NULL,
        search_text text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT initiatives_kind_check CHECK (kind IN
          ('association', 'social_enterprise', 'cooperative', 'collective', 'public_actor', 'business', 'other'))
      )`);
    await queryRunner.query(`CREATE INDEX initiatives_stop_id_idx ON initiatives (stop_id)`);
    await queryRunner.query(
      `CREATE INDEX initiatives_territory_id_idx ON initiatives (territory_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX initiatives_themes_idx ON initiatives USING gin (themes)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE initiatives`);
    await queryRunner.query(`DROP TABLE tour_stop_moments`);
    await queryRunner.query(`DROP TABLE tour_stops`);
    await queryRunner.query(`DROP TABLE tours`);
  }
}
