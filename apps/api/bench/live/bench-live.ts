// npm run bench:live — N simulated phones in one workshop, each posting ideas, against the
// real API (a child process, embedded PGlite or BENCH_DATABASE_URL) and, in the same run,
// against a bare socket.io server. Prints figures; asserts nothing (see docs/benchmarks.md).
import { ChildProcess, fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { WorkerCommand, WorkerMessage } from './load-worker';

const root = join(__dirname, '../../../../../../..');
const SIZES = (process.env['BENCH_SIZES'] ?? '200,1000').split(',').map(Number);
const IDEAS_PER_PHONE = Number(process.env['BENCH_IDEAS_PER_PHONE'] ?? 2);
const SEND_WINDOW_MS = Number(process.env['BENCH_WINDOW_MS'] ?? 10_000);
/** Processes the simulated phones are spread over (they receive the whole fan-out). */
const WORKERS = Number(process.env['BENCH_WORKERS'] ?? 2);

interface Figures {
  target: string;
  phones: number;
  ideas: number;
  failed: number;
  ackP50: number;
  ackP99: number;
  fanoutP50: number;
  fanoutP99: number;
  eventsPerSecond: number;
  deliveriesPerSecond: number;
  peakRssMiB: number | null;
  cpuPercent: number | null;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** RSS and CPU time of a process, from /proc (Linux). */
function processStats(pid: number): { rssKiB: number; cpuTicks: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return { rssKiB, cpuTicks: Number(stat[11]) + Number(stat[12]) };
  } catch {
    return null;
  }
}

function waitForLine(
  child: ChildProcess,
  pattern: RegExp,
  timeoutMs: number,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${buffer.slice(-2000)}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = pattern.exec(buffer);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited with ${code}:\n${buffer.slice(-2000)}`)));
  });
}

async function http<T>(
  base: string,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : null) as T,
    headers: response.headers,
  };
}

/** Starts the built API on a free port with the demo data; returns its base URL and process. */
async function startApi(): Promise<{
  base: string;
  child: ChildProcess;
  cleanup(): void;
  database: string;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'permanente-bench-'));
  const port = 3400 + Math.floor(Math.random() * 400);
  const databaseUrl = process.env['BENCH_DATABASE_URL'] ?? '';
  const child = spawn(process.execPath, [join(root, 'dist/apps/api/apps/api/src/main.js')], {
    cwd: root,
    env: {
      PATH: process.env['PATH'] ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      DEMO_DATA: 'true',
      WEB_ROOT: 'none',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      // Each simulated phone sends its own X-Forwarded-For, as phones behind their own networks.
      TRUST_PROXY_HOPS: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (Date.now() > deadline) throw new Error('the API did not start');
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      // not yet
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  return {
    base,
    child,
    database: databaseUrl ? 'PostgreSQL (BENCH_DATABASE_URL)' : 'embedded PGlite',
    cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** A live workshop with an open idea board, and N participants' tokens. */
async function prepareWorkshop(
  base: string,
  phones: number,
): Promise<{ tokens: string[]; activityId: string }> {
  const login = await http<{ csrfToken: string }>(base, '/api/auth/login', {
    method: 'POST',
    body: { email: 'organisation@permanente.test', password: 'demo-organisation' },
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const staff = { cookie, 'x-csrf-token': login.body.csrfToken };
  const tree = await http<
    Array<{ children: Array<{ children: Array<{ id: string; code: string }> }> }>
  >(base, '/api/territories');
  const vierzon = tree.body[0].children
    .flatMap((d) => d.children)
    .find((b) => b.code === 'bv-18-vierzon')!;
  const workshop = await http<{ id: string; code: string }>(base, '/api/workshops', {
    method: 'POST',
    headers: staff,
    body: { title: `Bench ${phones}`, territoryId: vierzon.id },
  });
  const activity = await http<{ id: string }>(
    base,
    `/api/workshops/${workshop.body.id}/activities`,
    {
      method: 'POST',
      headers: staff,
      body: { kind: 'idea_board', prompt: 'Bench' },
    },
  );
  await http(base, `/api/workshops/${workshop.body.id}/activities/${activity.body.id}`, {
    method: 'PATCH',
    headers: staff,
    body: { status: 'open' },
  });
  await http(base, `/api/workshops/${workshop.body.id}/status`, {
    method: 'PUT',
    headers: staff,
    body: { status: 'live' },
  });
  const tokens: string[] = [];
  for (let i = 0; i < phones; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, phones - i) }, (_, k) =>
        http<{ token: string }>(base, '/api/workshops/join', {
          method: 'POST',
          headers: {
            'x-forwarded-for': `10.${(i + k) >> 16}.${((i + k) >> 8) & 255}.${(i + k) & 255}`,
          },
          body: { code: workshop.body.code },
        }),
      ),
    );
    for (const joined of batch) {
      if (joined.status !== 201)
        throw new Error(`join failed: ${joined.status} ${JSON.stringify(joined.body)}`);
      tokens.push(joined.body.token);
    }
  }
  return { tokens, activityId: activity.body.id };
}

/** Every phone posts IDEAS_PER_PHONE ideas at random moments of the window. */
/** Every phone posts IDEAS_PER_PHONE ideas at random moments of the window, from WORKERS processes. */
async function runLoad(
  target: string,
  url: string,
  auths: Array<Record<string, string>>,
  activityId: string,
  pid: number | null,
): Promise<Figures> {
  const workers = Array.from({ length: WORKERS }, () =>
    fork(join(__dirname, 'load-worker.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  const next = (worker: ChildProcess, kind: WorkerMessage['kind']) =>
    new Promise<WorkerMessage>((resolve) => {
      const onMessage = (message: WorkerMessage) => {
        if (message.kind !== kind) return;
        worker.off('message', onMessage);
        resolve(message);
      };
      worker.on('message', onMessage);
    });
  const share = Math.ceil(auths.length / WORKERS);
  const ready = workers.map((worker) => next(worker, 'ready'));
  workers.forEach((worker, w) =>
    worker.send({
      kind: 'start',
      url,
      auths: auths.slice(w * share, (w + 1) * share),
      activityId,
      ideasPerPhone: IDEAS_PER_PHONE,
      windowMs: SEND_WINDOW_MS,
    } satisfies WorkerCommand),
  );
  await Promise.all(ready);

  const before = pid ? processStats(pid) : null;
  let peakRss = before?.rssKiB ?? 0;
  const sampler = setInterval(() => {
    const stats = pid ? processStats(pid) : null;
    if (stats) peakRss = Math.max(peakRss, stats.rssKiB);
  }, 100);
  const startAt = performance.timeOrigin + performance.now() + 500;
  const posted = workers.map((worker) => next(worker, 'posted'));
  for (const worker of workers) worker.send({ kind: 'go', at: startAt } satisfies WorkerCommand);
  const sentReports = (await Promise.all(posted)) as Array<
    Extract<WorkerMessage, { kind: 'posted' }>
  >;
  const acks = sentReports.flatMap((r) => r.acks);
  const failed = sentReports.reduce((sum, r) => sum + r.failed, 0);
  // Wait until every acknowledged idea reached every phone (or 30 s).
  const expectedDeliveries = acks.length * auths.length;
  const waitUntil = Date.now() + 30_000;
  for (;;) {
    const counts = await Promise.all(
      workers.map((worker) => {
        const reply = next(worker, 'count');
        worker.send({ kind: 'count' } satisfies WorkerCommand);
        return reply;
      }),
    );
    const total = counts.reduce(
      (sum, c) => sum + (c as Extract<WorkerMessage, { kind: 'count' }>).deliveries,
      0,
    );
    if (total >= expectedDeliveries || Date.now() > waitUntil) break;
    await new Promise((done) => setTimeout(done, 200));
  }
  const elapsedS = (performance.timeOrigin + performance.now() - startAt) / 1000;
  clearInterval(sampler);
  const after = pid ? processStats(pid) : null;
  const reports = (await Promise.all(
    workers.map((worker) => {
      const reply = next(worker, 'report');
      worker.send({ kind: 'report' } satisfies WorkerCommand);
      return reply;
    }),
  )) as Array<Extract<WorkerMessage, { kind: 'report' }>>;
  // Fan-out of an idea: from its post to its reception by the last of all the phones.
  const reach = new Map<string, { count: number; last: number }>();
  for (const report of reports) {
    for (const [clientId, count, last] of report.received) {
      const entry = reach.get(clientId) ?? { count: 0, last: 0 };
      entry.count += count;
      entry.last = Math.max(entry.last, last);
      reach.set(clientId, entry);
    }
  }
  const sentAt = new Map(sentReports.flatMap((r) => r.sent));
  const fanout: number[] = [];
  for (const [clientId, entry] of reach) {
    if (entry.count === auths.length && sentAt.has(clientId))
      fanout.push(entry.last - sentAt.get(clientId)!);
  }
  const deliveries = reports.reduce((sum, r) => sum + r.deliveries, 0);
  const ticksPerSecond = 100;
  return {
    target,
    phones: auths.length,
    ideas: acks.length,
    failed: failed + (acks.length - fanout.length),
    ackP50: percentile(acks, 50),
    ackP99: percentile(acks, 99),
    fanoutP50: percentile(fanout, 50),
    fanoutP99: percentile(fanout, 99),
    eventsPerSecond: acks.length / elapsedS,
    deliveriesPerSecond: deliveries / elapsedS,
    peakRssMiB: pid ? Math.round(peakRss / 1024) : null,
    cpuPercent:
      before && after
        ? Math.round(((after.cpuTicks - before.cpuTicks) / ticksPerSecond / elapsedS) * 100)
        : null,
  };
}

function format(f: Figures): string {
  const ms = (v: number) => (Number.isNaN(v) ? '-' : `${v.toFixed(1)} ms`);
  return [
    f.target.padEnd(22),
    String(f.phones).padStart(6),
    String(f.ideas).padStart(6),
    String(f.failed).padStart(6),
    ms(f.ackP50).padStart(10),
    ms(f.ackP99).padStart(10),
    ms(f.fanoutP50).padStart(10),
    ms(f.fanoutP99).padStart(10),
    f.eventsPerSecond.toFixed(0).padStart(8),
    f.deliveriesPerSecond.toFixed(0).padStart(10),
    (f.peakRssMiB === null ? '-' : `${f.peakRssMiB} MiB`).padStart(9),
    (f.cpuPercent === null ? '-' : `${f.cpuPercent} %`).padStart(6),
  ].join(' ');
}

async function main(): Promise<void> {
  console.log(
    `bench:live — ${new Date().toISOString()} — ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  );
  console.log(
    `${IDEAS_PER_PHONE} ideas per phone, sent at random over ${SEND_WINDOW_MS / 1000} s by ${WORKERS} load processes; fan-out = post to received by every phone`,
  );
  const bare = spawn(process.execPath, [join(__dirname, 'bare-server.js'), '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const bareUrl = `http://127.0.0.1:${(await waitForLine(bare, /listening (\d+)/, 10_000))[1]}`;
  const api = await startApi();
  console.log(`API database: ${api.database}`);
  console.log(
    [
      'target'.padEnd(22),
      'phones',
      ' ideas',
      'failed',
      '   ack p50',
      '   ack p99',
      'fanout p50',
      'fanout p99',
      'events/s',
      'deliver/s',
      '  peak RSS',
      '   CPU',
    ].join(' '),
  );
  const results: Figures[] = [];
  try {
    for (const size of SIZES) {
      const { tokens, activityId } = await prepareWorkshop(api.base, size);
      const ours = await runLoad(
        'permanente',
        api.base,
        tokens.map((token) => ({ token })),
        activityId,
        api.child.pid ?? null,
      );
      console.log(format(ours));
      const reference = await runLoad(
        'bare socket.io',
        bareUrl,
        tokens.map(() => ({})),
        'bare',
        bare.pid ?? null,
      );
      console.log(format(reference));
      console.log(
        `${''.padEnd(22)} ratio ours/bare: ack p50 ${(ours.ackP50 / reference.ackP50).toFixed(1)}x, p99 ${(ours.ackP99 / reference.ackP99).toFixed(1)}x; fan-out p50 ${(ours.fanoutP50 / reference.fanoutP50).toFixed(1)}x, p99 ${(ours.fanoutP99 / reference.fanoutP99).toFixed(1)}x`,
      );
      results.push(ours, reference);
    }
  } finally {
    api.child.kill('SIGTERM');
    bare.kill('SIGTERM');
    await new Promise((done) => setTimeout(done, 1000));
    api.cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
