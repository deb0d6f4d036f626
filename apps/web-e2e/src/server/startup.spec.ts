import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, waitForHealth } from '../support/server-process';

test.describe('the built server', () => {
  test('refuses a bad setting with one line naming the variable, exit code not 0', async () => {
    const server = startServer({ PORT: 'eighty' });
    const code = await server.exited;
    expect(code).not.toBe(0);
    const lines = server.stderr().trim().split('\n');
    expect(lines).toEqual([
      'Permanente cannot start: Invalid configuration: PORT must be a whole number from 1 to 65535 (got "eighty")',
    ]);
  });

  // The probe gives up after 10 s (database-target.ts, PROBE_DEADLINE_MS; its spec shows it
  // stops at its deadline): the wall time of a whole start is not asserted, a loaded machine
  // takes seconds just to load the program.
  test('stops with one line naming the database when DATABASE_URL is a closed port', async () => {
    const server = startServer({
      DATABASE_URL: 'postgres://permanente:secret@127.0.0.1:9/permanente',
      PORT: '3299',
    });
    const code = await server.exited;
    expect(code).not.toBe(0);
    const lines = server.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      'Cannot reach the database at postgres://permanente:***@127.0.0.1:9/permanente',
    );
    expect(lines[0]).not.toContain('secret');
  });

  test('stops with one line naming Redis when REDIS_URL does not answer', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'permanente-redis-'));
    try {
      const server = startServer({
        DATABASE_URL: '',
        DATA_DIR: dataDir,
        PORT: '3297',
        REDIS_URL: 'redis://:secret@127.0.0.1:9',
      });
      const code = await server.exited;
      expect(code).not.toBe(0);
      const lines = server.stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('Permanente cannot start: Cannot reach Redis at redis://');
      expect(lines[0]).toContain('127.0.0.1:9 (REDIS_URL)');
      expect(lines[0]).not.toContain('secret');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('keeps the embedded data when stopped and started again', async () => {
    // Two starts of the embedded database: slow on a loaded machine.
    test.setTimeout(240_000);
    const dataDir = mkdtempSync(join(tmpdir(), 'permanente-restart-'));
    const env = { DATA_DIR: dataDir, PORT: '3298', HOST: '127.0.0.1', DATABASE_URL: '' };
    const base = 'http://127.0.0.1:3298';
    try {
      const first = startServer(env);
      await waitForHealth(base, 110_000);
      const health = await (await fetch(`${base}/api/health`)).json();
      expect(health.database.kind).toBe('embedded');
      const before = await (await fetch(`${base}/api/territories`)).json();
      expect(before[0].children).toHaveLength(6);
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);

      const second = startServer(env);
      await waitForHealth(base, 110_000);
      const after = await (await fetch(`${base}/api/territories`)).json();
      // Same rows (same ids), not a second demo load.
      expect(after).toEqual(before);
      expect(second.stdout()).not.toContain('demo/territories@1');
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
