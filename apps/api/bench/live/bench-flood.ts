// npm run bench:flood — one phone floods `workshop:sync` (full snapshots, as in issue 16) while
// the other phones of the workshop post ideas at a steady room rate. Prints the other phones'
// idea acknowledgement times without and with the flood, what the flooder got, and what the
// health routes answered meanwhile. Against the built API on a fresh PostgreSQL database.
// Prints figures; asserts nothing (see docs/benchmarks.md).
import './register-paths';
import type { Ack, PostIdeaResponse, SyncResponse } from '@permanente/contracts';
import { openLiveSocket, postIdea, requestSync, type LiveSocket } from '@permanente/live-client';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';

const root = join(__dirname, '../../../../../../..');
const env = (name: string, fallback: string) => process.env[name] || fallback;
const POSTGRES_URL = env('BENCH_POSTGRES_URL', 'postgres://postgres@127.0.0.1:5432/postgres');
/** Ideas on the board before the run: each snapshot the flooder asks for carries them all. */
const BOARD_IDEAS = Number(env('BENCH_BOARD_IDEAS', '1000'));
/** The other phones, each posting one idea every PHONE_INTERVAL_MS. */
const PHONES = Number(env('BENCH_PHONES', '40'));
const PHONE_INTERVAL_MS = Number(env('BENCH_PHONE_INTERVAL_MS', '2000'));
const PHASE_MS = Number(env('BENCH_PHASE_MS', '10000'));
/** Syncs a second the flooding phone sends, each from lastSeq 0 (a full snapshot). */
const FLOOD_PER_SECOND = Number(env('BENCH_FLOOD_PER_SECOND', '100'));
const POOL_SIZE = env('BENCH_POOL_SIZE', '10');

// The phones' socket and requests are the live client library's; the flooder breaks the
// protocol on purpose (a full snapshot asked again and again), so no LiveClient drives it.
type Phone = LiveSocket;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const now = () => performance.now();

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function http<T>(
  base: string,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ body: T; headers: Headers }> {
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  if (response.status >= 400) throw new Error(`${init.method ?? 'GET'} ${path}: ${text}`);
  return { body: (text ? JSON.parse(text) : null) as T, headers: response.headers };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function onAdminDatabase(sql: string): Promise<void> {
  const client = new Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The built API, one instance, on a fresh database; `stop` drops it all. */
async function startApi(): Promise<{ base: string; stop(): Promise<void> }> {
  const database = `bench_flood_${process.pid}_${randomBytes(3).toString('hex')}`;
  await onAdminDatabase(`CREATE DATABASE ${database}`);
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [join(root, 'dist/apps/api/apps/api/src/main.js')],
    {
      cwd: root,
      env: {
        PATH: process.env['PATH'] ?? '',
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        DATABASE_URL: Object.assign(new URL(POSTGRES_URL), { pathname: `/${database}` }).href,
        DATABASE_POOL_SIZE: POOL_SIZE,
        DEMO_DATA: 'true',
        WEB_ROOT: 'none',
        LOG_LEVEL: 'error',
        TRUST_PROXY_HOPS: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
    }
    await onAdminDatabase(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  };
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`the API did not start:\n${output}`);
    }
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      // not yet
    }
    await sleep(250);
  }
  return { base, stop };
}

/** A live workshop with BOARD_IDEAS paper ideas on an open board, and its phones joined. */
async function prepare(base: string) {
  const login = await http<{ csrfToken: string }>(base, '/api/auth/login', {
    method: 'POST',
    body: { email: 'organisation@permanente.test', password: 'demo-organisation' },
  });
  const staff = {
    cookie: (login.headers.get('set-cookie') ?? '').split(';')[0],
    'x-csrf-token': login.body.csrfToken,
  };
  const tree = await http<Array<{ children: Array<{ children: Array<{ id: string }> }> }>>(
    base,
    '/api/territories',
  );
  const territoryId = tree.body[0].children.flatMap((d) => d.children)[0].id;
  const workshop = await http<{ id: string; code: string }>(base, '/api/workshops', {
    method: 'POST',
    headers: staff,
    body: { title: 'Bench flood', territoryId },
  });
  const id = workshop.body.id;
  const board = await http<{ id: string }>(base, `/api/workshops/${id}/activities`, {
    method: 'POST',
    headers: staff,
    body: { kind: 'idea_board', prompt: 'Bench' },
  });
  await http(base, `/api/workshops/${id}/activities/${board.body.id}`, {
    method: 'PATCH',
    headers: staff,
    body: { status: 'open' },
  });
  await http(base, `/api/workshops/${id}/status`, {
    method: 'PUT',
    headers: staff,
    body: { status: 'live' },
  });
  for (let i = 0; i < BOARD_IDEAS; i += 20)
    await Promise.all(
      Array.from({ length: Math.min(20, BOARD_IDEAS - i) }, (_, k) =>
        http(base, `/api/workshops/${id}/ideas`, {
          method: 'POST',
          headers: staff,
          body: {
            clientId: randomUUID(),
            activityId: board.body.id,
            text: `Idée du tableau n° ${i + k}, assez longue pour peser ce que pèse une vraie idée`,
          },
        }),
      ),
    );
  const tokens: string[] = [];
  for (let i = 0; i <= PHONES; i += 1) {
    const joined = await http<{ token: string }>(base, '/api/workshops/join', {
      method: 'POST',
      headers: { 'x-forwarded-for': `10.9.${i >> 8}.${i & 255}` },
      body: { code: workshop.body.code },
    });
    tokens.push(joined.body.token);
  }
  return { activityId: board.body.id, tokens };
}

