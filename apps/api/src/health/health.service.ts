import { Inject, Injectable } from '@nestjs/common';
import type { HealthResponse, LivenessResponse } from '@permanente/contracts';
import { DATABASE_TARGET } from '../database/database.module';
import type { DatabaseTarget } from '../database/database-target';
import { LIVE_FANOUT, type LiveFanout } from '../live/live-fanout';
import { APP_VERSION } from '../version';
import { HealthRepository } from './health.repository';

const CHECK_TIMEOUT_MS = 2_000;

/**
 * Liveness (the process runs: restart it if not) and readiness (it can serve: send it
 * traffic). Readiness asks the database through HealthRepository's own connection, within
 * CHECK_TIMEOUT_MS.
 */
@Injectable()
export class HealthService {
  constructor(
    @Inject(DATABASE_TARGET) private readonly target: DatabaseTarget,
    @Inject(LIVE_FANOUT) private readonly fanout: LiveFanout,
    private readonly database: HealthRepository,
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
      const { version, migrations } = await withTimeout(
        this.database.facts(CHECK_TIMEOUT_MS),
        CHECK_TIMEOUT_MS,
      );
      return {
        ...base,
        status: 'ok',
        database: { reachable: true, kind: this.target.kind, serverVersion: version, migrations },
      };
    } catch {
      this.database.drop();
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
