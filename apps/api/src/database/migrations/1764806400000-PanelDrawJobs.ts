import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Draws as durable jobs (a draw survives a restart of the API and is resumed), the published
 * distribution of every draw, the volunteers no panel can include, and what pool hygiene needs
 * (birth years, to find the same person twice).
 */
export class PanelDrawJobs1764806400000 implements MigrationInterface {
  name = 'PanelDrawJobs1764806400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE panel_draw_jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        panel_id uuid NOT NULL REFERENCES panels (id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'queued'
          CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
        seed text NOT NULL,
        fairness text NOT NULL CHECK (fairness IN ('leximin', 'maximin')),
        progress jsonb,
        error jsonb,
        draw_id uuid REFERENCES panel_draws (id) ON DELETE SET NULL,
        attempts integer NOT NULL DEFAULT 0,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        heartbeat_at timestamptz,
        finished_at timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX panel_draw_jobs_panel_id_idx ON panel_draw_jobs (panel_id, created_at)`,
    );
    // One draw per panel at a time: a second one is a conflict while the first is unfinished.
    await queryRunner.query(`
      CREATE UNIQUE INDEX panel_draw_jobs_one_active_key ON panel_draw_jobs (panel_id)
        WHERE status IN ('queued', 'running')`);
    await queryRunner.query(`
      CREATE INDEX panel_draw_jobs_pending_idx ON panel_draw_jobs (created_at)
        WHERE status IN ('queued', 'running')`);
    await queryRunner.query(`ALTER TABLE panel_draws ADD COLUMN distribution jsonb`);
    await queryRunner.query(
      `ALTER TABLE panel_draws ADD COLUMN unselectable jsonb NOT NULL DEFAULT '[]'`,
    );
    await queryRunner.query(`ALTER TABLE panel_volunteers ADD COLUMN birth_year integer`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE panel_volunteers DROP COLUMN birth_year`);
    await queryRunner.query(`ALTER TABLE panel_draws DROP COLUMN unselectable`);
    await queryRunner.query(`ALTER TABLE panel_draws DROP COLUMN distribution`);
    await queryRunner.query(`DROP TABLE panel_draw_jobs`);
  }
}
