import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { HealthResponse } from '@permanente/contracts';
import { DataSource } from 'typeorm';
import { MIGRATIONS_TABLE } from '../database/data-source-options';
import { DATABASE_TARGET } from '../database/database.module';
import type { DatabaseTarget } from '../database/database-target';
import { LIVE_FANOUT, type LiveFanout } from '../live/live-fanout';
import { APP_VERSION } from '../version';

const CHECK_TIMEOUT_MS = 2_000;

@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DATABASE_TARGET) private readonly target: DatabaseTarget,
    @Inject(LIVE_FANOUT) private readonly fanout: LiveFanout,
  ) {}

  async check(): Promise<HealthResponse> {
    const base = {
      version: APP_VERSION,
      uptimeSeconds: Math.round(process.uptime()),
      liveFanout:
        this.fanout.mode === 'redis'
          ? { mode: 'redis' as const, reachable: this.fanout.reachable() }
          : { mode: 'memory' as const },
    };
    try {
      const [{ version, migrations }] = await withTimeout(
        this.dataSource.query(
          `SELECT version() AS version, (SELECT count(*)::int FROM ${MIGRATIONS_TABLE}) AS migrations`,
        ),
        CHECK_TIMEOUT_MS,
      );
      return {
        ...base,
        status: 'ok',
        database: { reachable: true, kind: this.target.kind, serverVersion: version, migrations },
      };
    } catch {
      return {
        ...base,
        status: 'unavailable',
        database: { reachable: false, kind: this.target.kind },
      };
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
