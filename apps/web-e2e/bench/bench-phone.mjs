// npm run bench:phone — the participant's phone on a weak rural network (issue 13): Debian's
// Chromium through Playwright, with Chrome DevTools Protocol throttling of each phone page
// (400 kbit/s down and up, 400 ms round trip, CPU slowed 4x), against the built server started
// here on a fresh embedded database with the demo data (as `npm start` on a fresh clone, with
// NODE_ENV=production), stopped at the end. Prints figures; asserts nothing (docs/benchmarks.md).
//
//   BENCH_PORT=3390 CHROMIUM_PATH=/usr/bin/chromium npm run bench:phone
//
// Scenarios, each in a new browser profile for "cold" (empty cache, no service worker) and
// again in the same profile once the service worker controls it for "warm":
// - /join/K7P2QX: time until the join form is visible and until it is usable (React has
//   taken it over), then from "Rejoindre" to the first idea acknowledged;
// - the workshop page (/w/<id>) of a participant who joined: time until the live board shows;
// - an offline reload of the workshop page: does the board show?
import { chromium, devices } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, platform, release, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const PORT = Number(process.env.BENCH_PORT ?? 3390);
const BASE = `http://127.0.0.1:${PORT}`;
const CODE = 'K7P2QX';
const BOARD = 'Qu’aimeriez-vous voir changer à Vierzon ?';
const FACILITATOR = { email: 'animation.cher@permanente.test', password: 'demo-animation-cher' };
const NETWORK = { latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };
const CPU_SLOWDOWN = 4;
const chromiumPath =
  [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
    (path) => path && existsSync(path),
  ) ?? undefined;
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

