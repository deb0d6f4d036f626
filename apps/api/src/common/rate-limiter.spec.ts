import { createClient } from 'redis';
import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows up to the limit within the window, then refuses until the window ends', async () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 5; i++) expect((await limiter.consume('k', 5, 1_000)).allowed).toBe(true);
    const refused = await limiter.consume('k', 5, 1_000);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(1_000);
    await new Promise((done) => setTimeout(done, refused.retryAfterMs + 50));
    expect((await limiter.consume('k', 5, 1_000)).allowed).toBe(true);
  });

  it('counts keys separately; check does not count, record does, reset forgets', async () => {
    const limiter = new RateLimiter();
    await limiter.record('a', 2, 60_000);
    expect((await limiter.check('a', 2, 60_000)).allowed).toBe(true);
    await limiter.record('a', 2, 60_000);
    expect(await limiter.check('a', 2, 60_000)).toEqual({
      allowed: false,
      retryAfterMs: expect.any(Number),
    });
    expect((await limiter.check('b', 2, 60_000)).allowed).toBe(true);
    await limiter.reset('a', 2, 60_000);
    expect((await limiter.check('a', 2, 60_000)).allowed).toBe(true);
  });

  it('keeps limiting in memory while Redis is unreachable (the insurance limiter)', async () => {
    // A client that never connected (nothing listens on port 1): not ready, so every count
    // goes to the in-memory insurance at once instead of waiting for Redis.
    const client = createClient({ url: 'redis://127.0.0.1:1' });
    const limiter = new RateLimiter(client, 'test');
    expect(limiter.mode).toBe('redis');
    for (let i = 0; i < 3; i++) expect((await limiter.consume('k', 3, 60_000)).allowed).toBe(true);
    expect((await limiter.consume('k', 3, 60_000)).allowed).toBe(false);
    expect((await limiter.consume('other', 3, 60_000)).allowed).toBe(true);
  });
});
