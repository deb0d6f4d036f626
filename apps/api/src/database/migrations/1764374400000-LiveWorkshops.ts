import { MigrationInterface, QueryRunner } from 'typeorm';

export class LiveWorkshops1764374400000 implements MigrationInterface {
  name = 'LiveWorkshops1764374400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE activities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workshop_id uuid NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
        position integer NOT NULL,
        kind text NOT NULL,
        prompt text NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        categories text[] NOT NULL DEFAULT '{}',
        dots integer,
        options text[] NOT NULL DEFAULT '{}',
        multiple boolean NOT NULL DEFAULT false,
        timer_ends_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT activities_kind_check CHECK (kind IN ('idea_board', 'clustering', 'dot_vote', 'spectrum', 'poll')),
        CONSTRAINT activities_status_check CHECK (status IN ('pending', 'open', 'closed')),
        CONSTRAINT activities_position_key UNIQUE (workshop_id, position)
      )`);
    // One counter row per workshop: the UPDATE that allocates a seq locks it, so events of a
    // workshop are numbered without gaps, in commit order.
    await queryRunner.query(`
      CREATE TABLE workshop_sequences (
        workshop_id uuid PRIMARY KEY REFERENCES workshops (id) ON DELETE CASCADE,
        last_seq bigint NOT NULL DEFAULT 0
      )`);
    await queryRunner.query(`
      INSERT INTO workshop_sequences (workshop_id) SELECT id FROM workshops`);
    await queryRunner.query(`
      CREATE TABLE workshop_events (
        workshop_id uuid NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        type text NOT NULL,
        data jsonb NOT NULL,
        subject_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workshop_id, seq)
      )`);
    // Themes a facilitator groups ideas into (clustering), in the order shown.
    await queryRunner.query(`
      CREATE TABLE themes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workshop_id uuid NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
        position integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX themes_workshop_id_idx ON themes (workshop_id)`);
    await queryRunner.query(`
      CREATE TABLE ideas (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workshop_id uuid NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
        activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
        participant_id uuid REFERENCES participants (id) ON DELETE SET NULL,
        entered_by uuid REFERENCES users (id) ON DELETE SET NULL,
        client_id uuid NOT NULL,
        text text NOT NULL,
        category text,
        origin text NOT NULL,
        theme_id uuid REFERENCES themes (id) ON DELETE SET NULL,
        duplicate_of uuid REFERENCES ideas (id) ON DELETE SET NULL,
        hidden_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ideas_client_id_key UNIQUE (workshop_id, client_id),
        CONSTRAINT ideas_origin_check CHECK (origin IN ('phone', 'paper')),
        CONSTRAINT ideas_text_check CHECK (length(btrim(text)) BETWEEN 1 AND 280)
      )`);
    await queryRunner.query(`CREATE INDEX ideas_activity_id_idx ON ideas (activity_id)`);
    // A participant's current choices in votes, spectrums and polls (it may change them
    // while the activity is open); every change is also an event of the log.
    await queryRunner.query(`
      CREATE TABLE dot_votes (
        activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
        participant_id uuid NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
        idea_id uuid NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
        dots integer NOT NULL CHECK (dots > 0),
        PRIMARY KEY (activity_id, participant_id, idea_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE spectrum_positions (
        activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
        participant_id uuid NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
        position integer NOT NULL CHECK (position BETWEEN 1 AND 5),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (activity_id, participant_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE poll_answers (
        activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
        participant_id uuid NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
        choices integer[] NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (activity_id, participant_id)
      )`);
    // The first result of each client operation (vote, position, answer), for idempotent retries.
    await queryRunner.query(`
      CREATE TABLE live_operations (
        workshop_id uuid NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
        client_id uuid NOT NULL,
        participant_id uuid NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
        result jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workshop_id, client_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'live_operations',
      'poll_answers',
      'spectrum_positions',
      'dot_votes',
      'ideas',
      'themes',
      'workshop_events',
      'workshop_sequences',
      'activities',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