function connect(base: string, token: string): Promise<Phone> {
  const socket: Phone = openLiveSocket(
    base,
    { token },
    { transports: ['websocket'], forceNew: true },
  );
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
    socket.connect();
  });
}

interface Phase {
  acks: number[];
  refused: Record<string, number>;
  flood: { sent: number; served: number; rateLimited: number; otherwise: number };
  health: { live: number[]; ready: number[] };
}

/** PHASE_MS of the phones posting, with or without the flooder. */
async function phase(
  base: string,
  phones: Phone[],
  flooder: Phone,
  activityId: string,
  flooding: boolean,
): Promise<Phase> {
  const result: Phase = {
    acks: [],
    refused: {},
    flood: { sent: 0, served: 0, rateLimited: 0, otherwise: 0 },
    health: { live: [], ready: [] },
  };
  const end = now() + PHASE_MS;
  const pending: Array<Promise<unknown>> = [];
  const posting = phones.map(async (phone, k) => {
    // Spread over the interval, so that the room posts at a steady rate.
    await sleep((k * PHONE_INTERVAL_MS) / phones.length);
    while (now() < end) {
      const sentAt = now();
      pending.push(
        postIdea(
          phone,
          { clientId: randomUUID(), activityId, text: `Idée du téléphone ${k}` },
          30_000,
        ).then(
          (ack: Ack<PostIdeaResponse>) => {
            if (ack.ok) result.acks.push(now() - sentAt);
            else result.refused[ack.error.code] = (result.refused[ack.error.code] ?? 0) + 1;
          },
          () => (result.refused['no ack in 30 s'] = (result.refused['no ack in 30 s'] ?? 0) + 1),
        ),
      );
      await sleep(PHONE_INTERVAL_MS);
    }
  });
  const flood = (async () => {
    if (!flooding) return;
    const gap = 1000 / FLOOD_PER_SECOND;
    for (let next = now(); now() < end; next += gap) {
      result.flood.sent += 1;
      pending.push(
        requestSync(flooder, { lastSeq: null }, 30_000).then(
          (ack: Ack<SyncResponse>) => {
            if (ack.ok) result.flood.served += 1;
            else if (ack.error.code === 'rate_limited') result.flood.rateLimited += 1;
            else result.flood.otherwise += 1;
          },
          () => (result.flood.otherwise += 1),
        ),
      );
      await sleep(Math.max(0, next + gap - now()));
    }
  })();
  const health = (async () => {
    while (now() < end) {
      for (const [path, into] of [
        ['/api/health/live', result.health.live],
        ['/api/health/ready', result.health.ready],
      ] as const)
        into.push(
          await fetch(`${base}${path}`).then(
            (r) => r.status,
            () => 0,
          ),
        );
      await sleep(500);
    }
  })();
  await Promise.all([...posting, flood, health]);
  await Promise.all(pending);
  return result;
}

function print(label: string, result: Phase): void {
  const round = (n: number) => (Number.isNaN(n) ? '-' : Math.round(n).toString());
  const non200 = (codes: number[]) => codes.filter((code) => code !== 200).length;
  const refused = Object.entries(result.refused)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  console.log(
    `${label.padEnd(14)} other phones' idea acks: ${result.acks.length} ` +
      `p50 ${round(percentile(result.acks, 50))} ms, p99 ${round(percentile(result.acks, 99))} ms, ` +
      `max ${round(Math.max(...result.acks))} ms; refused: ${refused || 'none'}`,
  );
  if (result.flood.sent > 0)
    console.log(
      `${''.padEnd(14)} flooder: ${result.flood.sent} syncs sent, ${result.flood.served} served, ` +
        `${result.flood.rateLimited} rate_limited, ${result.flood.otherwise} other/no ack`,
    );
  console.log(
    `${''.padEnd(14)} health: /live ${non200(result.health.live)} of ${result.health.live.length} not 200, ` +
      `/ready ${non200(result.health.ready)} of ${result.health.ready.length} not 200`,
  );
}

async function main(): Promise<void> {
  console.log(
    `bench:flood — ${BOARD_IDEAS} ideas on the board, ${PHONES} phones posting one idea every ` +
      `${PHONE_INTERVAL_MS} ms, one phone sending ${FLOOD_PER_SECOND} full syncs/s; ` +
      `${PHASE_MS / 1000} s per phase, pool ${POOL_SIZE}, ${cpus().length} CPUs`,
  );
  const api = await startApi();
  const sockets: Phone[] = [];
  try {
    const { activityId, tokens } = await prepare(api.base);
    for (const token of tokens) sockets.push(await connect(api.base, token));
    const [flooder, ...phones] = sockets;
    print('without flood', await phase(api.base, phones, flooder, activityId, false));
    // Each phone posts PHASE_MS / PHONE_INTERVAL_MS ideas a phase: twice that stays within its
    // 20 a minute.
    await sleep(1_000);
    print('with flood', await phase(api.base, phones, flooder, activityId, true));
  } finally {
    for (const socket of sockets) socket.close();
    await api.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
