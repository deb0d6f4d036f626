import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { HealthResponse, LivenessResponse } from '@permanente/contracts';
import { Client } from 'pg';
import { MIGRATIONS_TABLE } from '../database/data-source-options';
import { DATABASE_TARGET } from '../database/database.module';
import type { DatabaseTarget } from '../database/database-target';
import { LIVE_FANOUT, type LiveFanout } from '../live/live-fanout';
import { APP_VERSION } from '../version';

const CHECK_TIMEOUT_MS = 2_000;

/**
 * Liveness (the process runs: restart it if not) and readiness (it can serve: send it
 * traffic). Readiness asks the database on a connection of its own, outside the application's
 * pool: when the pool is busy (a flood, a slow query), the check neither queues behind it nor
 * makes a load balancer pull an instance whose database answers.
 */
@Injectable()
export class HealthService implements OnApplicationShutdown {
  private probe: Promise<Client> | null = null;

  constructor(
    @Inject(DATABASE_TARGET) private readonly target: DatabaseTarget,
    @Inject(LIVE_FANOUT) private readonly fanout: LiveFanout,
  ) {}

  live(): LivenessResponse {
    return { status: 'ok', version: APP_VERSION, uptimeSeconds: Math.round(process.uptime()) };
  }

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
        this.query<{ version: string; migrations: number }>(
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
      this.dropProbe();
      return {
        ...base,
        status: 'unavailable',
        database: { reachable: false, kind: this.target.kind },
      };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.dropProbe();
  }

  /** One connection kept for the checks, made again after any failure. */
  private async query<T>(sql: string): Promise<T[]> {
    this.probe ??= (async () => {
      const client = new Client({
        connectionString: this.target.url,
        connectionTimeoutMillis: CHECK_TIMEOUT_MS,
        application_name: 'permanente-health',
      });
      client.on('error', () => this.dropProbe());
      await client.connect();
      return client;
    })();
    const client = await this.probe;
    return (await client.query(sql)).rows as T[];
  }

  private dropProbe(): void {
    const probe = this.probe;
    this.probe = null;
    probe?.then(
      (client) => client.end().catch(() => undefined),
      () => undefined,
    );
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
