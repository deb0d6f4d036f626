// npm run bench:http — the public pages' HTTP routes under autocannon load, against the built
// API (a child process on a fresh PostgreSQL database with the demo data and BENCH_PROPOSALS
// more published proposals). Prints figures; asserts nothing (see docs/benchmarks.md).
//
//   BENCH_PROPOSALS=10000 BENCH_CONNECTIONS=200 BENCH_DURATION=15 npm run bench:http
//
// BENCH_POSTGRES_URL: the server to create the throwaway database on (default
// postgres://postgres@127.0.0.1:5432/postgres); BENCH_ROUTES=list,search keeps some routes;
// BENCH_POOL_SIZE sets the API's DATABASE_POOL_SIZE (default: the API's own, 10);
// BENCH_LOG_LEVEL the API's LOG_LEVEL (default log, as in production: one line per request);
// BENCH_KEEP=1 keeps the database to inspect, BENCH_KEEP_LOG=1 the API's log; BENCH_NGINX=1 (or
// the path of an nginx binary) adds the list, a search and a proposal page through nginx with
// docker/nginx.conf and its micro-cache.
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  createWriteStream,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { BENCH_SEARCHES, insertBenchProposals, processStats } from '../shared/bench-proposals';

const root = join(__dirname, '../../../../../../..');
const PROPOSALS = Number(process.env['BENCH_PROPOSALS'] ?? 10_000);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 200);
const DURATION = Number(process.env['BENCH_DURATION'] ?? 15);
const ADMIN_URL =
  process.env['BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ONLY = process.env['BENCH_ROUTES']?.split(',');
const NGINX = process.env['BENCH_NGINX'] === '1' ? 'nginx' : process.env['BENCH_NGINX'];

interface Route {
  key: string;
  label: string;
  /** One path per connection, in turn (a search rotates its words over the connections). */
  paths: string[];
  /** Through nginx with docker/nginx.conf (BENCH_NGINX), or the bare reference server. */
  via?: 'nginx' | 'bare';
}

interface Target {
  base: string;
  pid: number;
}

interface Row {
  route: Route;
  result: autocannon.Result;
  bytes: number;
  rssMiB: number;
  cpuPercent: number;
  machineCpuPercent: number;
}

/** The machine's busy and total CPU ticks (every process: the API, PostgreSQL, the load). */
function machineTicks(): { busy: number; total: number } {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const values = fields.map(Number);
  const idle = values[3] + (values[4] ?? 0);
  const total = values.reduce((sum, v) => sum + v, 0);
  return { busy: total - idle, total };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Starts the built API on the bench database with the demo data, served as in production. */
async function startApi(
  databaseUrl: string,
  logFile: string,
): Promise<{ base: string; child: ChildProcess }> {
  const port = 3400 + Math.floor(Math.random() * 400);
  const child = spawn(process.execPath, [join(root, 'dist/apps/api/apps/api/src/main.js')], {
    cwd: root,
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: databaseUrl,
      DEMO_DATA: 'true',
      WEB_ROOT: join(root, 'dist/apps/web'),
      LOG_FORMAT: 'json',
      LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'log',
      // Each connection sends its own X-Forwarded-For, as visitors behind one reverse proxy.
      TRUST_PROXY_HOPS: '1',
      ...(process.env['BENCH_POOL_SIZE']
        ? { DATABASE_POOL_SIZE: process.env['BENCH_POOL_SIZE'] }
        : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The request log goes to a file, as under a process manager, not through this process.
  const log = createWriteStream(logFile);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}): ${logFile}`);
    if (Date.now() > deadline) throw new Error(`the API did not start: ${logFile}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      // not yet
    }
    await new Promise((done) => setTimeout(done, 500));
  }
  return { base, child };
}

/** BENCH_PROPOSALS published, under review or answered proposals in the demo campaign. */
async function seed(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `SELECT id FROM campaigns WHERE slug = 'democratie-permanente-2026'`,
    );
    if (rows.length === 0) throw new Error('no demo campaign');
    await insertBenchProposals(
      (sql, params) => client.query(sql, params),
      rows[0].id,
      PROPOSALS,
      200,
    );
    // The steady state autovacuum keeps (statistics, visibility map for index-only counts).
    await client.query(`VACUUM (ANALYZE) proposals`);
  } finally {
    await client.end();
  }
}

