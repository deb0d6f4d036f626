import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const workspaceRoot = join(__dirname, '../../../..');
const main = join(workspaceRoot, 'dist/apps/api/apps/api/src/main.js');

export interface ServerProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
}

/** Starts the built API (`npm start`'s program) with the given environment. */
export function startServer(env: Record<string, string>): ServerProcess {
  let out = '';
  let err = '';
  const child = spawn(process.execPath, [main], {
    cwd: workspaceRoot,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      LOG_FORMAT: 'json',
      WEB_ROOT: 'none',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (err += chunk));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Polls /api/health until it answers 200; a timeout says what it last answered. */
export async function waitForHealth(baseUrl: string, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer (not listening)';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
      last = `${response.status} ${(await response.text()).slice(0, 300)}`;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`${baseUrl} did not become healthy in ${timeoutMs} ms; last answer: ${last}`);
}
