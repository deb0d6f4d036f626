import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DatabaseKind } from '@permanente/contracts';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import type { Clock } from '../../src/common/clock';
import { createApp } from '../../src/create-app';
import { MIGRATIONS_TABLE } from '../../src/database/data-source-options';
import type { DatabaseTarget } from '../../src/database/database-target';
import { AnswerRecorder } from './openapi-responses';

export interface TestApp {
  app: NestExpressApplication;
  http: () => ReturnType<typeof request>;
  dataSource: DataSource;
  config: AppConfig;
  close(): Promise<void>;
  /** Listens on a loopback port (0: any free one); returns the base URL. */
  listen(port?: number): Promise<string>;
}

export function testDatabaseTarget(): DatabaseTarget {
  const url = process.env['TEST_DATABASE_URL'];
  if (!url)
    throw new Error(
      'TEST_DATABASE_URL is not set: run the integration tests through their Jest project',
    );
  const kind = process.env['TEST_DATABASE_KIND'] as DatabaseKind;
  return {
    kind,
    url,
    description: `test ${kind}`,
    maxPoolSize: kind === 'embedded' ? 1 : undefined,
    close: async () => undefined,
  };
}

/** The real application (same createApp as production) on the test database. */
export async function startTestApp(
  overrides: Partial<AppConfig> = {},
  target = testDatabaseTarget(),
  clock?: Clock,
): Promise<TestApp> {
  const config: AppConfig = {
    ...loadConfig({ NODE_ENV: 'test' }),
    databaseUrl: target.kind === 'postgres' ? target.url : null,
    demoData: false,
    webRoot: null,
    databasePoolSize: 5,
    // The mail worker's timer (reminders, sending) stays out of tests unless one asks for it:
    // mail tests drive it (MailWorker.tick / sendDue) or pass a short MAIL_POLL_MS.
    mailPollMs: 3_600_000,
    ...overrides,
  };
  const app = await createApp(config, target, {
    // TEST_LOG=1 shows the server's logs (errors included) while debugging a test.
    logger: process.env['TEST_LOG'] ? undefined : false,
    clock,
  });
  const dataSource = app.get(DataSource);
  // Every answer of the test, checked on close against the route's documented one.
  const answers = new AnswerRecorder();
  return {
    app,
    config,
    dataSource,
    http: () => answers.watch(request(app.getHttpServer())),
    close: async () => {
      const mismatches = await answers.mismatches(request(app.getHttpServer()));
      await app.close();
      if (mismatches.length > 0)
        throw new Error(`answers unlike their OpenAPI document:\n${mismatches.join('\n')}`);
    },
    listen: async (port = 0) => {
      await app.listen(port, '127.0.0.1');
      const address = app.getHttpServer().address() as { port: number };
      return `http://127.0.0.1:${address.port}`;
    },
  };
}

/** Empties every table but the migrations' record, so each test file starts clean. */
export async function resetDatabase(dataSource: DataSource): Promise<void> {
  const tables: Array<{ tablename: string }> = await dataSource.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> $1`,
    [MIGRATIONS_TABLE],
  );
  if (tables.length === 0) return;
  await dataSource.query(
    `TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`,
  );
}
