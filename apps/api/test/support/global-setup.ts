import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { startEmbeddedDatabase } from '../../src/database/embedded-database';

/**
 * Gives the integration tests a real database of their own, migrated once:
 * - with DATABASE_URL, a fresh database on that server, dropped at the end (the database
 *   DATABASE_URL names is never written to);
 * - without it, an in-memory embedded PGlite served on a loopback port.
 * The tests read TEST_DATABASE_URL and TEST_DATABASE_KIND.
 */
export default async function globalSetup(): Promise<void> {
  const base = process.env['DATABASE_URL'];
  const state = globalThis as { __testDatabaseCleanup?: () => Promise<void> };
  if (base) {
    const name = `permanente_test_${process.pid}_${Date.now()}`;
    const admin = new Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    process.env['TEST_DATABASE_URL'] = url.toString();
    process.env['TEST_DATABASE_KIND'] = 'postgres';
    state.__testDatabaseCleanup = async () => {
      const client = new Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    };
  } else {
    const embedded = await startEmbeddedDatabase({ dataDir: null, maxConnections: 40 });
    process.env['TEST_DATABASE_URL'] = embedded.url;
    process.env['TEST_DATABASE_KIND'] = 'embedded';
    state.__testDatabaseCleanup = () => embedded.close();
  }
  process.stdout.write(
    `\nIntegration tests against ${base ? 'the PostgreSQL server of DATABASE_URL (fresh database)' : 'an embedded PGlite (in memory)'}\n`,
  );
  const dataSource = new DataSource(buildDataSourceOptions(process.env['TEST_DATABASE_URL']!, 1));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
}
