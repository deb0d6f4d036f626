import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Replacement draws become durable jobs too (a replacement for a dozen decliners in a pool of
 * 5,000 takes tens of seconds): a job says which kind of draw it computes.
 */
export class PanelReplacementJobs1764910000000 implements MigrationInterface {
  name = 'PanelReplacementJobs1764910000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE panel_draw_jobs ADD COLUMN kind text NOT NULL DEFAULT 'initial'
        CHECK (kind IN ('initial', 'replacement'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE panel_draw_jobs DROP COLUMN kind`);
  }
}
