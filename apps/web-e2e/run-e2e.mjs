// Runs the Playwright suites. The browser tests need Debian's Chromium (Playwright's own
// download is not reachable here): without it, a developer's `npm test` says so in one line
// and runs only the server tests; with CI=true a missing Chromium is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
].filter(Boolean);
const chromium = candidates.find((path) => existsSync(path));
const args = [
  'playwright',
  'test',
  '-c',
  'apps/web-e2e/playwright.config.ts',
  ...process.argv.slice(2),
];

if (!chromium) {
  if (process.env.CI === 'true') {
    console.error(
      'Chromium not found (install it with: apt-get install -y chromium); CI=true, so this fails.',
    );
    process.exit(1);
  }
  console.log(
    'Chromium not found (apt-get install -y chromium): browser tests skipped, server tests run.',
  );
  args.push('--project=server');
}

const result = spawnSync('npx', args, {
  stdio: 'inherit',
  env: { ...process.env, CHROMIUM_PATH: chromium ?? '' },
});
process.exit(result.status ?? 1);
