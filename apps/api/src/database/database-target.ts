import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import type { DatabaseKind } from '@permanente/contracts';
import { AppConfig, redactUrl } from '../config/app-config';
import { startEmbeddedDatabase } from './embedded-database';

/** The database the API talks to, whichever kind it is. */
export interface DatabaseTarget {
  kind: DatabaseKind;
  url: string;
  /** What to show people: the redacted URL or the embedded data folder. */
  description: string;
  /**
   * The most connections the pool may open. The embedded database takes one: PGlite is a
   * single session, and concurrent connections through pglite-socket can interleave their
   * extended-protocol messages ("unnamed prepared statement does not exist").
   */
  maxPoolSize?: number;
  close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnavailableError';
  }
}

const PROBE_DEADLINE_MS = 10_000;
const PROBE_CONNECT_TIMEOUT_MS = 3_000;
const PROBE_RETRY_DELAY_MS = 1_000;

/**
 * Checks that a PostgreSQL server answers, retrying briefly (a database that starts at the
 * same time as the API), and fails with one line naming the database well within 15 s.
 */
export async function probeDatabase(url: string, deadlineMs = PROBE_DEADLINE_MS): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  let lastError: unknown;
  do {
    const client = new Client({
      connectionString: url,
      connectionTimeoutMillis: PROBE_CONNECT_TIMEOUT_MS,
    });
    // An error after connect (server going away) must not crash the process.
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (error) {
      lastError = error;
      await client.end().catch(() => undefined);
    }
    if (Date.now() + PROBE_RETRY_DELAY_MS >= deadline) break;
    await new Promise((done) => setTimeout(done, PROBE_RETRY_DELAY_MS));
  } while (Date.now() < deadline);
  const reason =
    lastError instanceof Error ? lastError.message || lastError.name : String(lastError);
  throw new DatabaseUnavailableError(
    `Cannot reach the database at ${redactUrl(url)} (DATABASE_URL): ${reason.split('\n')[0]}`,
  );
}

/** Starts the embedded database or checks the configured one. */
export async function openDatabaseTarget(
  config: AppConfig,
  logger = new Logger('Database'),
): Promise<DatabaseTarget> {
  if (config.databaseUrl) {
    await probeDatabase(config.databaseUrl);
    const description = redactUrl(config.databaseUrl);
    logger.log(`Using PostgreSQL at ${description}`);
    return { kind: 'postgres', url: config.databaseUrl, description, close: async () => undefined };
  }
  const started = Date.now();
  const embedded = await startEmbeddedDatabase({
    dataDir: config.dataDir,
    // Room for the pool plus the health check and command-line tools.
    maxConnections: config.databasePoolSize + 5,
  });
  logger.log(
    `Using the embedded PostgreSQL (PGlite) in ${config.dataDir}, started in ${Date.now() - started} ms`,
  );
  return {
    kind: 'embedded',
    url: embedded.url,
    description: `embedded (${config.dataDir})`,
    maxPoolSize: 1,
    close: () => embedded.close(),
  };
}