/**
 * nginx with docker/nginx.conf in front of the API, as in production: the same file, with the
 * replicas' address, the port and the cache folder of this run (and without `resolve`, which
 * needs Docker's DNS and nginx 1.27.3 or later).
 */
async function startNginx(
  binary: string,
  apiPort: string,
  dir: string,
): Promise<{ base: string; child: ChildProcess }> {
  const port = 3800 + Math.floor(Math.random() * 150);
  let conf = readFileSync(join(root, 'docker/nginx.conf'), 'utf8');
  for (const [from, to] of [
    [/server api:3000 resolve /g, `server 127.0.0.1:${apiPort} `],
    [/listen 80;/g, `listen 127.0.0.1:${port};`],
    [/\/var\/cache\/nginx\/permanente/g, join(dir, 'nginx-cache')],
  ] as const) {
    if (!from.test(conf)) throw new Error(`docker/nginx.conf no longer has ${from}`);
    conf = conf.replace(from, to);
  }
  const file = join(dir, 'nginx.conf');
  writeFileSync(file, conf);
  // nginx's workers run as an unprivileged user: they must reach the cache folder in here.
  chmodSync(dir, 0o755);
  const child = spawn(
    binary,
    [
      '-p',
      dir,
      '-c',
      file,
      '-e',
      join(dir, 'nginx-error.log'),
      '-g',
      `daemon off; pid ${join(dir, 'nginx.pid')};`,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode})`);
    if (Date.now() > deadline) {
      child.kill('SIGQUIT');
      throw new Error(`nginx did not answer: ${join(dir, 'nginx-error.log')}`);
    }
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { base, child };
    } catch {
      // not yet
    }
    await new Promise((done) => setTimeout(done, 200));
  }
}

async function getJson<T>(base: string, path: string): Promise<T> {
  const response = await fetch(`${base}${path}`);
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return (await response.json()) as T;
}

/** The requests the public pages make, as the web app sends them (see apps/web/src/modules). */
async function routes(base: string): Promise<Route[]> {
  const tours = await getJson<Array<{ id: string }>>(base, '/api/tours');
  const tourId = tours[0].id;
  const newest = await getJson<{ items: Array<{ id: string }>; total: number }>(
    base,
    '/api/proposals?limit=20&offset=0',
  );
  const territories = await getJson<Array<{ children: Array<{ id: string }> }>>(
    base,
    '/api/territories',
  );
  const departements = territories[0].children.map((d) => d.id);
  const list: Route[] = [
    {
      key: 'list',
      label: `GET /api/proposals?limit=20&offset=0 (/proposals, ${newest.total.toLocaleString('en-GB')} public)`,
      paths: ['/api/proposals?limit=20&offset=0'],
    },
    {
      key: 'filtered',
      label: 'GET /api/proposals?territoryId=<département>&sort=supports (6 départements)',
      paths: departements.map(
        (id) => `/api/proposals?limit=20&offset=0&territoryId=${id}&sort=supports`,
      ),
    },
    {
      key: 'search',
      label: `GET /api/proposals?q=… (French search, ${BENCH_SEARCHES.length} words in turn)`,
      paths: BENCH_SEARCHES.map(
        (q) => `/api/proposals?limit=20&offset=0&q=${encodeURIComponent(q)}`,
      ),
    },
    {
      key: 'figures',
      label: 'GET /api/proposals/figures (/proposals, per territory)',
      paths: ['/api/proposals/figures'],
    },
    { key: 'tours', label: 'GET /api/tours (/tour, first call)', paths: ['/api/tours'] },
    {
      key: 'tour',
      label: 'GET /api/tours/:id (/tour, the itinerary)',
      paths: [`/api/tours/${tourId}`],
    },
    {
      key: 'coverage',
      label: 'GET /api/tours/:id/coverage (/tour, the map)',
      paths: [`/api/tours/${tourId}/coverage`],
    },
    {
      key: 'proposal',
      label: 'GET /api/proposals/:id (a proposal page, 20 in turn)',
      paths: newest.items.map((item) => `/api/proposals/${item.id}`),
    },
    { key: 'spa', label: 'GET /tour (the SPA: index.html)', paths: ['/tour'] },
    {
      key: 'bare',
      label: 'reference: bare node:http answering the list’s JSON (no framework, no database)',
      paths: ['/'],
      via: 'bare',
    },
  ];
  const throughNginx: Route[] = NGINX
    ? list
        .filter((route) => ['list', 'search', 'proposal'].includes(route.key))
        .map((route) => ({
          ...route,
          key: `${route.key}-nginx`,
          label: `${route.label}, through nginx`,
          via: 'nginx',
        }))
    : [];
  return [...list.slice(0, -1), ...throughNginx, ...list.slice(-1)].filter(
    (route) => !ONLY || ONLY.includes(route.key),
  );
}

async function measure({ base, pid }: Target, route: Route): Promise<Row> {
  let bytes = 0;
  {
    const response = await fetch(`${base}${route.paths[0]}`);
    bytes = (await response.arrayBuffer()).byteLength;
  }
  let peakRss = processStats(pid)?.rssKiB ?? 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, processStats(pid)?.rssKiB ?? 0);
  }, 250);
  const before = processStats(pid);
  const machineBefore = machineTicks();
  const started = Date.now();
  let connection = 0;
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: DURATION,
    setupClient: (client) => {
      const n = connection++;
      client.setRequests([
        {
          method: 'GET',
          path: route.paths[n % route.paths.length],
          // setRequests, not setRequest: the latter only changes the connection's first request.
          // A distinct visitor per connection: per-address rate limits must not be what we measure.
          headers: { 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
        },
      ]);
    },
  });
  const elapsedS = (Date.now() - started) / 1000;
  clearInterval(sampler);
  const after = processStats(pid);
  const machineAfter = machineTicks();
  const ticksPerSecond = 100;
  return {
    route,
    result,
    bytes,
    rssMiB: Math.round(peakRss / 1024),
    cpuPercent:
      before && after
        ? Math.round(((after.cpuTicks - before.cpuTicks) / ticksPerSecond / elapsedS) * 100)
        : NaN,
    machineCpuPercent: Math.round(
      ((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)) *
        100 *
        cpus().length,
    ),
  };
}

function printTable(rows: Row[]): void {
  const header = [
    'route',
    'req/s',
    'p50',
    'p99',
    'max',
    'non-2xx',
    'errors',
    'body',
    'server RSS',
    'server CPU',
    'machine CPU',
  ];
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const row of rows) {
    const r = row.result;
    console.log(
      `| ${[
        row.route.label,
        r.requests.average.toFixed(0),
        `${r.latency.p50} ms`,
        `${r.latency.p99} ms`,
        `${r.latency.max} ms`,
        String(r.non2xx),
        `${r.errors}${r.timeouts ? ` (${r.timeouts} timeouts)` : ''}`,
        `${(row.bytes / 1024).toFixed(1)} kB`,
        `${row.rssMiB} MiB`,
        `${row.cpuPercent} %`,
        `${row.machineCpuPercent} %`,
      ].join(' | ')} |`,
    );
  }
}

async function main(): Promise<void> {
  const name = `permanente_bench_http_${process.pid}`;
  const databaseUrl = new URL(ADMIN_URL);
  databaseUrl.pathname = `/${name}`;
  const logDir = mkdtempSync(join(tmpdir(), 'permanente-bench-http-'));
  const logFile = join(logDir, 'api.log');
  await adminQuery(ADMIN_URL, `CREATE DATABASE ${name}`);
  let api: { base: string; child: ChildProcess } | null = null;
  let bare: ChildProcess | null = null;
  let nginx: { base: string; child: ChildProcess } | null = null;
  try {
    api = await startApi(databaseUrl.toString(), logFile);
    const seedStarted = Date.now();
    await seed(databaseUrl.toString());
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    const client = new Client({ connectionString: databaseUrl.toString() });
    await client.connect();
    const [{ version }] = (await client.query<{ version: string }>(`SELECT version()`)).rows;
    const [{ max }] = (
      await client.query<{ max: string }>(
        `SELECT setting AS max FROM pg_settings WHERE name = 'max_connections'`,
      )
    ).rows;
    await client.end();
    const cpu = cpus();
    console.log(`## bench:http (${new Date().toISOString()})`);
    console.log('');
    console.log(
      `- machine: ${cpu[0]?.model ?? 'unknown'}, ${cpu.length} cores (shared by the API, PostgreSQL and the load generator), ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}, Node ${process.version}`,
    );
    console.log(`- database: ${version.split(' on ')[0]} (max_connections ${max})`);
    console.log(
      `- demo data + ${PROPOSALS.toLocaleString('en-GB')} public proposals over the 23 bassins de vie (seeded in ${seedSeconds.toFixed(0)} s, then VACUUM ANALYZE)`,
    );
    console.log(
      `- one API process (NODE_ENV=production, LOG_LEVEL=${process.env['BENCH_LOG_LEVEL'] ?? 'log'} to a file, DATABASE_POOL_SIZE=${process.env['BENCH_POOL_SIZE'] ?? '10 (default)'}); autocannon ${CONNECTIONS} connections for ${DURATION} s per route, in this process, each connection its own X-Forwarded-For${NGINX ? `; the rows "through nginx" go through ${NGINX} with docker/nginx.conf (its micro-cache included)` : ''}`,
    );
    console.log(
      '- server RSS is the peak of the process under test (the API, or the bare server) during the route, server CPU its share of one core; machine CPU is every process, out of 100 % per core',
    );
    console.log('');
    const bodyFile = join(logDir, 'list.json');
    writeFileSync(
      bodyFile,
      Buffer.from(await (await fetch(`${api.base}/api/proposals?limit=20&offset=0`)).arrayBuffer()),
    );
    bare = spawn(process.execPath, [join(__dirname, 'bare-server.js'), bodyFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const barePort = await new Promise<string>((resolve, reject) => {
      bare!.stdout!.once('data', (chunk: Buffer) => {
        const port = /listening (\d+)/.exec(chunk.toString())?.[1];
        if (port) resolve(port);
        else reject(new Error(`bare server: ${chunk.toString()}`));
      });
    });
    const apiTarget = { base: api.base, pid: api.child.pid! };
    const bareTarget = { base: `http://127.0.0.1:${barePort}`, pid: bare.pid! };
    if (NGINX) nginx = await startNginx(NGINX, new URL(api.base).port, logDir);
    // Through nginx, the server CPU and RSS are still the API's: what is left for it to do.
    const nginxTarget = nginx ? { base: nginx.base, pid: api.child.pid! } : apiTarget;
    const rows: Row[] = [];
    for (const route of await routes(api.base)) {
      process.stderr.write(`measuring ${route.key}...\n`);
      const target =
        route.via === 'bare' ? bareTarget : route.via === 'nginx' ? nginxTarget : apiTarget;
      rows.push(await measure(target, route));
    }
    printTable(rows);
    const unexpected = rows.filter((row) => row.result.non2xx > 0);
    for (const row of unexpected)
      console.log(
        `\nnon-2xx on ${row.route.key}: ${JSON.stringify(row.result.statusCodeStats)} (log: ${logFile})`,
      );
  } finally {
    bare?.kill('SIGTERM');
    nginx?.child.kill('SIGQUIT');
    if (api) {
      api.child.kill('SIGTERM');
      await new Promise((done) => setTimeout(done, 1000));
    }
    if (process.env['BENCH_KEEP']) console.error(`kept the database ${name} (BENCH_KEEP)`);
    else await adminQuery(ADMIN_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    if (!process.env['BENCH_KEEP_LOG']) rmSync(logDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
