import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Proposals, their provenance (ideas and workshop), answers with history, follow-ups,
 * supports, comments, and the French full-text search configuration they are searched with.
 */
export class Proposals1764547200000 implements MigrationInterface {
  name = 'Proposals1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // French search that folds accents: words are unaccented, then stemmed by the French
    // Snowball stemmer ("Mobilité", "mobilites" and "mobilités" all become "mobilit").
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await queryRunner.query(`CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french)`);
    await queryRunner.query(`
      ALTER TEXT SEARCH CONFIGURATION french_unaccent
        ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem`);

    // What a proposal is searched by: title and themes weigh more than the need and action.
    // array_to_string is only STABLE in general; on text[] it does not depend on any setting,
    // so the wrapper may be IMMUTABLE, as a generated column requires.
    await queryRunner.query(`
      CREATE FUNCTION proposal_search_vector(title text, themes text[], need text, action text)
      RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('public.french_unaccent'::regconfig, title), 'A') ||
               setweight(to_tsvector('public.french_unaccent'::regconfig, array_to_string(themes, ' ')), 'A') ||
               setweight(to_tsvector('public.french_unaccent'::regconfig, need || ' ' || action), 'B')
      $$`);

    // The decision states officials choose from, per campaign.
    await queryRunner.query(`
      ALTER TABLE campaigns ADD COLUMN answer_states text[] NOT NULL
        DEFAULT '{accepted,partly_accepted,under_study,rejected,already_existing}'
        CHECK (cardinality(answer_states) BETWEEN 1 AND 20)`);

    await queryRunner.query(`
      CREATE TABLE proposals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL REFERENCES campaigns (id),
        territory_id uuid NOT NULL REFERENCES territories (id),
        title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
        need text NOT NULL CHECK (length(btrim(need)) BETWEEN 1 AND 4000),
        action text NOT NULL CHECK (length(btrim(action)) BETWEEN 1 AND 4000),
        themes text[] NOT NULL DEFAULT '{}',
        source text NOT NULL,
        source_body text,
        authors text NOT NULL DEFAULT '',
        workshop_id uuid REFERENCES workshops (id) ON DELETE SET NULL,
        theme_id uuid REFERENCES themes (id) ON DELETE SET NULL,
        theme_name text,
        -- Set by the panels module; no foreign key so that the two modules stay independent.
        panel_id uuid,
        status text NOT NULL DEFAULT 'draft',
        supports_count integer NOT NULL DEFAULT 0,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        published_at timestamptz,
        answer_due_at timestamptz,
        answered_at timestamptz,
        search_vector tsvector GENERATED ALWAYS AS (
          proposal_search_vector(title, themes, need, action)
        ) STORED,
        CONSTRAINT proposals_source_check CHECK (source IN ('workshop', 'panel', 'participatory_body', 'public')),
        CONSTRAINT proposals_status_check CHECK (status IN ('draft', 'published', 'under_review', 'answered')),
        CONSTRAINT proposals_published_check CHECK (status = 'draft' OR (published_at IS NOT NULL AND answer_due_at IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX proposals_search_idx ON proposals USING gin (search_vector)`,
    );
    await queryRunner.query(`CREATE INDEX proposals_themes_idx ON proposals USING gin (themes)`);
    await queryRunner.query(
      `CREATE INDEX proposals_territory_idx ON proposals (territory_id, status)`,
    );
    await queryRunner.query(`CREATE INDEX proposals_campaign_idx ON proposals (campaign_id)`);
    await queryRunner.query(
      `CREATE INDEX proposals_status_due_idx ON proposals (status, answer_due_at)`,
    );
    await queryRunner.query(
      `CREATE INDEX proposals_supports_idx ON proposals (supports_count DESC, id)`,
    );
    await queryRunner.query(
      `CREATE INDEX proposals_published_idx ON proposals (published_at DESC, id)`,
    );
    await queryRunner.query(`CREATE INDEX proposals_workshop_idx ON proposals (workshop_id)`);
    await queryRunner.query(`CREATE INDEX proposals_panel_idx ON proposals (panel_id)`);

