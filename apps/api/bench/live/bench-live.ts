// npm run bench:live — N simulated phones in one workshop post ideas at a fixed room rate, then
// vote in a burst, against the real API (one instance, or several joined by Redis) and, in the
// same run, against bare socket.io servers under the same load. Prints figures; asserts nothing
// (see docs/benchmarks.md).
import { ChildProcess, fork, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { createClient } from 'redis';
import { processStats } from '../shared/bench-proposals';
import type { Schedule, WorkerCommand, WorkerMessage } from './load-worker';
import { measureVoteCapacity, type VoteCapacity } from './vote-capacity';

const root = join(__dirname, '../../../../../../..');
const env = (name: string, fallback: string) => process.env[name] || fallback;
const MODES = env('BENCH_MODES', 'single,redis').split(',') as Array<'single' | 'redis'>;
const SIZES = env('BENCH_SIZES', '1000,2000,5000').split(',').map(Number);
/** Ideas per second for the whole room, whatever its size: what a room produces. */
const IDEAS_PER_SECOND = Number(env('BENCH_IDEAS_PER_SECOND', '20'));
const WINDOW_MS = Number(env('BENCH_WINDOW_MS', '10000'));
/** Votes of the burst (one per phone, capped at N), sent at random moments of the vote window. */
const VOTES = Number(env('BENCH_VOTES', '200'));
const VOTE_WINDOW_MS = Number(env('BENCH_VOTE_WINDOW_MS', '250'));
/** The ideas the dots go to (the first acknowledged ones): keeps each tally event small. */
const VOTE_IDEAS = Number(env('BENCH_VOTE_IDEAS', '10'));
const DOTS = 3;
/** Votes of the burst straight into the vote service, without phones (at most N). */
const CAPACITY_VOTES = Number(env('BENCH_CAPACITY_VOTES', '1000'));
/** BENCH_ONLY=votes: only the vote service without phones, BENCH_VOTE_RUNS times (3). */
const ONLY = env('BENCH_ONLY', '');
const VOTE_RUNS = Number(env('BENCH_VOTE_RUNS', '3'));
/** The API's default pool (DATABASE_POOL_SIZE), for the vote service run in this process. */
const POOL_SIZE = 10;
/** Load processes: BENCH_WORKERS, or one per 1,000 phones (at least 2). */
const workersFor = (phones: number) =>
  Number(process.env['BENCH_WORKERS'] || Math.max(2, Math.ceil(phones / 1000)));
const INSTANCES = Number(env('BENCH_INSTANCES', '2'));
/** postgres (a fresh database on BENCH_POSTGRES_URL) or pglite (single mode only). */
const DATABASE = env('BENCH_DATABASE', 'postgres');
const POSTGRES_URL = env('BENCH_POSTGRES_URL', 'postgres://postgres@127.0.0.1:5432/postgres');
const REDIS_URL = env('BENCH_REDIS_URL', 'redis://127.0.0.1:6379');
/** How long to wait for every phone to receive everything acknowledged. */
const DRAIN_TIMEOUT_MS = Number(env('BENCH_DRAIN_MS', '60000'));

type Mode = 'single' | 'redis';
type Report = Extract<WorkerMessage, { kind: 'report' }>;

interface Usage {
  /** Peak RSS of each server process over the whole target run (MiB). */
  rssMiB: number[];
  /** Average CPU of each server process in the ideas phase and in the vote phase (% of a core). */
  cpuIdeas: number[];
  cpuVotes: number[];
  /** CPU of all the load processes together in the ideas phase (% of a core). */
  loadCpuIdeas: number;
}

interface Figures {
  target: string;
  phones: number;
  connectS: number;
  connectFailed: number;
  ideas: number;
  /** Ideas refused (the phone keeps them to send again) and ideas acknowledged but not received by every phone. */
  ideasRefused: number;
  ideasLost: number;
  ackP50: number;
  ackP99: number;
  fanoutP50: number;
  fanoutP99: number;
  ideasPerSecond: number;
  deliveriesPerSecond: number;
  votes: number;
  votesRefused: number;
  votesLost: number;
  voteAckP50: number;
  voteAckP99: number;
  votesPerSecond: number;
  /** Vote cast to a tally including it seen by every phone. */
  voteSeenP50: number;
  voteSeenP99: number;
  dotsAcknowledged: number;
  /** The API's database sessions in each phase (average count by state), when on PostgreSQL. */
  sessions: { ideas: string; votes: string } | null;
  /** Refusals by error code (a timeout counts as unavailable). */
  errors: { ideas: Record<string, number>; votes: Record<string, number> };
  usage: Usage;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** CPU of processes between two moments, in % of one core (Linux counts 100 ticks a second). */
class CpuMeter {
  private readonly start: number[];
  private readonly at = now();
  constructor(private readonly pids: Array<number | undefined>) {
    this.start = pids.map((pid) => processStats(pid)?.cpuTicks ?? 0);
  }
  read(): number[] {
    const seconds = (now() - this.at) / 1000;
    return this.pids.map((pid, i) =>
      Math.round(((processStats(pid)?.cpuTicks ?? this.start[i]) - this.start[i]) / seconds),
    );
  }
}

/**
 * Where the API's PostgreSQL sessions spend a phase: sampled from pg_stat_activity every 50 ms,
 * averaged. "idle in transaction" is a session whose transaction waits for the Node process
 * (its event loop) between two queries, while holding its locks.
 */
class SessionSampler {
  private readonly totals = new Map<string, number>();
  private samples = 0;
  private readonly client: Client;
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(private readonly database: string) {
    this.client = new Client({ connectionString: POSTGRES_URL });
  }

  async start(): Promise<void> {
    await this.client.connect();
    this.timer = setInterval(() => void this.sample(), 50);
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const { rows } = await this.client.query<{ state: string; n: number }>(
        `SELECT CASE WHEN wait_event_type = 'Lock' THEN 'waiting for a lock'
                     WHEN state = 'active' THEN 'running a query' ELSE state END AS state,
                count(*)::int AS n
         FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() GROUP BY 1`,
        [this.database],
      );
      this.samples += 1;
      for (const row of rows) this.totals.set(row.state, (this.totals.get(row.state) ?? 0) + row.n);
    } finally {
      this.busy = false;
    }
  }

  async stop(): Promise<string> {
    clearInterval(this.timer);
    while (this.busy) await sleep(10);
    await this.client.end();
    return [...this.totals]
      .sort((a, b) => b[1] - a[1])
      .map(([state, n]) => `${state} ${(n / Math.max(1, this.samples)).toFixed(1)}`)
      .join(', ');
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
  if (response.status >= 400) throw new Error(`${init.method ?? 'GET'} ${path}: ${text}`);
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : null) as T,
    headers: response.headers,
  };
}

