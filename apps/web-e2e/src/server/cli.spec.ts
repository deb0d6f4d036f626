import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, waitForHealth, workspaceRoot } from '../support/server-process';

function runCli(script: string, args: string[], env: Record<string, string>) {
  return spawnSync(
    process.execPath,
    [join(workspaceRoot, 'dist/apps/api/apps/api/src/cli', script), ...args],
    {
      cwd: workspaceRoot,
      env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'warn', ...env },
      encoding: 'utf8',
    },
  );
}

test('a real deployment creates its first organiser from the command line, who can then sign in', async () => {
  // Three tools and a server, each opening the embedded database: slow on a loaded machine.
  test.setTimeout(240_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'permanente-cli-'));
  const env = { DATA_DIR: dataDir, DATABASE_URL: '', DEMO_DATA: 'false' };
  try {
    const created = runCli('create-organiser.js', ['Boss@Example.org', 'La Cheffe'], {
      ...env,
      PERMANENTE_PASSWORD: 'a very long secret',
    });
    expect(created.status).toBe(0);
    expect(created.stdout).toContain('Organiser boss@example.org created.');
    expect(created.stdout).not.toContain('a very long secret');

    const again = runCli('create-organiser.js', ['boss@example.org', 'Twin'], env);
    expect(again.status).not.toBe(0);
    expect(again.stderr.trim()).toBe('An account already has this email');

    const generated = runCli('create-organiser.js', ['second@example.org', 'Second'], env);
    expect(generated.status).toBe(0);
    const password = /Password \(shown once, change it after signing in\): (\S+)/.exec(
      generated.stdout,
    )?.[1];
    expect(password?.length).toBeGreaterThanOrEqual(12);

    const server = startServer({ ...env, PORT: '3297', HOST: '127.0.0.1' });
    try {
      await waitForHealth('http://127.0.0.1:3297', 150_000);
      for (const [email, secret] of [
        ['boss@example.org', 'a very long secret'],
        ['second@example.org', password!],
      ]) {
        const response = await fetch('http://127.0.0.1:3297/api/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: secret }),
        });
        expect(response.status).toBe(200);
        expect((await response.json()).user.roles).toEqual(['organiser']);
      }
      // No demo data on a real deployment: no demo accounts.
      const demo = await fetch('http://127.0.0.1:3297/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: 'organisation@permanente.test',
          password: 'demo-organisation',
        }),
      });
      expect(demo.status).toBe(401);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('the command-line tools refuse to open the embedded database while the server runs on it (exit 2)', async () => {
  // Starting the embedded database takes a few seconds, a minute on a loaded machine.
  test.setTimeout(240_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'permanente-cli-lock-'));
  const port = Number(process.env['E2E_PORT'] ?? 3210) + 61;
  const env = { DATA_DIR: dataDir, DATABASE_URL: '', DEMO_DATA: 'false' };
  try {
    const server = startServer({ ...env, PORT: String(port), HOST: '127.0.0.1' });
    try {
      await waitForHealth(`http://127.0.0.1:${port}`, 150_000);
      // Another PORT for the tools: the lock is the folder's, whatever the port.
      for (const [script, args] of [
        ['field-import.js', ['package.json']],
        ['field-export.js', []],
        ['field-sync.js', []],
        ['field-import-export.js', ['package.json']],
        ['migrate.js', []],
      ] as const) {
        const run = runCli(script, [...args], { ...env, PORT: String(port + 1) });
        expect(run.status, `${script}: ${run.stderr}`).toBe(2);
        expect(run.stderr).toContain(`in use by process ${server.child.pid}`);
        expect(run.stderr).toContain('stop it first');
        expect(run.stderr).not.toMatch(/\n\s+at /);
      }
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    // The server gone, the tool opens the folder (and says what is missing: no kit here).
    const after = runCli('field-export.js', [], env);
    expect(after.stderr.trim()).toBe('No field kit was imported on this instance');
    expect(after.status).toBe(1);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
