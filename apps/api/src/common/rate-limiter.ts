import type { Clock } from './clock';

export interface RateLimitDecision {
  allowed: boolean;
  /** When refused: milliseconds until the oldest counted event leaves the window. */
  retryAfterMs: number;
}

/**
 * Sliding-window counters kept in this process's memory. Enough for one instance; with
 * several instances each counts on its own, so the effective limit is N times higher (a
 * shared store arrives with the multi-instance work). Counters are bounded: keys expire
 * with their window.
 */
export class RateLimiter {
  private readonly events = new Map<string, number[]>();
  private sweeps = 0;

  constructor(private readonly clock: Clock) {}

  /** How many events `key` has in the window ending now. */
  count(key: string, windowMs: number): number {
    return this.recent(key, windowMs).length;
  }

  /** Would one more event stay within `limit`? Does not count it. */
  check(key: string, limit: number, windowMs: number): RateLimitDecision {
    const recent = this.recent(key, windowMs);
    if (recent.length < limit) return { allowed: true, retryAfterMs: 0 };
    return {
      allowed: false,
      retryAfterMs: Math.max(1, recent[0] + windowMs - this.clock.now().getTime()),
    };
  }

  /** Counts one event. */
  record(key: string, windowMs: number): void {
    const recent = this.recent(key, windowMs);
    recent.push(this.clock.now().getTime());
    this.events.set(key, recent);
    if (++this.sweeps % 1000 === 0) this.sweep(windowMs);
  }

  /** Checks and, when allowed, counts in one step. */
  consume(key: string, limit: number, windowMs: number): RateLimitDecision {
    const decision = this.check(key, limit, windowMs);
    if (decision.allowed) this.record(key, windowMs);
    return decision;
  }

  reset(key: string): void {
    this.events.delete(key);
  }

  private recent(key: string, windowMs: number): number[] {
    const since = this.clock.now().getTime() - windowMs;
    const list = (this.events.get(key) ?? []).filter((at) => at > since);
    if (list.length === 0) this.events.delete(key);
    return list;
  }

  private sweep(windowMs: number): void {
    for (const key of [...this.events.keys()]) this.recent(key, windowMs);
  }
}

export const RATE_LIMITER = Symbol('RATE_LIMITER');
