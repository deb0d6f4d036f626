import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, waitForHealth, workspaceRoot } from '../support/server-process';

const webDist = join(workspaceRoot, 'dist/apps/web');
const port = Number(process.env['E2E_PORT'] ?? 3210) + 7;

test.describe('the built web app on the wire', () => {
  test('the participant path JavaScript stays within its budget (100 KB brotli)', () => {
    const run = spawnSync(process.execPath, ['apps/web/build/check-budget.mjs', webDist], {
      cwd: workspaceRoot,
      encoding: 'utf8',
    });
    expect(run.stdout).toMatch(/participant JS: \d+ bytes brotli, within the budget of 100000/);
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });

  test('the build writes no source map, and a production server serves none', async () => {
    test.setTimeout(240_000);
    const maps = readdirSync(join(webDist, 'assets')).filter((name) => name.endsWith('.map'));
    expect(maps).toEqual([]);

    // A build made with WEB_SOURCEMAP=true still keeps its maps private in production.
    const webRoot = mkdtempSync(join(tmpdir(), 'permanente-web-'));
    const dataDir = mkdtempSync(join(tmpdir(), 'permanente-web-db-'));
    cpSync(webDist, webRoot, { recursive: true });
    const entry = readdirSync(join(webRoot, 'assets')).find((name) => /^index-.*\.js$/.test(name))!;
    writeFileSync(join(webRoot, 'assets', `${entry}.map`), '{"version":3,"sources":[]}');
    const server = startServer({
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      DEMO_DATA: 'false',
      WEB_ROOT: webRoot,
      LOG_LEVEL: 'warn',
    });
    try {
      const base = `http://127.0.0.1:${port}`;
      // A fresh embedded database: its first start can be slow on a busy machine.
      await waitForHealth(base, 150_000);
      const map = await fetch(`${base}/assets/${entry}.map`);
      expect(map.status).toBe(404);
      const script = await fetch(`${base}/assets/${entry}`, {
        headers: { 'accept-encoding': 'br, gzip' },
      });
      expect(script.status).toBe(200);
      expect(script.headers.get('content-encoding')).toBe('br');
      // The precompressed files themselves are not addresses.
      expect((await fetch(`${base}/assets/${entry}.br`)).status).toBe(404);
      // The API's JSON is compressed per request; the live socket's polling is left to socket.io.
      const health = await fetch(`${base}/api/openapi.json`, {
        headers: { 'accept-encoding': 'gzip' },
      });
      expect(health.headers.get('content-encoding')).toBe('gzip');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      rmSync(webRoot, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
