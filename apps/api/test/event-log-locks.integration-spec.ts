import { WorkshopEventLog } from '../src/live/workshop-event-log.service';
import { WorkshopsService } from '../src/workshops/workshops.service';
import { eventually } from './support/live-client';
import { resetDatabase, startTestApp, TestApp } from './support/test-app';

/**
 * The fuzz test's live part once failed with "deadlock detected" when a facilitator opened
 * an activity while a timed tally was being written. Found there, pinned down here.
 */
describe('workshop event log: lock order (integration)', () => {
  let t: TestApp;
  let workshopId: string;

  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.dataSource);
    const [territory] = await t.dataSource.query(
      `INSERT INTO territories (code, name, level) VALUES ('bv-l', 'Lieu', 'bassin_de_vie') RETURNING id`,
    );
    workshopId = (
      await t.app.get(WorkshopsService).create(null, { title: 'Fabrik', territoryId: territory.id })
    ).id;
  });

  afterAll(() => t.close());

  // Two transactions at once need two connections: PGlite serves one transaction at a time,
  // where this interleaving cannot happen.
  const concurrent = process.env['TEST_DATABASE_KIND'] === 'postgres' ? it : it.skip;

  concurrent(
    'an event appended while a change holds the workshop waits for it, instead of deadlocking (PostgreSQL only)',
    async () => {
      const log = t.app.get(WorkshopEventLog);
      // A facilitator's change: the workshop row first, as AgendaService.change takes it.
      const change = t.dataSource.createQueryRunner();
      await change.connect();
      await change.startTransaction();
      try {
        await change.query(`SELECT id FROM workshops WHERE id = $1 FOR UPDATE`, [workshopId]);
        // A timed tally on another connection meanwhile.
        const tally = t.dataSource.transaction((manager) =>
          log.append(manager, workshopId, 'workshop.entry', { locked: false }),
        );
        const waiting = async () =>
          Number(
            (
              await t.dataSource.query(
                `SELECT count(*) AS n FROM pg_stat_activity
                 WHERE datname = current_database() AND wait_event_type = 'Lock'
                   AND query LIKE '%INSERT INTO workshop_%'`,
              )
            )[0].n,
          );
        let blocked = 0;
        await eventually(
          () => {
            void waiting().then((n) => (blocked = n));
            return blocked >= 1;
          },
          10_000,
          'the tally to wait for the change',
        );
        // The change appends its own event, then commits; the tally follows it.
        const own = await log.append(change.manager, workshopId, 'workshop.entry', {
          locked: true,
        });
        await change.commitTransaction();
        const later = await tally;
        expect([own.seq, later.seq]).toEqual([own.seq, own.seq + 1]);
      } finally {
        if (change.isTransactionActive) await change.rollbackTransaction();
        await change.release();
      }
    },
  );
});