    // Provenance: the ideas a proposal was built from.
    await queryRunner.query(`
      CREATE TABLE proposal_ideas (
        proposal_id uuid NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
        idea_id uuid NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
        PRIMARY KEY (proposal_id, idea_id)
      )`);
    await queryRunner.query(`CREATE INDEX proposal_ideas_idea_idx ON proposal_ideas (idea_id)`);

    // Every answer version is kept; the highest version is the current answer.
    await queryRunner.query(`
      CREATE TABLE proposal_answers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
        version integer NOT NULL CHECK (version > 0),
        state text NOT NULL,
        reasons text NOT NULL CHECK (length(btrim(reasons)) BETWEEN 1 AND 4000),
        official_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        official_name text NOT NULL,
        official_office text,
        answered_at timestamptz NOT NULL,
        CONSTRAINT proposal_answers_version_key UNIQUE (proposal_id, version)
      )`);

    await queryRunner.query(`
      CREATE TABLE proposal_follow_ups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
        progress integer NOT NULL CHECK (progress BETWEEN 0 AND 100),
        text text NOT NULL CHECK (length(btrim(text)) BETWEEN 1 AND 2000),
        author_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        author_name text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX proposal_follow_ups_proposal_idx ON proposal_follow_ups (proposal_id, created_at)`,
    );

    // Public supporters: a pseudonymous identity with no personal data, created at a
    // rate-limited route; only the token's SHA-256 is kept.
    await queryRunner.query(`
      CREATE TABLE public_supporters (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL
      )`);

    // One support per identity: 'participant:<id>', 'staff:<id>' or 'public:<id>'.
    await queryRunner.query(`
      CREATE TABLE proposal_supports (
        proposal_id uuid NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
        supporter_key text NOT NULL,
        supporter_kind text NOT NULL CHECK (supporter_kind IN ('participant', 'staff', 'public')),
        created_at timestamptz NOT NULL,
        PRIMARY KEY (proposal_id, supporter_key)
      )`);
    await queryRunner.query(
      `CREATE INDEX proposal_supports_supporter_idx ON proposal_supports (supporter_key)`,
    );
    // Followers without support (notifications when answered).
    await queryRunner.query(`
      CREATE TABLE proposal_followers (
        proposal_id uuid NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
        follower_key text NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (proposal_id, follower_key)
      )`);
    await queryRunner.query(
      `CREATE INDEX proposal_followers_follower_idx ON proposal_followers (follower_key)`,
    );

    await queryRunner.query(`
      CREATE TABLE proposal_comments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
        author_key text NOT NULL,
        author_label text NOT NULL,
        text text NOT NULL CHECK (length(btrim(text)) BETWEEN 1 AND 1000),
        created_at timestamptz NOT NULL,
        hidden_at timestamptz,
        hidden_by uuid REFERENCES users (id) ON DELETE SET NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX proposal_comments_proposal_idx ON proposal_comments (proposal_id, created_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE proposal_comment_reports (
        comment_id uuid NOT NULL REFERENCES proposal_comments (id) ON DELETE CASCADE,
        reporter_key text NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (comment_id, reporter_key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'proposal_comment_reports',
      'proposal_comments',
      'proposal_followers',
      'proposal_supports',
      'public_supporters',
      'proposal_follow_ups',
      'proposal_answers',
      'proposal_ideas',
      'proposals',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
    await queryRunner.query(`ALTER TABLE campaigns DROP COLUMN answer_states`);
    await queryRunner.query(`DROP FUNCTION proposal_search_vector(text, text[], text, text)`);
    await queryRunner.query(`DROP TEXT SEARCH CONFIGURATION french_unaccent`);
  }
}
