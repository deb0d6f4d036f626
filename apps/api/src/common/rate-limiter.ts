import { Logger, OnApplicationShutdown } from '@nestjs/common';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { createClient } from 'redis';
import { redactUrl, type AppConfig } from '../config/app-config';

export interface RateLimitDecision {
  allowed: boolean;
  /** When refused: milliseconds until the window that holds the count ends. */
  retryAfterMs: number;
}

type RedisClient = ReturnType<typeof createClient>;

const CONNECT_DEADLINE_MS = 5_000;

/**
 * Counters of events per key in a window, on rate-limiter-flexible. A window opens with the
 * first counted event of a key and lasts `windowMs` (whole seconds); a key may count `limit`
 * events in it. With REDIS_URL, every API instance counts in the same Redis keys (an atomic
 * Lua increment), so a limit holds across instances; while Redis is unreachable each
 * instance falls back to counting in its own memory (the insurance limiter) rather than
 * refusing or letting everything through. Without REDIS_URL, memory only.
 *
 * A refused event does not extend the window: a phone that floods is served again as soon as
 * its window ends, at the same budget.
 */
export class RateLimiter implements OnApplicationShutdown {
  private readonly limiters = new Map<string, RateLimiterAbstract>();
  private readonly logger = new Logger('RateLimiter');

  constructor(
    private readonly redis: RedisClient | null = null,
    private readonly keyPrefix = 'permanente',
  ) {}

  /**
   * With a Redis URL: connects a client of its own (the live fan-out's is busy reading its
   * stream), waiting at most a few seconds; an unreachable Redis is retried in the
   * background while the memory insurance counts.
   */
  static async create(
    config: Pick<AppConfig, 'redisUrl' | 'redisKeyPrefix'>,
  ): Promise<RateLimiter> {
    if (!config.redisUrl) return new RateLimiter(null, config.redisKeyPrefix);
    const logger = new Logger('RateLimiter');
    const url = config.redisUrl;
    let loggedAt = 0;
    const client: RedisClient = createClient({
      url,
      // A command must never wait for a reconnection: the insurance answers meanwhile.
      disableOfflineQueue: true,
      socket: {
        connectTimeout: CONNECT_DEADLINE_MS,
        reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000),
      },
    });
    client.on('error', (error: Error) => {
      if (Date.now() - loggedAt > 10_000) {
        loggedAt = Date.now();
        logger.warn(
          `Redis (${redactUrl(url)}) unreachable, limits counted per instance meanwhile: ${error.message || error.name}`,
        );
      }
    });
    client.on('ready', () => {
      if (loggedAt) logger.log(`Redis (${redactUrl(url)}) is back: limits shared again`);
      loggedAt = 0;
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      client.connect().then(() => undefined),
      new Promise<void>((done) => {
        timer = setTimeout(done, CONNECT_DEADLINE_MS);
      }),
    ])
      .catch(() => undefined)
      .finally(() => clearTimeout(timer));
    return new RateLimiter(client, config.redisKeyPrefix);
  }

  get mode(): 'memory' | 'redis' {
    return this.redis ? 'redis' : 'memory';
  }

  /** Counts one event of `key` and says whether it stays within `limit` per `windowMs`. */
  async consume(key: string, limit: number, windowMs: number): Promise<RateLimitDecision> {
    try {
      await this.limiter(limit, windowMs).consume(key);
      return { allowed: true, retryAfterMs: 0 };
    } catch (refusal) {
      return this.refusedOrAllowed(refusal);
    }
  }

  /** Would one more event stay within `limit`? Does not count it. */
  async check(key: string, limit: number, windowMs: number): Promise<RateLimitDecision> {
    try {
      const state = await this.limiter(limit, windowMs).get(key);
      // A memory record is dropped by a timer at its expiry: until then it reads as expired.
      if (!state || state.consumedPoints < limit || state.msBeforeNext <= 0)
        return { allowed: true, retryAfterMs: 0 };
      return { allowed: false, retryAfterMs: Math.max(1, state.msBeforeNext) };
    } catch (error) {
      return this.refusedOrAllowed(error);
    }
  }

  /** Counts one event without a decision (a failed login, checked before with `check`). */
  async record(key: string, limit: number, windowMs: number): Promise<void> {
    try {
      await this.limiter(limit, windowMs).penalty(key);
    } catch (error) {
      this.refusedOrAllowed(error);
    }
  }

  /** Forgets the key's count (a successful login). */
  async reset(key: string, limit: number, windowMs: number): Promise<void> {
    try {
      await this.limiter(limit, windowMs).delete(key);
    } catch (error) {
      this.refusedOrAllowed(error);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis?.isOpen) this.redis.destroy();
  }

  /**
   * A refusal carries when the window ends. Anything else (both Redis and the insurance
   * failing, which should not happen) lets the event through: a limit is a protection, not
   * a reason to refuse a participant's idea.
   */
  private refusedOrAllowed(outcome: unknown): RateLimitDecision {
    if (outcome instanceof RateLimiterRes)
      return { allowed: false, retryAfterMs: Math.max(1, outcome.msBeforeNext) };
    this.logger.warn(`limit not counted: ${String(outcome)}`);
    return { allowed: true, retryAfterMs: 0 };
  }

  /** One rate-limiter-flexible limiter per (limit, window), made on first use. */
  private limiter(limit: number, windowMs: number): RateLimiterAbstract {
    const name = `${limit}:${windowMs}`;
    let limiter = this.limiters.get(name);
    if (!limiter) {
      const options = {
        points: limit,
        duration: Math.max(1, Math.round(windowMs / 1000)),
        keyPrefix: `${this.keyPrefix}:limits:${name}`,
      };
      const memory = new RateLimiterMemory(options);
      limiter = this.redis
        ? new RateLimiterRedis({
            ...options,
            storeClient: this.redis,
            useRedisPackage: true,
            rejectIfRedisNotReady: true,
            insuranceLimiter: memory,
            // Once a key is over its limit, this instance refuses it from memory until its
            // window ends, without asking Redis: a flood costs Redis nothing.
            inMemoryBlockOnConsumed: limit + 1,
          })
        : memory;
      this.limiters.set(name, limiter);
    }
    return limiter;
  }
}

export const RATE_LIMITER = Symbol('RATE_LIMITER');