/** A port nobody listens on now (other benchmarks may share the machine). */
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

const databaseUrlOf = (name: string) =>
  Object.assign(new URL(POSTGRES_URL), { pathname: `/${name}` }).href;

async function onAdminDatabase(sql: string): Promise<void> {
  const client = new Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface Servers {
  urls: string[];
  /** The PostgreSQL database the API runs on (null: PGlite, or no database). */
  database: string | null;
  processes: ChildProcess[];
  stop(): Promise<void>;
  /** Errors the API logged (LOG_LEVEL=warn, JSON lines): how many, and the first one. */
  errors?: { count: number; first: string };
}

async function stopAll(processes: ChildProcess[]): Promise<void> {
  await Promise.all(
    processes.map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
          child.once('exit', () => {
            clearTimeout(timer);
            done();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}

/** Removes the Redis keys of a run (the API's and the bare servers' streams, their counter). */
async function dropRedisKeys(prefix: string): Promise<void> {
  const redis = createClient({ url: REDIS_URL });
  await redis.connect();
  try {
    const keys: string[] = [];
    for await (const batch of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 }))
      keys.push(...(Array.isArray(batch) ? batch : [batch]));
    if (keys.length > 0) await redis.del(keys);
  } finally {
    await redis.quit();
  }
}

/**
 * The built API: one instance, or INSTANCES on one fresh PostgreSQL database joined by Redis.
 * The first instance loads the demo data (and runs the migrations) before the others start.
 */
async function startApi(mode: Mode, prefix: string): Promise<Servers> {
  const count = mode === 'redis' ? INSTANCES : 1;
  const pglite = mode === 'single' && DATABASE === 'pglite';
  const database = `bench_live_${process.pid}_${randomBytes(3).toString('hex')}`;
  const databaseUrl = pglite ? '' : databaseUrlOf(database);
  if (!pglite) await onAdminDatabase(`CREATE DATABASE ${database}`);
  const dataDirs: string[] = [];
  const processes: ChildProcess[] = [];
  const urls: string[] = [];
  const errors = { count: 0, first: '' };
  const stop = async () => {
    interrupted.delete(stop);
    await stopAll(processes);
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    if (!pglite) await onAdminDatabase(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    if (mode === 'redis') await dropRedisKeys(prefix).catch(() => undefined);
  };
  interrupted.add(stop);
  try {
    for (let i = 0; i < count; i += 1) {
      const dataDir = mkdtempSync(join(tmpdir(), 'permanente-bench-'));
      dataDirs.push(dataDir);
      const port = await freePort();
      const child = spawn(process.execPath, [join(root, 'dist/apps/api/apps/api/src/main.js')], {
        cwd: root,
        env: {
          PATH: process.env['PATH'] ?? '',
          PORT: String(port),
          HOST: '127.0.0.1',
          PUBLIC_URL: `http://127.0.0.1:${port}`,
          DATA_DIR: dataDir,
          DATABASE_URL: databaseUrl,
          DEMO_DATA: i === 0 ? 'true' : 'false',
          ...(mode === 'redis' ? { REDIS_URL, REDIS_KEY_PREFIX: prefix } : {}),
          WEB_ROOT: 'none',
          LOG_LEVEL: 'warn',
          LOG_FORMAT: 'json',
          // Each simulated phone sends its own X-Forwarded-For, as phones behind their own networks.
          TRUST_PROXY_HOPS: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      processes.push(child);
      let output = '';
      const onOutput = (chunk: Buffer) => {
        output = (output + chunk).slice(-4000);
        for (const line of chunk.toString().split('\n')) {
          if (!line.includes('"level":"error"')) continue;
          errors.count += 1;
          if (!errors.first) errors.first = line.slice(0, 300);
        }
      };
      child.stdout?.on('data', onOutput);
      child.stderr?.on('data', onOutput);
      const base = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 120_000;
      for (;;) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`API instance ${i + 1} did not start:\n${output}`);
        try {
          if ((await fetch(`${base}/api/health`)).ok) break;
        } catch {
          // not yet
        }
        await sleep(250);
      }
      urls.push(base);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, processes, stop, database: pglite ? null : database, errors };
}

async function startBare(mode: Mode, prefix: string): Promise<Servers> {
  const count = mode === 'redis' ? INSTANCES : 1;
  const processes = Array.from({ length: count }, () =>
    spawn(
      process.execPath,
      [
        join(__dirname, 'bare-server.js'),
        '0',
        ...(mode === 'redis' ? [REDIS_URL, `${prefix}:bare`] : []),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    ),
  );
  const urls = await Promise.all(
    processes.map(
      async (child) =>
        `http://127.0.0.1:${(await waitForLine(child, /listening (\d+)/, 10_000))[1]}`,
    ),
  );
  return { urls, processes, stop: () => stopAll(processes), database: null };
}

interface Workshop {
  id: string;
  staff: Record<string, string>;
  boardId: string;
  tokens: string[];
}

/** A live workshop with an open idea board, and N participants joined through the HTTP route. */
async function prepareWorkshop(urls: string[], phones: number): Promise<Workshop> {
  const base = urls[0];
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
  const tokens: string[] = [];
  for (let i = 0; i < phones; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, phones - i) }, (_, k) =>
        http<{ token: string }>(urls[(i + k) % urls.length], '/api/workshops/join', {
          method: 'POST',
          headers: {
            'x-forwarded-for': `10.${(i + k) >> 16}.${((i + k) >> 8) & 255}.${(i + k) & 255}`,
          },
          body: { code: workshop.body.code },
        }),
      ),
    );
    tokens.push(...batch.map((joined) => joined.body.token));
  }
  return { id, staff, boardId: board.body.id, tokens };
}

/** The organiser opens a dot vote on ideas (which closes the idea board). */
async function openVote(base: string, workshop: Workshop): Promise<string> {
  const vote = await http<{ id: string }>(base, `/api/workshops/${workshop.id}/activities`, {
    method: 'POST',
    headers: workshop.staff,
    body: { kind: 'dot_vote', prompt: 'Bench vote', dots: DOTS, voteOn: 'ideas' },
  });
  await http(base, `/api/workshops/${workshop.id}/activities/${vote.body.id}`, {
    method: 'PATCH',
    headers: workshop.staff,
    body: { status: 'open' },
  });
  return vote.body.id;
}

/** Waits until the servers are idle (below 15 % CPU over half a second), for at most 60 s. */
async function settle(pids: Array<number | undefined>): Promise<number> {
  const start = now();
  while (now() - start < 60_000) {
    const meter = new CpuMeter(pids);
    await sleep(500);
    if (Math.max(...meter.read()) < 15) break;
  }
  return (now() - start) / 1000;
}

/** Each of `count` contributions goes to a distinct phone (while there are phones) at a random moment. */
function schedule(count: number, phones: number, windowMs: number, workers: number): Schedule[] {
  const perWorker: Schedule[] = Array.from({ length: workers }, () => []);
  const share = Math.ceil(phones / workers);
  for (let k = 0; k < count; k += 1) {
    const phone = count <= phones ? Math.floor((k * phones) / count) : k % phones;
    perWorker[Math.floor(phone / share)].push([phone % share, Math.random() * windowMs]);
  }
  return perWorker;
}

/** One target (the API or the bare servers) under the whole load: connect, ideas, votes. */
async function runLoad(
  target: string,
  servers: Servers,
  auths: Array<Record<string, string>>,
  activities: { board: string; openVote(): Promise<string> },
): Promise<Figures> {
  const phones = auths.length;
  const workerCount = workersFor(phones);
  const workers = Array.from({ length: workerCount }, () =>
    fork(join(__dirname, 'load-worker.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  const serverPids = servers.processes.map((p) => p.pid);
  const workerPids = workers.map((w) => w.pid);
  const next = <K extends WorkerMessage['kind']>(worker: ChildProcess, kind: K) =>
    new Promise<Extract<WorkerMessage, { kind: K }>>((resolve) => {
      const onMessage = (message: WorkerMessage) => {
        if (message.kind !== kind) return;
        worker.off('message', onMessage);
        resolve(message as Extract<WorkerMessage, { kind: K }>);
      };
      worker.on('message', onMessage);
    });
  const all = <K extends WorkerMessage['kind']>(kind: K, command?: (w: number) => WorkerCommand) =>
    Promise.all(
      workers.map((worker, w) => {
        const reply = next(worker, kind);
        if (command) worker.send(command(w));
        return reply;
      }),
    );
  const peakRss = serverPids.map(() => 0);
  const sampler = setInterval(() => {
    serverPids.forEach((pid, i) => {
      peakRss[i] = Math.max(peakRss[i], processStats(pid)?.rssKiB ?? 0);
    });
  }, 100);
  try {
    // Connect: phones spread evenly over the instances, each straight to its own.
    const share = Math.ceil(phones / workerCount);
    const connectStart = now();
    const ready = await all('ready', (w) => ({
      kind: 'start',
      phones: auths
        .slice(w * share, (w + 1) * share)
        .map((auth, k) => ({ url: servers.urls[(w * share + k) % servers.urls.length], auth })),
    }));
    const connectS = (now() - connectStart) / 1000;
    const connectFailed = sum(ready.map((r) => r.failed));
    await settle(serverPids);

    // Ideas: a fixed rate for the whole room, the same whatever its size.
    const ideaCount = Math.round((IDEAS_PER_SECOND * WINDOW_MS) / 1000);
    const ideaPlan = schedule(ideaCount, phones, WINDOW_MS, workerCount);
    const ideasSessions = servers.database ? new SessionSampler(servers.database) : null;
    await ideasSessions?.start();
    const ideasMeter = new CpuMeter(serverPids);
    const loadMeter = new CpuMeter(workerPids);
    const ideasAt = now() + 500;
    const posted = await all('posted', (w) => ({
      kind: 'ideas',
      at: ideasAt,
      activityId: activities.board,
      schedule: ideaPlan[w],
    }));
    const ideaAcks = posted.flatMap((r) => r.acks);
    const expected = ideaAcks.length * (phones - connectFailed);
    for (const until = now() + DRAIN_TIMEOUT_MS; now() < until; await sleep(200)) {
      const counts = await all('count', () => ({ kind: 'count' }));
      if (sum(counts.map((c) => c.ideaDeliveries)) >= expected) break;
    }
    const ideasS = (now() - ideasAt) / 1000;
    const cpuIdeas = ideasMeter.read();
    const sessionsIdeas = await ideasSessions?.stop();
    const loadCpuIdeas = sum(loadMeter.read());
    await settle(serverPids);

    // Votes: a burst, one vote per phone, on the first ideas.
    const voteId = await activities.openVote();
    const voteCount = Math.min(VOTES, phones - connectFailed);
    const votePlan = schedule(voteCount, phones, VOTE_WINDOW_MS, workerCount);
    const ideaIds = posted.flatMap((r) => r.ideaIds).slice(0, VOTE_IDEAS);
    const votesSessions = servers.database ? new SessionSampler(servers.database) : null;
    await votesSessions?.start();
    const votesMeter = new CpuMeter(serverPids);
    const votesAt = now() + 500;
    const voted = await all('voted', (w) => ({
      kind: 'votes',
      at: votesAt,
      activityId: voteId,
      schedule: votePlan[w],
      ideaIds,
      dots: DOTS,
    }));
    // Each phone votes once, so the k-th vote acknowledged (on the shared clock) makes k
    // voters: a tally counting at least k voters is, to within the votes committed but not
    // yet acknowledged at that moment, one that counts it. (The ack no longer carries the
    // room's results, which made each vote cost as much as the whole room's tally.)
    const votes = voted
      .flatMap((r) => r.votes)
      .sort((a, b) => a[2] - b[2])
      .map(([, sentAt, ackAt], index): [number, number, number] => [index + 1, sentAt, ackAt]);
    const lastRank = Math.max(0, ...votes.map(([rank]) => rank));
    for (const until = now() + DRAIN_TIMEOUT_MS; now() < until; await sleep(200)) {
      const counts = await all('count', () => ({ kind: 'count' }));
      if (Math.min(...counts.map((c) => c.minVoters)) >= lastRank) break;
    }
    const cpuVotes = votesMeter.read();
    const sessionsVotes = await votesSessions?.stop();
    const reports: Report[] = await all('report', () => ({ kind: 'report' }));

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
    const fanout: number[] = [];
    for (const [clientId, sentAt] of posted.flatMap((r) => r.sent)) {
      const entry = reach.get(clientId);
      if (entry && entry.count === phones - connectFailed) fanout.push(entry.last - sentAt);
    }
    // A vote is seen when every phone has received a tally counting at least its rank.
    const seen: number[] = [];
    for (const [rank, sentAt] of votes) {
      const reached = sum(reports.map((r) => r.voteReached[rank - 1] ?? 0));
      if (reached === phones - connectFailed)
        seen.push(Math.max(...reports.map((r) => r.voteLast[rank - 1] ?? 0)) - sentAt);
    }
    const voteAcks = voted.flatMap((r) => r.acks);
    const firstSent = Math.min(...votes.map(([, sentAt]) => sentAt));
    const lastAck = Math.max(...votes.map(([, , ackAt]) => ackAt));
    return {
      target,
      phones,
      connectS,
      connectFailed,
      ideas: ideaAcks.length,
      ideasRefused: ideaCount - ideaAcks.length,
      ideasLost: ideaAcks.length - fanout.length,
      ackP50: percentile(ideaAcks, 50),
      ackP99: percentile(ideaAcks, 99),
      fanoutP50: percentile(fanout, 50),
      fanoutP99: percentile(fanout, 99),
      ideasPerSecond: ideaAcks.length / ideasS,
      deliveriesPerSecond: sum(reports.map((r) => r.ideaDeliveries)) / ideasS,
      votes: voteAcks.length,
      votesRefused: voteCount - votes.length,
      votesLost: votes.length - seen.length,
      voteAckP50: percentile(voteAcks, 50),
      voteAckP99: percentile(voteAcks, 99),
      votesPerSecond: votes.length > 0 ? votes.length / ((lastAck - firstSent) / 1000) : 0,
      voteSeenP50: percentile(seen, 50),
      voteSeenP99: percentile(seen, 99),
      dotsAcknowledged: sum(voted.map((r) => r.dots)),
      sessions:
        sessionsIdeas !== undefined && sessionsVotes !== undefined
          ? { ideas: sessionsIdeas, votes: sessionsVotes }
          : null,
      errors: {
        ideas: mergeErrors(posted.map((r) => r.errors)),
        votes: mergeErrors(voted.map((r) => r.errors)),
      },
      usage: {
        rssMiB: peakRss.map((kib) => Math.round(kib / 1024)),
        cpuIdeas,
        cpuVotes,
        loadCpuIdeas,
      },
    };
  } finally {
    clearInterval(sampler);
    await stopAll(workers);
  }
}

function mergeErrors(all: Array<Record<string, number>>): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const errors of all)
    for (const [code, n] of Object.entries(errors)) merged[code] = (merged[code] ?? 0) + n;
  return merged;
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(v < 100 ? 1 : 0)} ms` : '-');
const pct = (values: number[]) => `${sum(values)} %`;
const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(1)}x` : '-');

const COLUMNS: Array<[string, number, (f: Figures) => string]> = [
  ['target', 14, (f) => f.target],
  ['connect', 8, (f) => `${f.connectS.toFixed(1)} s`],
  ['ideas', 6, (f) => String(f.ideas)],
  ['refused', 7, (f) => String(f.ideasRefused)],
  ['lost', 4, (f) => String(f.ideasLost)],
  ['ack p50', 9, (f) => ms(f.ackP50)],
  ['ack p99', 9, (f) => ms(f.ackP99)],
  ['fan p50', 9, (f) => ms(f.fanoutP50)],
  ['fan p99', 9, (f) => ms(f.fanoutP99)],
  ['ideas/s', 7, (f) => f.ideasPerSecond.toFixed(1)],
  ['deliv/s', 7, (f) => f.deliveriesPerSecond.toFixed(0)],
  ['votes', 5, (f) => String(f.votes)],
  ['refused', 7, (f) => String(f.votesRefused)],
  ['lost', 4, (f) => String(f.votesLost)],
  ['vote p50', 9, (f) => ms(f.voteAckP50)],
  ['vote p99', 9, (f) => ms(f.voteAckP99)],
  ['votes/s', 7, (f) => f.votesPerSecond.toFixed(0)],
  ['seen p99', 9, (f) => ms(f.voteSeenP99)],
  ['RSS', 9, (f) => `${sum(f.usage.rssMiB)} MiB`],
  ['CPU i/v', 11, (f) => `${pct(f.usage.cpuIdeas)}/${pct(f.usage.cpuVotes)}`],
  ['load CPU', 8, (f) => `${f.usage.loadCpuIdeas} %`],
];
const row = (cells: string[]) =>
  cells
    .map((cell, i) => (i === 0 ? cell.padEnd(COLUMNS[i][1]) : cell.padStart(COLUMNS[i][1])))
    .join(' ');

interface Outcome {
  mode: Mode;
  phones: number;
  ours: Figures;
  bare: Figures;
  stored: { voters: number; dots: number };
  capacity: VoteCapacity | null;
}

async function runSize(mode: Mode, phones: number): Promise<Outcome> {
  // REDIS_KEY_PREFIX of this size's run: its streams and counters mix with no other run's.
  const prefix = `bench-live-${process.pid}-${randomBytes(3).toString('hex')}`;
  const api = await startApi(mode, prefix);
  try {
    const workshop = await prepareWorkshop(api.urls, phones);
    let voteId = '';
    const ours = await runLoad(
      'permanente',
      api,
      workshop.tokens.map((token) => ({ token })),
      {
        board: workshop.boardId,
        openVote: async () => (voteId = await openVote(api.urls[0], workshop)),
      },
    );
    // What the database holds, read back through the API as the organiser sees it.
    const snapshot = await http<{
      results: Array<{ activityId: string; tallies?: Record<string, number>; voters?: number }>;
    }>(api.urls[0], `/api/workshops/${workshop.id}/snapshot`, { headers: workshop.staff });
    const results = snapshot.body.results.find((r) => r.activityId === voteId);
    const stored = {
      voters: results?.voters ?? 0,
      dots: sum(Object.values(results?.tallies ?? {})),
    };
    console.log(row(COLUMNS.map(([, , cell]) => cell(ours))));
    // The same kind of burst straight into the vote service: no phones, so no fan-out.
    const capacitySessions = api.database ? new SessionSampler(api.database) : null;
    const capacityVote = api.database ? await openVote(api.urls[0], workshop) : '';
    await capacitySessions?.start();
    const capacity = api.database
      ? await measureVoteCapacity({
          databaseUrl: databaseUrlOf(api.database),
          workshopId: workshop.id,
          activityId: capacityVote,
          votes: Math.min(CAPACITY_VOTES, phones),
          dots: DOTS,
          poolSize: POOL_SIZE,
          percentile,
        })
      : null;
    const capacitySessionsSeen = await capacitySessions?.stop();
    const bareServers = await startBare(mode, prefix);
    let bare: Figures;
    try {
      bare = await runLoad(
        'bare socket.io',
        bareServers,
        workshop.tokens.map(() => ({})),
        { board: 'bare-board', openVote: async () => 'bare-vote' },
      );
    } finally {
      await bareServers.stop();
    }
    console.log(row(COLUMNS.map(([, , cell]) => cell(bare))));
    console.log(
      `  ours/bare: idea ack p50 ${ratio(ours.ackP50, bare.ackP50)}, p99 ${ratio(ours.ackP99, bare.ackP99)}; ` +
        `fan-out p50 ${ratio(ours.fanoutP50, bare.fanoutP50)}, p99 ${ratio(ours.fanoutP99, bare.fanoutP99)}; ` +
        `vote ack p99 ${ratio(ours.voteAckP99, bare.voteAckP99)}; vote seen p99 ${ratio(ours.voteSeenP99, bare.voteSeenP99)}`,
    );
    if (ours.usage.rssMiB.length > 1) {
      const per = (f: Figures) =>
        f.usage.rssMiB
          .map((rss, i) => `#${i + 1} ${rss} MiB ${f.usage.cpuIdeas[i]}/${f.usage.cpuVotes[i]} %`)
          .join(', ');
      console.log(`  per instance (RSS, CPU ideas/votes): ours ${per(ours)}; bare ${per(bare)}`);
    }
    console.log(
      `  stored votes: ${stored.voters} voters, ${stored.dots} dots; acknowledged: ${ours.votes} votes, ${ours.dotsAcknowledged} dots` +
        (stored.voters === ours.votes && stored.dots === ours.dotsAcknowledged
          ? ' (equal)'
          : ' (DIFFERENT)') +
        `; phones that failed to connect: ours ${ours.connectFailed}, bare ${bare.connectFailed}`,
    );
    if (capacity)
      console.log(
        `  vote service without phones (${capacity.votes + capacity.failed} votes at once, pool of ${POOL_SIZE}): ` +
          `${capacity.perSecond.toFixed(0)} durable votes/s, ack p50 ${ms(capacity.ackP50)}, p99 ${ms(capacity.ackP99)}` +
          (capacity.failed > 0 ? `, refused ${JSON.stringify(capacity.errors)}` : '') +
          `; its PostgreSQL sessions (average): ${capacitySessionsSeen}`,
      );
    if (ours.sessions)
      console.log(
        `  API's PostgreSQL sessions (average): ideas phase ${ours.sessions.ideas}; vote phase ${ours.sessions.votes}`,
      );
    if (api.errors?.count)
      console.log(`  API errors logged: ${api.errors.count}; the first: ${api.errors.first}`);
    for (const f of [ours, bare])
      for (const [what, errors] of Object.entries(f.errors))
        if (Object.keys(errors).length > 0)
          console.log(`  ${what} refused (${f.target}): ${JSON.stringify(errors)}`);
    return { mode, phones, ours, bare, stored, capacity };
  } finally {
    await api.stop();
  }
}

/**
 * BENCH_ONLY=votes: the durable votes/s of the vote service without phones, several runs in a
 * row (the goal is 1,000/s in three runs out of three), each on a fresh workshop of
 * BENCH_CAPACITY_VOTES participants with 10 paper ideas to vote on.
 */
async function voteRuns(): Promise<void> {
  const votes = CAPACITY_VOTES;
  console.log(
    `vote service without phones: ${votes} votes at once (${DOTS} dots each on 10 ideas), pool of ${POOL_SIZE}, ${VOTE_RUNS} runs; load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  const rates: number[] = [];
  for (let run = 1; run <= VOTE_RUNS; run += 1) {
    const api = await startApi('single', `bench-votes-${process.pid}-${run}`);
    try {
      const workshop = await prepareWorkshop(api.urls, votes);
      for (let i = 0; i < 10; i += 1)
        await http(api.urls[0], `/api/workshops/${workshop.id}/ideas`, {
          method: 'POST',
          headers: workshop.staff,
          body: { clientId: randomUUID(), activityId: workshop.boardId, text: `Idée ${i}` },
        });
      const voteId = await openVote(api.urls[0], workshop);
      const capacity = await measureVoteCapacity({
        databaseUrl: databaseUrlOf(api.database!),
        workshopId: workshop.id,
        activityId: voteId,
        votes,
        dots: DOTS,
        poolSize: POOL_SIZE,
        percentile,
      });
      rates.push(capacity.perSecond);
      console.log(
        `run ${run}: ${capacity.votes} durable votes in ${capacity.perSecond.toFixed(0)} votes/s, ack p50 ${ms(capacity.ackP50)}, p99 ${ms(capacity.ackP99)}` +
          `${capacity.failed ? `, ${capacity.failed} failed ${JSON.stringify(capacity.errors)}` : ''}; load average ${loadavg()
            .map((n) => n.toFixed(2))
            .join(' ')}`,
      );
    } finally {
      await api.stop();
    }
  }
  console.log(
    `votes/s over ${VOTE_RUNS} runs: ${rates.map((r) => r.toFixed(0)).join(', ')} (>= 1000 in ${rates.filter((r) => r >= 1000).length} of ${VOTE_RUNS})`,
  );
}

async function main(): Promise<void> {
  if (ONLY === 'votes') return voteRuns();
  console.log(
    `bench:live — ${new Date().toISOString()} — ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  );
  console.log(
    `load: ${IDEAS_PER_SECOND} ideas/s for the whole room over ${WINDOW_MS / 1000} s (each by a distinct phone), ` +
      `then a vote burst of ${VOTES} votes (one per phone, at most N; ${DOTS} dots on ${VOTE_IDEAS} ideas) sent over ${VOTE_WINDOW_MS} ms; ` +
      `load processes: ${process.env['BENCH_WORKERS'] || 'one per 1,000 phones, at least 2'}`,
  );
  console.log(
    `database: ${DATABASE === 'pglite' ? 'embedded PGlite (single), ' : ''}a fresh PostgreSQL database on ${new URL(POSTGRES_URL).host}; ` +
      `redis mode: ${INSTANCES} API instances and ${INSTANCES} bare servers on ${new URL(REDIS_URL).host} (Redis Streams adapter)`,
  );
  console.log(
    'fan p50/p99: idea post to received by every phone; seen p99: vote cast to a tally counting it received by every phone;\n' +
      'votes/s: acknowledged (committed) votes / (last ack - first vote); RSS: peak, summed over server processes; CPU i/v: servers in the ideas / vote phase (% of a core);\n' +
      `refused: answered with an error (the phone keeps it to send again); lost: acknowledged but not received by every phone within ${DRAIN_TIMEOUT_MS / 1000} s`,
  );
  const outcomes: Outcome[] = [];
  for (const mode of MODES) {
    for (const phones of SIZES) {
      console.log(
        `\n${mode === 'redis' ? `${INSTANCES} instances + Redis` : 'single instance'}, ${phones} phones, ${workersFor(phones)} load processes`,
      );
      console.log(row(COLUMNS.map(([title]) => title)));
      outcomes.push(await runSize(mode, phones));
    }
  }
  console.log('\nsummary');
  console.log(
    '| mode | phones | fan-out p99 | bare | ratio | idea ack p99 | votes/s (bare) | vote ack p99 | vote seen p99 (bare) | votes/s without phones | peak RSS | stored = acked |',
  );
  console.log(
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  );
  for (const { mode, phones, ours, bare, stored, capacity } of outcomes) {
    console.log(
      `| ${mode} | ${phones} | ${ms(ours.fanoutP99)} | ${ms(bare.fanoutP99)} | ${ratio(ours.fanoutP99, bare.fanoutP99)} | ` +
        `${ms(ours.ackP99)} | ${ours.votesPerSecond.toFixed(0)} (${bare.votesPerSecond.toFixed(0)}) | ${ms(ours.voteAckP99)} | ` +
        `${ms(ours.voteSeenP99)} (${ms(bare.voteSeenP99)}) | ${capacity ? capacity.perSecond.toFixed(0) : '-'} | ` +
        `${sum(ours.usage.rssMiB)} MiB | ${stored.voters === ours.votes && stored.dots === ours.dotsAcknowledged ? 'yes' : 'no'} (${stored.voters}) |`,
    );
  }
}

// Ctrl-C stops the API processes and drops the database before leaving.
const interrupted = new Set<() => Promise<void>>();
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the servers and dropping the bench database`);
    void Promise.allSettled([...interrupted].map((stop) => stop())).then(() => process.exit(130));
  });

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
