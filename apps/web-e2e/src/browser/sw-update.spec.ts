import { expect, test, type Page } from '@playwright/test';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { join, phone } from '../support/live-journey';
import {
  startServer,
  waitForHealth,
  workspaceRoot,
  type ServerProcess,
} from '../support/server-process';

// Issue 13, "new versions update cleanly": a phone whose service worker holds version 1 of the
// app meets a server that now serves version 2. The new worker installs and waits while the
// page is in use (nothing typed is lost), takes over once the page is hidden, and the page
// reloads on version 2 with the participant still in their workshop.

const DEMO_CODE = 'K7P2QX';
const VERSION_MARK = '<meta name="permanente-test-version" content="2">';

/**
 * Version 2 of the built app: index.html changed, and the service worker's precache revision
 * of index.html changed with it (what a new build does). Their precompressed siblings are
 * removed so that the server sends the new files as they are.
 */
function makeVersionTwo(versionOne: string, versionTwo: string) {
  cpSync(versionOne, versionTwo, { recursive: true });
  const index = joinPath(versionTwo, 'index.html');
  writeFileSync(index, readFileSync(index, 'utf8').replace('<head>', `<head>${VERSION_MARK}`));
  const worker = joinPath(versionTwo, 'sw.js');
  const source = readFileSync(worker, 'utf8');
  const revised = source.replace(
    /(\{url:"index\.html",revision:")([0-9a-f]+)(")/,
    (_all, before: string, revision: string, after: string) =>
      `${before}${revision.split('').reverse().join('')}${after}`,
  );
  expect(revised, 'the worker lists index.html with a revision').not.toBe(source);
  writeFileSync(worker, revised);
  for (const file of ['index.html', 'sw.js'])
    for (const suffix of ['.br', '.gz']) unlinkSync(joinPath(versionTwo, file + suffix));
}

async function waitingWorker(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return registration?.waiting != null;
  });
}

test.describe('a new version of the app', () => {
  let server: ServerProcess | null = null;
  let folder = '';

  test.afterEach(async () => {
    if (server) {
      server.child.kill('SIGKILL');
      await server.exited;
      server = null;
    }
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  test('waits while the phone is in use, takes over once it is hidden, and the participant stays in', async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    folder = mkdtempSync(joinPath(tmpdir(), 'permanente-sw-update-'));
    const versionOne = joinPath(folder, 'web-1');
    const versionTwo = joinPath(folder, 'web-2');
    cpSync(joinPath(workspaceRoot, 'dist/apps/web'), versionOne, { recursive: true });
    makeVersionTwo(versionOne, versionTwo);
    const port = 3900 + Math.floor(Math.random() * 40);
    const baseUrl = `http://127.0.0.1:${port}`;
    const start = async (webRoot: string) => {
      const started = startServer({
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: baseUrl,
        DATABASE_URL: '',
        DATA_DIR: joinPath(folder, 'data'),
        DEMO_DATA: 'true',
        LOG_LEVEL: 'warn',
        WEB_ROOT: webRoot,
      });
      await Promise.race([
        waitForHealth(baseUrl, 90_000),
        started.exited.then((code) => {
          throw new Error(`the API exited (${code}): ${started.stderr()}`);
        }),
      ]);
      return started;
    };

    // Version 1: the phone joins and its service worker takes control.
    server = await start(versionOne);
    const odile = await phone(browser, baseUrl);
    await join(odile.page, DEMO_CODE, 'Odile');
    await odile.page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, {
      timeout: 30_000,
    });
    const workshopUrl = odile.page.url();
    await expect(odile.page.locator('meta[name="permanente-test-version"]')).toHaveCount(0);

    // The server is redeployed with version 2 (same database, same address).
    server.child.kill('SIGTERM');
    await server.exited;
    server = await start(versionTwo);

    // The browser checks for a new worker (it does so on navigations and periodically; here
    // at once). Version 2 installs and waits: the page in use is not reloaded under the
    // participant, whose page keeps its state.
    await odile.page.evaluate(() => {
      (window as unknown as { stillTheSamePage: boolean }).stillTheSamePage = true;
    });
    await odile.page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration!.update();
    });
    await expect.poll(() => waitingWorker(odile.page), { timeout: 30_000 }).toBe(true);
    await odile.page.waitForTimeout(1_000);
    expect(
      await odile.page.evaluate(
        () => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage === true,
      ),
      'a visible page is not reloaded by the update',
    ).toBe(true);

    // The phone is locked (the page hidden): the new version takes over and the page reloads.
    const reloaded = odile.page.waitForEvent('load', { timeout: 30_000 });
    await odile.page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => 'hidden',
      });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await reloaded;
    await expect(odile.page.locator('meta[name="permanente-test-version"]')).toHaveCount(1);
    expect(odile.page.url()).toBe(workshopUrl);
    expect(await waitingWorker(odile.page)).toBe(false);
    // Still in the workshop, over the same credential, online.
    await expect(odile.page.getByText('En ligne', { exact: true })).toBeVisible({
      timeout: 20_000,
    });
    await expect(odile.page.getByRole('heading', { level: 1 })).toBeVisible();
    // The worker's precache now holds version 2's shell: an offline reload gets it too.
    expect(
      await odile.page.evaluate(async () => {
        const cached = await caches.match('/index.html', { ignoreSearch: true });
        return cached ? (await cached.text()).includes('permanente-test-version') : null;
      }),
    ).toBe(true);
    await odile.context.close();
  });
});
