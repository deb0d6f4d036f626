import { isAbsolute, resolve } from 'node:path';

export type NodeEnv = 'development' | 'production' | 'test';
export type LogFormat = 'json' | 'pretty';
export type LogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';

/** The whole configuration of the API, read once from the environment at start-up. */
export interface AppConfig {
  nodeEnv: NodeEnv;
  host: string;
  port: number;
  /** The address people reach the product at (used for links, QR codes, Origin checks). */
  publicUrl: string;
  /** A real PostgreSQL; null means the embedded PGlite database. */
  databaseUrl: string | null;
  /** Where the embedded database keeps its files. */
  dataDir: string;
  /** Connections in the pool (embedded database: also its connection limit). */
  databasePoolSize: number;
  /** Load the demonstration data (territories, ...) once, at start-up. */
  demoData: boolean;
  /** Territory data file loaded by the demo seed; null means the bundled Centre-Val de Loire. */
  territoriesFile: string | null;
  /** Folder of the built web app served on the same origin; null disables it. */
  webRoot: string | null;
  logFormat: LogFormat;
  logLevel: LogLevel;
  /** A staff session ends after this much inactivity... */
  sessionIdleMinutes: number;
  /** ...and at the latest this long after login. */
  sessionMaxHours: number;
  /** Reverse proxies in front of the API whose X-Forwarded-For is trusted (0: none). */
  trustProxyHops: number;
  /**
   * Redis for live fan-out across API instances (socket.io Redis Streams adapter); null means
   * one instance, fan-out in memory.
   */
  redisUrl: string | null;
  /** Prefix of the Redis stream and channels, so deployments sharing one Redis never mix. */
  redisKeyPrefix: string;
  /**
   * A room with at least this many sockets on an instance gets the events published together
   * as one `workshop:events` batch (one packet per phone, not one per event).
   */
  liveBatchMinRoom: number;
  /** SMTP server mails are sent through (nodemailer); null keeps them in the outbox, unsent. */
  smtpUrl: string | null;
  /** The From of every mail. */
  mailFrom: string;
  /** How often the mail worker looks for mails to send (and for reminders due), in ms. */
  mailPollMs: number;
  /** Officials are reminded this many days before an answer falls due. */
  answerReminderDays: number;
}

/** A configuration problem, worded for the one line printed before the process exits. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = read(env, name);
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${value}")`);
  }
  return value as T;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = read(env, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${value}")`);
  }
  return Number(value);
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const value = read(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new ConfigError(name, `must be true or false (got "${value}")`);
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const value = read(env, name);
  if (value === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `must be a URL (got "${redactUrl(value)}")`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(
      name,
      `must start with ${protocols.map((p) => `${p}//`).join(' or ')} (got "${redactUrl(value)}")`,
    );
  }
  return value;
}

function keyPrefix(env: Env, name: string, fallback: string): string {
  const value = read(env, name);
  if (value === undefined) return fallback;
  if (!/^[A-Za-z0-9:_.-]{1,64}$/.test(value)) {
    throw new ConfigError(
      name,
      `must be 1 to 64 letters, digits or ":_.-" (got "${value.slice(0, 80)}")`,
    );
  }
  return value;
}

/** An address, bare or as `Name <address>`. */
function mailbox(env: Env, name: string, fallback: string): string {
  const value = read(env, name);
  if (value === undefined) return fallback;
  if (!/^([^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(value)) {
    throw new ConfigError(
      name,
      `must be an address or "Name <address>" (got "${value.slice(0, 80)}")`,
    );
  }
  return value;
}

function path(env: Env, name: string, cwd: string): string | undefined {
  const value = read(env, name);
  if (value === undefined) return undefined;
  return isAbsolute(value) ? value : resolve(cwd, value);
}

/** Hides the password of a connection URL, for logs and error messages. */
export function redactUrl(value: string): string {
  try {
    const parsed = new URL(value);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return value.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}

/**
 * Reads and validates the environment. Throws a ConfigError naming the first bad
 * variable; main.ts prints it as one line and exits with a non-zero code.
 */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): AppConfig {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'], 'development');
  const port = integer(env, 'PORT', 3000, 1, 65535);
  const host = read(env, 'HOST') ?? '0.0.0.0';
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']) ?? null;
  const publicUrl = (
    url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`
  ).replace(/\/+$/, '');
  const webRootSetting = read(env, 'WEB_ROOT');
  return {
    nodeEnv,
    host,
    port,
    publicUrl,
    databaseUrl,
    dataDir: path(env, 'DATA_DIR', cwd) ?? resolve(cwd, '.data/pglite'),
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 500),
    // The embedded database is the try-it-out mode: it gets the demo data unless told not to.
    demoData: boolean(env, 'DEMO_DATA', databaseUrl === null),
    territoriesFile: path(env, 'TERRITORIES_FILE', cwd) ?? null,
    webRoot:
      webRootSetting === 'none'
        ? null
        : (path(env, 'WEB_ROOT', cwd) ?? resolve(cwd, 'dist/apps/web')),
    logFormat: oneOf(
      env,
      'LOG_FORMAT',
      ['json', 'pretty'],
      nodeEnv === 'production' ? 'json' : 'pretty',
    ),
    logLevel: oneOf(env, 'LOG_LEVEL', ['error', 'warn', 'log', 'debug', 'verbose'], 'log'),
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 120, 1, 24 * 60),
    sessionMaxHours: integer(env, 'SESSION_MAX_HOURS', 12, 1, 24 * 30),
    trustProxyHops: integer(env, 'TRUST_PROXY_HOPS', 0, 0, 10),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']) ?? null,
    redisKeyPrefix: keyPrefix(env, 'REDIS_KEY_PREFIX', 'permanente'),
    liveBatchMinRoom: integer(env, 'LIVE_BATCH_MIN_ROOM', 100, 1, 1_000_000),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']) ?? null,
    mailFrom: mailbox(env, 'MAIL_FROM', `Permanente <no-reply@${new URL(publicUrl).hostname}>`),
    mailPollMs: integer(env, 'MAIL_POLL_MS', 5_000, 100, 3_600_000),
    answerReminderDays: integer(env, 'ANSWER_REMINDER_DAYS', 7, 1, 90),
  };
}
