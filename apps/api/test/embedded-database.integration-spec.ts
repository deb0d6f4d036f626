import type { TerritoryTreeNode } from '@permanente/contracts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/app-config';
import {
  DatabaseUnavailableError,
  openDatabaseTarget,
  probeDatabase,
} from '../src/database/database-target';
import { startTestApp } from './support/test-app';

// These tests start their own embedded databases, whatever DATABASE_URL says: the embedded
// default is what a fresh machine runs, so it is proven on every run.
describe('embedded database (integration)', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'permanente-pglite-'));
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps the data across a restart, and loads the demo data only once', async () => {
    const config = { ...loadConfig({ DATA_DIR: dataDir, WEB_ROOT: 'none' }), databasePoolSize: 4 };
    expect(config.databaseUrl).toBeNull();

    const first = await openDatabaseTarget(config);
    expect(first.kind).toBe('embedded');
    const app1 = await startTestApp({ demoData: true, dataDir }, first);
    const tree1 = (await app1.http().get('/api/territories').expect(200))
      .body as TerritoryTreeNode[];
    // A change made by people after the demo load, which a second load must not undo.
    await app1.dataSource.query(`UPDATE territories SET name = 'Cher (renamed)' WHERE code = '18'`);
    await app1.close();
    await first.close();

    const second = await openDatabaseTarget(config);
    const app2 = await startTestApp({ demoData: true, dataDir }, second);
    try {
      const tree2 = (await app2.http().get('/api/territories').expect(200))
        .body as TerritoryTreeNode[];
      expect(tree2[0].id).toBe(tree1[0].id);
      expect(tree2[0].children.map((d) => d.name)).toContain('Cher (renamed)');
      const [{ count }] = await app2.dataSource.query(
        `SELECT count(*)::int AS count FROM territories`,
      );
      expect(count).toBe(30);
      const seeds: Array<{ name: string }> = await app2.dataSource.query(
        `SELECT name FROM seed_runs ORDER BY name`,
      );
      expect(seeds.map((seed) => seed.name)).toEqual([
        'demo/accounts@1',
        'demo/campaign@1',
        'demo/panels@1',
        'demo/proposals@1',
        'demo/run-sheet@1',
        'demo/territories@1',
        'demo/tour@1',
        'demo/workshops@1',
      ]);
      const [{ users }] = await app2.dataSource.query(`SELECT count(*)::int AS users FROM users`);
      expect(users).toBe(4);
      const health = await app2.http().get('/api/health').expect(200);
      expect(health.body.database.kind).toBe('embedded');
    } finally {
      await app2.close();
      await second.close();
    }
    // Two fresh embedded databases and a full demo load (a panel drawn by leximin among them) on
    // a shared 2-core machine: a guard against a hang, not a speed goal (bench: figures).
  }, 240_000);

  it('fails fast with one line naming the database when DATABASE_URL does not answer', async () => {
    const started = Date.now();
    const error = await probeDatabase('postgres://app:secret@127.0.0.1:1/permanente', 2_000).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    const message = (error as Error).message;
    expect(message).toContain('postgres://app:***@127.0.0.1:1/permanente');
    expect(message).toContain('ECONNREFUSED');
    expect(message).not.toContain('secret');
    expect(message).not.toContain('\n');
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
