import { MigrationInterface, QueryRunner } from 'typeorm';

export class IdentityAndAccess1764288000000 implements MigrationInterface {
  name = 'IdentityAndAccess1764288000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        roles text[] NOT NULL,
        office text,
        disabled_at timestamptz,
        password_changed_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_email_check CHECK (email = lower(email) AND position('@' IN email) > 1),
        CONSTRAINT users_roles_check CHECK (
          cardinality(roles) > 0 AND roles <@ ARRAY['organiser', 'facilitator', 'official']::text[]
        )
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX users_email_key ON users (email)`);
    await queryRunner.query(`
      CREATE TABLE user_territory_scopes (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        territory_id uuid NOT NULL REFERENCES territories (id) ON DELETE RESTRICT,
        PRIMARY KEY (user_id, territory_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        CONSTRAINT sessions_token_hash_key UNIQUE (token_hash)
      )`);
    await queryRunner.query(`CREATE INDEX sessions_user_id_idx ON sessions (user_id)`);
    await queryRunner.query(`
      CREATE TABLE audit_log (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        action text NOT NULL,
        target_type text NOT NULL,
        target_id uuid,
        details jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await queryRunner.query(`CREATE INDEX audit_log_at_idx ON audit_log (at DESC)`);
    await queryRunner.query(
      `CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE workshops (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL,
        title text NOT NULL,
        kind text NOT NULL DEFAULT 'fabrik',
        status text NOT NULL DEFAULT 'draft',
        territory_id uuid NOT NULL REFERENCES territories (id) ON DELETE RESTRICT,
        place text,
        starts_at timestamptz,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT workshops_code_key UNIQUE (code),
        CONSTRAINT workshops_kind_check CHECK (kind IN ('fabrik', 'panel_session')),
        CONSTRAINT workshops_status_check CHECK (status IN ('draft', 'scheduled', 'live', 'closed'))
      )`);
    await queryRunner.query(`CREATE INDEX workshops_territory_id_idx ON workshops (territory_id)`);
    await queryRunner.query(`
      CREATE TABLE participants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workshop_id uuid NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
        token_hash text NOT NULL,
        display_name text,
        profile jsonb NOT NULL DEFAULT '{}'::jsonb,
        profile_consent_at timestamptz,
        joined_at timestamptz NOT NULL DEFAULT now(),
        erased_at timestamptz,
        CONSTRAINT participants_token_hash_key UNIQUE (token_hash)
      )`);
    await queryRunner.query(
      `CREATE INDEX participants_workshop_id_idx ON participants (workshop_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'participants',
      'workshops',
      'audit_log',
      'sessions',
      'user_territory_scopes',
      'users',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
