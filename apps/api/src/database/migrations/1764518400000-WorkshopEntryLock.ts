import { MigrationInterface, QueryRunner } from 'typeorm';

/** The facilitator may close a running workshop's door: no new phone joins, those in stay. */
export class WorkshopEntryLock1764518400000 implements MigrationInterface {
  name = 'WorkshopEntryLock1764518400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE workshops ADD COLUMN entry_locked boolean NOT NULL DEFAULT false`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE workshops DROP COLUMN entry_locked`);
  }
}
