// Runs the Playwright suites. The browser tests need Debian's Chromium (Playwright's own
// download is not reachable here): without it, a developer's `npm test` says so in one line
// and runs only the server tests; with CI=true a missing Chromium is a failure.
//
// The whole suite (no arguments) runs its two projects side by side, each in its own
// Playwright process: the server tests spend most of their time waiting on processes they
// start and stop (a refused start-up, a database cut, an instance killed), so they fit beside
// the browser tests instead of after them. They need no suite server (E2E_WEB_SERVER=off),
// use ports of their own (the suite's port + 200) and write their results apart. With
// arguments (a project, a file, -g …) it is one Playwright process, as before.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
].filter(Boolean);
const chromium = candidates.find((path) => existsSync(path));
const extra = process.argv.slice(2);
const port = Number(process.env.E2E_PORT ?? 3210);

if (!chromium && process.env.CI === 'true') {
  console.error(
    'Chromium not found (install it with: apt-get install -y chromium); CI=true, so this fails.',
  );
  process.exit(1);
}

/** One Playwright process; resolves with its exit code. Output goes out line by line. */
function playwright(args, env) {
  return new Promise((resolve) => {
    const child = spawn(
      'npx',
      ['playwright', 'test', '-c', 'apps/web-e2e/playwright.config.ts', ...args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, CHROMIUM_PATH: chromium ?? '', ...env },
      },
    );
    for (const [from, to] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      // Whole lines only, so that two processes' lines never cut into each other.
      let pending = '';
      from.on('data', (chunk) => {
        pending += chunk;
        const end = pending.lastIndexOf('\n');
        if (end === -1) return;
        to.write(pending.slice(0, end + 1));
        pending = pending.slice(end + 1);
      });
      from.on('end', () => pending && to.write(`${pending}\n`));
    }
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

let codes;
if (!chromium) {
  console.log(
    'Chromium not found (apt-get install -y chromium): browser tests skipped, server tests run.',
  );
  codes = [await playwright([...extra, '--project=server'], {})];
} else if (extra.length > 0) {
  codes = [await playwright(extra, {})];
} else {
  codes = await Promise.all([
    playwright(['--project=chromium'], {}),
    playwright(['--project=server'], { E2E_PORT: String(port + 200), E2E_WEB_SERVER: 'off' }),
  ]);
  console.log(`browser tests: exit ${codes[0]}; server tests: exit ${codes[1]}`);
}
process.exit(codes.every((code) => code === 0) ? 0 : 1);
