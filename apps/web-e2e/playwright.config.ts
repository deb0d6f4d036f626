import { defineConfig, devices } from '@playwright/test';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const port = Number(process.env['E2E_PORT'] ?? 3210);
const dataDir = join(root, `tmp/e2e/pglite-${port}`);
// Each run starts from an empty embedded database, exactly as `npm start` on a fresh clone.
// Only the main process clears it: Playwright loads this file again in each worker, after
// the server has started on it.
if (!process.env['TEST_WORKER_INDEX']) rmSync(dataDir, { recursive: true, force: true });

const chromiumArgs = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export default defineConfig({
  testDir: './src',
  // Per port: several suites may run at once on one machine (E2E_PORT).
  outputDir: join(root, `tmp/e2e/results-${port}`),
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: { baseURL: `http://127.0.0.1:${port}`, trace: 'off' },
  webServer: {
    command: 'node dist/apps/api/apps/api/src/main.js',
    cwd: root,
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      DEMO_DATA: 'true',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
    },
  },
  projects: [
    // Node-side tests of the built server: start-up failures, restarts.
    { name: 'server', testMatch: /server\/.*\.spec\.ts/ },
    {
      name: 'chromium',
      testMatch: /browser\/.*\.spec\.ts/,
      use: {
        ...devices['Pixel 5'],
        browserName: 'chromium',
        launchOptions: {
          executablePath: process.env['CHROMIUM_PATH'] || undefined,
          args: chromiumArgs,
        },
      },
    },
  ],
});
