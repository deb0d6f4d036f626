// The vote path without the fan-out: the real ChoicesService on the bench's database, called
// from this process for many participants at once, with the API's default pool of 10
// connections. What it gives is the ceiling of durable votes/s that the database and the
// per-workshop event lock allow, to set beside the figure with every phone in the room.
import './register-paths';
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RateLimiter } from '../../src/common/rate-limiter';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { ChoicesRepository } from '../../src/live/choices.repository';
import { ChoicesService, TALLY_INTERVAL_MS } from '../../src/live/choices.service';
import { DomainError } from '../../src/common/domain-error';
import { WorkshopEventLog } from '../../src/live/workshop-event-log.service';
import { WorkshopEventLogRepository } from '../../src/live/workshop-event-log.repository';

export interface VoteCapacity {
  votes: number;
  failed: number;
  perSecond: number;
  ackP50: number;
  ackP99: number;
  errors: Record<string, number>;
}

export async function measureVoteCapacity(options: {
  databaseUrl: string;
  workshopId: string;
  activityId: string;
  votes: number;
  dots: number;
  poolSize: number;
  percentile(values: number[], p: number): number;
}): Promise<VoteCapacity> {
  const dataSource = new DataSource(buildDataSourceOptions(options.databaseUrl, options.poolSize));
  await dataSource.initialize();
  try {
    const choices = new ChoicesService(
      dataSource,
      new WorkshopEventLog(new WorkshopEventLogRepository(dataSource)),
      new RateLimiter(),
      new ChoicesRepository(),
    );
    const participants: Array<{ id: string }> = await dataSource.query(
      `SELECT id FROM participants WHERE workshop_id = $1 ORDER BY id LIMIT $2`,
      [options.workshopId, options.votes],
    );
    const ideaIds = (
      await dataSource.query(`SELECT id FROM ideas WHERE workshop_id = $1 ORDER BY id LIMIT 10`, [
        options.workshopId,
      ])
    ).map((row: { id: string }) => row.id);
    const now = () => performance.timeOrigin + performance.now();
    const times: number[] = [];
    const errors: Record<string, number> = {};
    let first = Infinity;
    let last = 0;
    await Promise.all(
      participants.map(async ({ id }) => {
        const pool = [...ideaIds];
        const dots: Record<string, number> = {};
        for (let d = 0; d < options.dots && pool.length > 0; d += 1)
          dots[pool.splice(Math.floor(Math.random() * pool.length), 1)[0]] = 1;
        const t0 = now();
        first = Math.min(first, t0);
        try {
          await choices.setDots(
            { kind: 'participant', participantId: id, workshopId: options.workshopId },
            { clientId: randomUUID(), activityId: options.activityId, dots },
          );
          const t1 = now();
          times.push(t1 - t0);
          last = Math.max(last, t1);
        } catch (error) {
          const code =
            error instanceof DomainError
              ? error.code
              : `unavailable (${String(error instanceof Error ? error.message : error).slice(0, 80)})`;
          errors[code] = (errors[code] ?? 0) + 1;
        }
      }),
    );
    return {
      votes: times.length,
      failed: participants.length - times.length,
      perSecond: times.length > 0 ? times.length / ((last - first) / 1000) : 0,
      ackP50: options.percentile(times, 50),
      ackP99: options.percentile(times, 99),
      errors,
    };
  } finally {
    // The service appends the room's tally TALLY_INTERVAL_MS after the last vote: let it.
    await new Promise((done) => setTimeout(done, TALLY_INTERVAL_MS * 3));
    await dataSource.destroy();
  }
}
