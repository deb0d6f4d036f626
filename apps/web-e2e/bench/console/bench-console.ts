// npm run bench:console — the facilitator's console with 300 ideas on screen: the time from
// an idea posted on a phone (socket.io, the phone's protocol) to that idea visible on the
// console in Chromium, p50 and p95. Starts the built API (embedded PGlite in a throwaway
// folder, the demo data), seeds BENCH_SEEDED paper ideas (default 300), then posts
// BENCH_IDEAS ideas (default 40) from 3 phone sockets in turn, each once the previous one is seen.
// Prints figures; asserts nothing (see docs/benchmarks.md).
//
//   BENCH_PORT=3361 BENCH_SEEDED=300 BENCH_IDEAS=40 npm run bench:console
import './register-paths';
import { chromium } from '@playwright/test';
import { openLiveSocket, postIdea } from '@permanente/live-client';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../../../../../../..');
const PORT = Number(process.env['BENCH_PORT'] ?? 3361);
const SEEDED = Number(process.env['BENCH_SEEDED'] ?? 300);
const IDEAS = Number(process.env['BENCH_IDEAS'] ?? 40);
const BASE = `http://127.0.0.1:${PORT}`;
const FACILITATOR = { email: 'animation.cher@permanente.test', password: 'demo-animation-cher' };
const CHROMIUM = process.env['CHROMIUM_PATH'] || '/usr/bin/chromium';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function waitForHealth(deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((done) => setTimeout(done, 300));
  }
  throw new Error('the API did not start');
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-console-'));
  const api = spawn('node', ['dist/apps/api/apps/api/src/main.js'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      PUBLIC_URL: BASE,
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      DEMO_DATA: 'true',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
    },
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--no-first-run', '--disable-quic'],
  });
  try {
    await waitForHealth(Date.now() + 120_000);
    const staff = await browser.newContext({
      baseURL: BASE,
      viewport: { width: 1366, height: 768 },
    });
    const login = await staff.request.post('/api/auth/login', { data: FACILITATOR });
    const headers = { 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
    interface Node {
      id: string;
      code: string;
      children?: Node[];
    }
    const flatten = (nodes: Node[]): Node[] =>
      nodes.flatMap((node) => [node, ...flatten(node.children ?? [])]);
    const tree = (await (await staff.request.get('/api/territories')).json()) as Node[];
    const vierzon = flatten(tree).find((territory) => territory.code === 'bv-18-vierzon')!;
    const workshop = (await (
      await staff.request.post('/api/workshops', {
        headers,
        data: { title: 'Fabrik du banc d’essai', territoryId: vierzon.id },
      })
    ).json()) as { id: string; code: string };
    const activities = (await (
      await staff.request.post(`/api/workshops/${workshop.id}/run-sheet`, {
        headers,
        data: { templateId: 'fabrik-2017' },
      })
    ).json()) as Array<{ id: string; kind: string }>;
    const board = activities.find((activity) => activity.kind === 'idea_board')!;
    await staff.request.put(`/api/workshops/${workshop.id}/status`, {
      headers,
      data: { status: 'live' },
    });
    await staff.request.patch(`/api/workshops/${workshop.id}/activities/${board.id}`, {
      headers,
      data: { status: 'open' },
    });
    for (let start = 0; start < SEEDED; start += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, SEEDED - start) }, (_, k) =>
          staff.request.post(`/api/workshops/${workshop.id}/ideas`, {
            headers,
            data: {
              clientId: randomUUID(),
              activityId: board.id,
              text: `Note de papier numéro ${start + k + 1}, pour remplir la salle`,
            },
          }),
        ),
      );
    }

    // The console, with every seeded idea on it (the stream counts them).
    const consolePage = await staff.newPage();
    const seen = new Map<string, number>();
    await consolePage.exposeFunction('benchSeen', (text: string) => {
      if (!seen.has(text)) seen.set(text, performance.now());
    });
    await consolePage.goto(`/facilitator/w/${workshop.id}`);
    await consolePage
      .getByRole('heading', { name: `Idées en direct (${SEEDED})` })
      .waitFor({ timeout: 120_000 });
    await consolePage.evaluate(() => {
      const report = () => {
        for (const node of document.querySelectorAll('.console-stream .idea-card-text')) {
          const text = node.textContent ?? '';
          if (text.startsWith('Banc d’essai '))
            (window as unknown as { benchSeen(t: string): void }).benchSeen(text);
        }
      };
      new MutationObserver(report).observe(document.body, { childList: true, subtree: true });
    });

    // The phones: participants' sockets, as the phone's live client opens them; three of
    // them in turn, as a participant may post 20 ideas a minute.
    const phones = [];
    for (let n = 0; n < 3; n++) {
      const joined = (await (
        await fetch(`${BASE}/api/workshops/join`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code: workshop.code, displayName: `Banc ${n + 1}` }),
        })
      ).json()) as { token: string };
      const phone = openLiveSocket(
        BASE,
        { token: joined.token },
        { transports: ['websocket'], extraHeaders: { origin: BASE } },
      );
      await new Promise<void>((resolve, reject) => {
        phone.once('connect', () => resolve());
        phone.once('connect_error', reject);
        phone.connect();
      });
      phones.push(phone);
    }

    const latencies: number[] = [];
    for (let i = 1; i <= IDEAS; i++) {
      const text = `Banc d’essai ${i}`;
      const sent = performance.now();
      const ack = await postIdea(
        phones[i % phones.length],
        { clientId: randomUUID(), activityId: board.id, text },
        30_000,
      );
      if (!ack.ok) throw new Error(`idea ${i} refused`);
      const deadline = Date.now() + 30_000;
      while (!seen.has(text) && Date.now() < deadline)
        await new Promise((done) => setTimeout(done, 2));
      if (!seen.has(text)) throw new Error(`idea ${i} never showed on the console`);
      latencies.push(seen.get(text)! - sent);
    }
    for (const phone of phones) phone.close();
    const sorted = [...latencies].sort((a, b) => a - b);
    const round = (ms: number) => Math.round(ms);
    console.log(
      [
        `bench:console — ${SEEDED} ideas on the console, ${IDEAS} more posted one by one from 3 phone sockets`,
        `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${loadavg()
          .map((n) => n.toFixed(1))
          .join(' ')} at the end (a shared machine inflates these figures)`,
        `phone post → visible on the console: p50 ${round(percentile(sorted, 50))} ms, p95 ${round(
          percentile(sorted, 95),
        )} ms, min ${round(sorted[0])} ms, max ${round(sorted[sorted.length - 1])} ms`,
      ].join('\n'),
    );
  } finally {
    await browser.close();
    api.kill('SIGTERM');
    await new Promise((done) => api.once('exit', done));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
