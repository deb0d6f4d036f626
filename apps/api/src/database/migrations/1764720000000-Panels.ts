import { MigrationInterface, QueryRunner } from 'typeorm';

export class Panels1764720000000 implements MigrationInterface {
  name = 'Panels1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE panels (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE RESTRICT,
        territory_id uuid NOT NULL REFERENCES territories (id) ON DELETE RESTRICT,
        title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
        description text NOT NULL DEFAULT '',
        drawn_seats integer NOT NULL CHECK (drawn_seats BETWEEN 0 AND 1000),
        organisation_seats integer NOT NULL CHECK (organisation_seats BETWEEN 0 AND 1000),
        elected_seats integer NOT NULL CHECK (elected_seats BETWEEN 0 AND 1000),
        features jsonb NOT NULL DEFAULT '[]',
        call_open boolean NOT NULL DEFAULT true,
        retention_until date NOT NULL,
        announced_seed text,
        fairness text NOT NULL DEFAULT 'leximin' CHECK (fairness IN ('leximin', 'maximin')),
        pool_erased_at timestamptz,
        next_volunteer_number integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT panels_campaign_territory_key UNIQUE (campaign_id, territory_id),
        CONSTRAINT panels_size_check CHECK (drawn_seats + organisation_seats + elected_seats > 0)
      )`);
    await queryRunner.query(`CREATE INDEX panels_territory_id_idx ON panels (territory_id)`);

    // The pool. Contact columns are nulled by erasure; the anonymous features stay.
    await queryRunner.query(`
      CREATE TABLE panel_volunteers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        panel_id uuid NOT NULL REFERENCES panels (id) ON DELETE CASCADE,
        public_id text NOT NULL,
        features jsonb NOT NULL,
        name text,
        email text,
        phone text,
        source text NOT NULL CHECK (source IN ('form', 'import')),
        consent_at timestamptz NOT NULL,
        erased_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT panel_volunteers_public_id_key UNIQUE (panel_id, public_id)
      )`);

    await queryRunner.query(`
      CREATE TABLE panel_quotas (
        panel_id uuid NOT NULL REFERENCES panels (id) ON DELETE CASCADE,
        feature text NOT NULL,
        value text NOT NULL,
        min integer NOT NULL CHECK (min >= 0),
        max integer NOT NULL,
        PRIMARY KEY (panel_id, feature, value),
        CONSTRAINT panel_quotas_bounds_check CHECK (max >= min)
      )`);

    // Every draw with what an auditor needs: seed, anonymous pool snapshot, quotas, versions,
    // digests, the result and every volunteer's probability.
    await queryRunner.query(`
      CREATE TABLE panel_draws (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        panel_id uuid NOT NULL REFERENCES panels (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('initial', 'replacement')),
        seed text NOT NULL,
        fairness text NOT NULL CHECK (fairness IN ('leximin', 'maximin')),
        algorithm_version text NOT NULL,
        solver_version text NOT NULL,
        instance_digest text NOT NULL,
        distribution_digest text NOT NULL,
        panel_size integer NOT NULL,
        pool_snapshot jsonb NOT NULL,
        quotas jsonb NOT NULL,
        confirmed jsonb NOT NULL DEFAULT '[]',
        excluded jsonb NOT NULL DEFAULT '[]',
        ticket bigint NOT NULL,
        panel jsonb NOT NULL,
        drawn jsonb NOT NULL,
        probabilities jsonb NOT NULL,
        minimum_probability double precision NOT NULL,
        elapsed_ms integer NOT NULL,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        cancelled_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX panel_draws_panel_id_idx ON panel_draws (panel_id)`);
    // One active initial draw per panel: a second one is a conflict until the first is cancelled.
    await queryRunner.query(`
      CREATE UNIQUE INDEX panel_draws_one_active_key ON panel_draws (panel_id)
        WHERE kind = 'initial' AND cancelled_at IS NULL`);

    await queryRunner.query(`
      CREATE TABLE panel_lotteries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        panel_id uuid NOT NULL REFERENCES panels (id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (length(btrim(purpose)) BETWEEN 1 AND 200),
        names jsonb NOT NULL,
        count integer NOT NULL CHECK (count >= 0),
        seed text NOT NULL,
        list_digest text NOT NULL,
        algorithm_version text NOT NULL,
        drawn jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX panel_lotteries_panel_id_idx ON panel_lotteries (panel_id)`,
    );

    await queryRunner.query(`
      CREATE TABLE panel_members (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        panel_id uuid NOT NULL REFERENCES panels (id) ON DELETE CASCADE,
        category text NOT NULL CHECK (category IN ('drawn', 'organisation', 'elected')),
        volunteer_id uuid REFERENCES panel_volunteers (id) ON DELETE SET NULL,
        draw_id uuid REFERENCES panel_draws (id) ON DELETE CASCADE,
        name text,
        email text,
        phone text,
        appointed_by text,
        status text NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'accepted', 'declined')),
        invitation_token_hash text,
        responded_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT panel_members_token_key UNIQUE (invitation_token_hash)
      )`);
    await queryRunner.query(`CREATE INDEX panel_members_panel_id_idx ON panel_members (panel_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE panel_members`);
    await queryRunner.query(`DROP TABLE panel_lotteries`);
    await queryRunner.query(`DROP TABLE panel_draws`);
    await queryRunner.query(`DROP TABLE panel_quotas`);
    await queryRunner.query(`DROP TABLE panel_volunteers`);
    await queryRunner.query(`DROP TABLE panels`);
  }
}
