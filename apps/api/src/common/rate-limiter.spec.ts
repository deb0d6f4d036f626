import { FakeClock } from './clock';
import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows up to the limit within the window, then refuses until the oldest event leaves it', () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(clock);
    for (let i = 0; i < 5; i++) {
      expect(limiter.consume('k', 5, 60_000).allowed).toBe(true);
      clock.advance(1_000);
    }
    const refused = limiter.consume('k', 5, 60_000);
    expect(refused).toEqual({ allowed: false, retryAfterMs: 55_000 });
    clock.advance(55_000);
    expect(limiter.consume('k', 5, 60_000).allowed).toBe(true);
    expect(limiter.count('other', 60_000)).toBe(0);
  });

  it('counts keys separately and can reset one', () => {
    const limiter = new RateLimiter(new FakeClock());
    limiter.record('a', 1_000);
    limiter.record('a', 1_000);
    limiter.record('b', 1_000);
    expect(limiter.count('a', 1_000)).toBe(2);
    limiter.reset('a');
    expect(limiter.count('a', 1_000)).toBe(0);
    expect(limiter.count('b', 1_000)).toBe(1);
  });
});
