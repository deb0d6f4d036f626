// Several API processes on loopback ports sharing one PostgreSQL database and one Redis, with
// TCP proxies in between so a test can cut the database or Redis, and a round-robin proxy
// standing for the load balancer. Used by server/scale-out.spec.ts.
import { createHash, randomUUID } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { startServer, waitForHealth, type ServerProcess } from './server-process';

export interface Target {
  host: string;
  port: number;
}

export interface TcpProxyOptions {
  /**
   * Route as docker/nginx.conf does for /live: a websocket upgrade goes to the next backend
   * in turn, any other connection (HTTP, long-polling) to the backend its client's address
   * hashes to (the next one if that one refuses). Off: every connection round-robin.
   */
  stickyPolling?: boolean;
}

/**
 * A TCP proxy. Each accepted connection goes to the next backend in turn (skipping those
 * that refuse), as a load balancer in front of the API instances does; with one backend it
 * is a cable that `cut()` unplugs: every open connection is reset and new ones are refused
 * until `restore()`.
 */
export class TcpProxy {
  private readonly pairs = new Set<{ client: Socket; upstream: Socket; backend: number }>();
  private next = 0;
  private isCut = false;

  private readonly server: Server;

  private constructor(
    private readonly backends: Target[],
    private readonly options: TcpProxyOptions,
  ) {
    this.server = createServer((client) => this.accept(client));
  }

  static async start(backends: Target[], options: TcpProxyOptions = {}): Promise<TcpProxy> {
    const proxy = new TcpProxy(backends, options);
    await new Promise<void>((done) => proxy.server.listen(0, '127.0.0.1', done));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Open connections per backend, by backend index. */
  openConnections(): number[] {
    const counts = this.backends.map(() => 0);
    for (const pair of this.pairs) counts[pair.backend] += 1;
    return counts;
  }

  /** With stickyPolling: the backend a client address's HTTP requests go to first. */
  backendFor(address: string): number {
    return createHash('sha1').update(address).digest().readUInt32BE(0) % this.backends.length;
  }

  cut(): void {
    this.isCut = true;
    for (const pair of this.pairs) {
      pair.client.resetAndDestroy();
      pair.upstream.resetAndDestroy();
    }
    this.pairs.clear();
  }

  restore(): void {
    this.isCut = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  private roundRobin(): number {
    const backend = this.next;
    this.next = (this.next + 1) % this.backends.length;
    return backend;
  }

  private accept(client: Socket): void {
    client.on('error', () => undefined);
    if (!this.options.stickyPolling) {
      this.forward(client, null, this.roundRobin(), 0);
      return;
    }
    // Which backend depends on the first request: read it before connecting.
    client.once('data', (head: Buffer) => {
      client.pause();
      const upgrade = /\r\nupgrade:\s*websocket/i.test(head.toString('latin1'));
      const backend = upgrade ? this.roundRobin() : this.backendFor(client.remoteAddress ?? '');
      this.forward(client, head, backend, 0);
    });
  }

  private forward(client: Socket, head: Buffer | null, backend: number, attempt: number): void {
    if (this.isCut || attempt >= this.backends.length) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(this.backends[backend]);
    client.pause();
    upstream.once('error', () => {
      if (!upstream.readyState.startsWith('open')) {
        // Refused: try the next backend, as a load balancer's health-less failover does.
        const after = (backend + 1) % this.backends.length;
        if (!head) this.next = (after + 1) % this.backends.length;
        this.forward(client, head, after, attempt + 1);
      }
    });
    upstream.once('connect', () => {
      const pair = { client, upstream, backend };
      this.pairs.add(pair);
      upstream.on('error', () => client.destroy());
      const drop = () => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('close', drop);
      upstream.on('close', drop);
      if (head) upstream.write(head);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  }
}

/** A throwaway database on the server of DATABASE_URL, dropped by `drop()`. */
export async function createDatabase(
  serverUrl: string,
): Promise<{ url: string; target: Target; drop(): Promise<void> }> {
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const name = `permanente_e2e_${randomUUID().slice(0, 8)}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    target: { host: url.hostname, port: Number(url.port || 5432) },
    drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** Runs a query on a database (the tests' own view of what is stored). */
export async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export interface Instance {
  name: string;
  port: number;
  url: string;
  process: ServerProcess;
}

/** Starts one API instance (the built `npm start` program) and returns without waiting. */
export function startInstance(
  name: string,
  port: number,
  env: { DATABASE_URL: string; REDIS_URL: string; REDIS_KEY_PREFIX: string; DEMO_DATA: string },
): Instance {
  const url = `http://127.0.0.1:${port}`;
  const process = startServer({
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
    // Phones reach the instances through the load balancer: it is the public address.
    PUBLIC_URL: url,
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: '5',
  });
  return { name, port, url, process };
}

export async function waitForInstances(instances: Instance[]): Promise<void> {
  await Promise.all(
    instances.map((instance) =>
      Promise.race([
        // A timeout names the instance and shows the end of its log, to tell a slow start
        // from a stuck one.
        waitForHealth(instance.url, 60_000).catch((error: Error) => {
          const log = (instance.process.stdout() + instance.process.stderr()).slice(-2_000);
          throw new Error(`${instance.name}: ${error.message}\n${log}`);
        }),
        instance.process.exited.then((code) => {
          throw new Error(`${instance.name} exited (${code}): ${instance.process.stderr()}`);
        }),
      ]),
    ),
  );
}

/** Polls `check` until it returns true, failing with `what` after the timeout. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}
