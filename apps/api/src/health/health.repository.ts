import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { MIGRATIONS_TABLE } from '../database/data-source-options';
import { DATABASE_TARGET } from '../database/database.module';
import type { DatabaseTarget } from '../database/database-target';

/** What readiness reads of the database. */
export interface DatabaseFacts {
  version: string;
  migrations: number;
}

/**
 * The readiness check's SQL, on a connection of its own outside the application's pool: when
 * the pool is busy (a flood, a slow query), the check neither queues behind it nor makes a
 * load balancer pull an instance whose database answers. One connection is kept, made again
 * after any failure.
 */
@Injectable()
export class HealthRepository implements OnApplicationShutdown {
  private probe: Promise<Client> | null = null;

  constructor(@Inject(DATABASE_TARGET) private readonly target: DatabaseTarget) {}

  /** The server's version and how many migrations ran; rejects if the database does not answer. */
  async facts(connectTimeoutMs: number): Promise<DatabaseFacts> {
    const client = await this.connection(connectTimeoutMs);
    const { rows } = await client.query<DatabaseFacts>(
      `SELECT version() AS version, (SELECT count(*)::int FROM ${MIGRATIONS_TABLE}) AS migrations`,
    );
    return rows[0];
  }

  /** Forgets the kept connection (after a failed check, or at shutdown). */
  drop(): void {
    const probe = this.probe;
    this.probe = null;
    probe?.then(
      (client) => client.end().catch(() => undefined),
      () => undefined,
    );
  }

  onApplicationShutdown(): void {
    this.drop();
  }

  private connection(connectTimeoutMs: number): Promise<Client> {
    this.probe ??= (async () => {
      const client = new Client({
        connectionString: this.target.url,
        connectionTimeoutMillis: connectTimeoutMs,
        application_name: 'permanente-health',
      });
      client.on('error', () => this.drop());
      await client.connect();
      return client;
    })();
    return this.probe;
  }
}
