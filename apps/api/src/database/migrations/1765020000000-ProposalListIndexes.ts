import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The proposals' lists at a million rows (docs/proposals.md, "Search at scale"): each sort is
 * a key of non-null columns in one direction, id last, so that keyset pagination (a page
 * starts after the previous one's last row) is one row comparison an index serves as a
 * range. Drafts have no publication or due date: `coalesce(..., 'infinity')` puts them last
 * in ascending order and first in descending, as `NULLS LAST` / `NULLS FIRST` did.
 */
export class ProposalListIndexes1765020000000 implements MigrationInterface {
  name = 'ProposalListIndexes1765020000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Replaced: the ties now go by id in the sort's direction.
    await queryRunner.query(`DROP INDEX proposals_supports_idx`);
    await queryRunner.query(`DROP INDEX proposals_published_idx`);
    await queryRunner.query(
      `CREATE INDEX proposals_supports_idx ON proposals (supports_count DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX proposals_recent_idx ON proposals ((coalesce(published_at, 'infinity'::timestamptz)) DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX proposals_oldest_idx ON proposals ((coalesce(published_at, 'infinity'::timestamptz)), created_at, id)`,
    );
    await queryRunner.query(
      `CREATE INDEX proposals_due_idx ON proposals ((coalesce(answer_due_at, 'infinity'::timestamptz)), id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX proposals_due_idx`);
    await queryRunner.query(`DROP INDEX proposals_oldest_idx`);
    await queryRunner.query(`DROP INDEX proposals_recent_idx`);
    await queryRunner.query(`DROP INDEX proposals_supports_idx`);
    await queryRunner.query(
      `CREATE INDEX proposals_supports_idx ON proposals (supports_count DESC, id)`,
    );
    await queryRunner.query(
      `CREATE INDEX proposals_published_idx ON proposals (published_at DESC, id)`,
    );
  }
}