function startServer(dataDir) {
  const child = spawn(process.execPath, [join(root, 'dist/apps/api/apps/api/src/main.js')], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      PORT: String(PORT),
      HOST: '127.0.0.1',
      PUBLIC_URL: BASE,
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      DEMO_DATA: 'true',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

async function waitForHealth(timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The server did not answer on ${BASE} within ${timeoutMs} ms`);
}

// In every phone page, before its own scripts: when the join form (or the board) first exists,
// and when React has taken the form over (its listeners are then attached).
const PROBE = `
  (() => {
    const marks = (window.__bench = {});
    const check = () => {
      const now = performance.now();
      const form = document.querySelector('form.join-form');
      if (form && marks.formSeen === undefined) marks.formSeen = now;
      if (form && marks.formUsable === undefined && Object.keys(form).some((k) => k.startsWith('__react')))
        marks.formUsable = now;
      if (marks.boardSeen === undefined && document.querySelector('article h3'))
        marks.boardSeen = now;
      const done = location.pathname.startsWith('/join') ? marks.formUsable : marks.boardSeen;
      if (done === undefined) setTimeout(check, 10);
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true });
    check();
  })();
`;

/** A throttled phone page; `bytes` sums what the network carried, by resource type. */
async function throttledPage(context) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...NETWORK });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  const types = new Map();
  const bytes = {};
  cdp.on('Network.responseReceived', (event) => types.set(event.requestId, event.type));
  cdp.on('Network.loadingFinished', (event) => {
    const type = types.get(event.requestId) ?? 'Other';
    bytes[type] = (bytes[type] ?? 0) + event.encodedDataLength;
  });
  cdp.on('Network.webSocketFrameReceived', (event) => {
    bytes.WebSocket = (bytes.WebSocket ?? 0) + event.response.payloadData.length;
  });
  return { page, bytes };
}

const marks = (page) => page.evaluate(() => window.__bench);
const paint = (page) =>
  page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);

async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, {
    timeout: 60_000,
  });
}

async function joinScenario(context, label, withIdea) {
  const { page, bytes } = await throttledPage(context);
  await page.goto(`${BASE}/join/${CODE}`, { waitUntil: 'commit', timeout: 120_000 });
  await page.waitForFunction(() => window.__bench?.formUsable !== undefined, null, {
    timeout: 120_000,
  });
  const probe = await marks(page);
  const fcp = await paint(page);
  // Visible: in the DOM and painted; usable: React has taken it over (never before visible).
  const formVisible = Math.max(probe.formSeen, fcp ?? 0);
  const row = {
    label,
    formVisible,
    formUsable: Math.max(probe.formUsable, formVisible),
    joinToIdea: null,
    bytes,
  };
  if (withIdea) {
    await page.getByLabel('Votre prénom ou un pseudonyme (facultatif)').fill('Banc d’essai');
    const started = Date.now();
    await page.getByRole('button', { name: 'Rejoindre' }).click();
    await page.getByLabel('Votre idée').fill('Un abri à vélos près de la gare');
    await page.getByRole('button', { name: 'Envoyer mon idée' }).click();
    await page
      .getByRole('listitem')
      .filter({ hasText: 'Un abri à vélos près de la gare' })
      .filter({ hasText: 'Mon idée' })
      .waitFor({ timeout: 120_000 });
    row.joinToIdea = Date.now() - started;
  }
  await page.waitForLoadState('load');
  return { row, page };
}

async function workshopScenario(context, label, workshopId) {
  const { page, bytes } = await throttledPage(context);
  await page.goto(`${BASE}/w/${workshopId}`, { waitUntil: 'commit', timeout: 120_000 });
  await page.getByRole('heading', { name: BOARD }).waitFor({ timeout: 120_000 });
  await page.waitForFunction(() => window.__bench?.boardSeen !== undefined);
  const probe = await marks(page);
  await page.waitForLoadState('load');
  return { row: { label, boardVisible: probe.boardSeen, bytes }, page };
}

async function openTheBoard(browser) {
  // The facilitator, on a good connection, opens an idea board in the demo workshop.
  const staff = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const console_ = await staff.newPage();
  await console_.goto(`${BASE}/login`);
  await console_.getByLabel('Adresse e-mail').fill(FACILITATOR.email);
  await console_.getByLabel('Mot de passe').fill(FACILITATOR.password);
  await console_.getByRole('button', { name: 'Se connecter' }).click();
  await console_.waitForURL(/\/staff$/);
  await console_.goto(`${BASE}/facilitator`);
  await console_.getByRole('link', { name: 'Fabrik de Vierzon' }).click();
  await console_.waitForURL(/\/facilitator\/w\//);
  await console_.getByLabel('Type d’activité').selectOption({ label: 'Mur d’idées' });
  await console_.getByLabel('Question ou affirmation').fill(BOARD);
  await console_.getByRole('button', { name: 'Ajouter l’activité' }).click();
  await console_.getByRole('button', { name: `Ouvrir « ${BOARD} »` }).click();
  // The demo Fabrik is live already (its run sheet); start it if it is not.
  const start = console_.getByRole('button', { name: 'Démarrer' });
  if ((await start.count()) > 0) await start.click();
  await console_.getByText('En cours', { exact: true }).waitFor();
  return staff;
}

async function joinThroughTheApi() {
  const response = await fetch(`${BASE}/api/workshops/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: CODE, displayName: 'Phone de test' }),
  });
  if (!response.ok) throw new Error(`join: HTTP ${response.status}`);
  return response.json();
}

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const ms = (value) => (value === null || value === undefined ? '-' : `${Math.round(value)} ms`);

function printBytes(rows) {
  const types = [...new Set(rows.flatMap((row) => Object.keys(row.bytes)))].sort();
  console.log(`\nBytes over the network, by type (encoded, as carried):`);
  console.log(
    ['scenario'.padEnd(22), ...types.map((t) => t.padStart(11)), 'total'.padStart(11)].join(''),
  );
  for (const row of rows) {
    const total = Object.values(row.bytes).reduce((sum, value) => sum + value, 0);
    console.log(
      [
        row.label.padEnd(22),
        ...types.map((t) => kb(row.bytes[t] ?? 0).padStart(11)),
        kb(total).padStart(11),
      ].join(''),
    );
  }
}

