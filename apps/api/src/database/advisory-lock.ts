import { DataSource } from 'typeorm';

/**
 * Runs `work` while holding a PostgreSQL session-level advisory lock named `name`, so that
 * several API instances starting together migrate (or seed) one after the other instead of
 * racing. The lock is held on a connection of its own while `work` uses the pool. A pool of
 * one connection (the embedded database: one process, one session) cannot spare that
 * connection and has no other instance to race with, so there `work` just runs.
 */
export async function withAdvisoryLock<T>(
  dataSource: DataSource,
  name: string,
  work: () => Promise<T>,
): Promise<T> {
  const poolSize = (dataSource.options as { extra?: { max?: number } }).extra?.max ?? 10;
  if (poolSize <= 1) return work();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query(`SELECT pg_advisory_lock(hashtext($1))`, [name]);
    try {
      return await work();
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [name]).catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}

export const MIGRATIONS_LOCK = 'permanente:migrations';
export const DEMO_SEED_LOCK = 'permanente:demo-seed';