async function main() {
  // The size budget's own script: the participant path's JS from the build manifest.
  const budget = spawnSync(process.execPath, ['apps/web/build/check-budget.mjs'], {
    cwd: root,
    encoding: 'utf8',
  });
  const participantJs = budget.stdout.trim().split('\n').pop() ?? budget.stderr;
  const dataDir = mkdtempSync(join(tmpdir(), 'permanente-bench-phone-'));
  const server = startServer(dataDir);
  let browser;
  try {
    await waitForHealth();
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const staff = await openTheBoard(browser);

    // 1. The join page, cold then warm, and a first idea.
    const joiner = await browser.newContext({ ...devices['Pixel 5'] });
    await joiner.addInitScript(PROBE);
    const cold = await joinScenario(joiner, 'join, cold', true);
    await controlled(cold.page);
    await cold.page.close();
    const warm = await joinScenario(joiner, 'join, warm (SW)', false);
    await warm.page.close();

    // 2. The workshop page of a phone that joined earlier, cold then warm, then offline.
    const joined = await joinThroughTheApi();
    const participant = await browser.newContext({ ...devices['Pixel 5'] });
    await participant.addInitScript(
      `try { if (!localStorage.getItem('permanente.participation')) localStorage.setItem('permanente.participation', ${JSON.stringify(
        JSON.stringify({
          token: joined.token,
          participantId: joined.participant.id,
          workshopId: joined.workshop.id,
          workshopTitle: joined.workshop.title,
        }),
      )}); } catch {}`,
    );
    await participant.addInitScript(PROBE);
    const wCold = await workshopScenario(participant, 'workshop, cold', joined.workshop.id);
    await controlled(wCold.page);
    // Let the board be kept on the phone (a moment after each change).
    await wCold.page.waitForTimeout(1000);
    await wCold.page.close();
    const wWarm = await workshopScenario(participant, 'workshop, warm (SW)', joined.workshop.id);
    await participant.setOffline(true);
    let offline = false;
    try {
      await wWarm.page.reload({ timeout: 60_000 });
      await wWarm.page.getByRole('heading', { name: BOARD }).waitFor({ timeout: 30_000 });
      offline = true;
    } catch {
      offline = false;
    }

    console.log(
      `bench:phone — ${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${platform()} ${release()}, Node ${process.version}, ${(await browser.version()) ?? ''}`,
    );
    console.log(
      `Throttling (CDP): ${(NETWORK.downloadThroughput * 8) / 1000} kbit/s down, ${(NETWORK.uploadThroughput * 8) / 1000} kbit/s up, ${NETWORK.latency} ms RTT, CPU ${CPU_SLOWDOWN}x slower; Pixel 5 viewport`,
    );
    console.log(`Participant-path JS (entry + static imports): ${participantJs}`);
    console.log(`\nJoin page /join/${CODE} (ms from navigation start):`);
    for (const { row } of [cold, warm])
      console.log(
        `  ${row.label.padEnd(20)} form visible ${ms(row.formVisible).padStart(8)}   form usable ${ms(row.formUsable).padStart(8)}` +
          (row.joinToIdea !== null
            ? `   "Rejoindre" → first idea acknowledged ${ms(row.joinToIdea)}`
            : ''),
      );
    console.log(`\nWorkshop page /w/<id> (ms from navigation start to the live board):`);
    for (const { row } of [wCold, wWarm])
      console.log(`  ${row.label.padEnd(20)} board visible ${ms(row.boardVisible).padStart(8)}`);
    console.log(`\nOffline reload of the workshop page shows the board: ${offline ? 'yes' : 'NO'}`);
    printBytes([cold.row, warm.row, wCold.row, wWarm.row]);
    await staff.close();
    await joiner.close();
    await participant.close();
  } finally {
    await browser?.close();
    server.child.kill('SIGTERM');
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
