import {
  LIVE_CLIENT_EVENTS,
  type Ack,
  type LiveEvent,
  type PostIdeaResponse,
  type SyncResponse,
} from '@permanente/contracts';
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { StaffActor } from '../src/auth/actor';
import { IdeasService } from '../src/live/ideas.service';
import { LIVE_EVENT_BUDGETS, LIVE_SNAPSHOT_BUDGET } from '../src/live/live-limits';
import { MAX_REPLAY, REPLAY_PAGE } from '../src/live/live-state.service';
import { TestLiveClient } from './support/live-client';
import { LiveWorkshop } from './support/live-workshop';
import type { TestApp } from './support/test-app';

// Issue 16, point 2: one phone must not be able to stall a workshop.
describe('live limits: one phone cannot stall a workshop (integration)', () => {
  let w: LiveWorkshop;
  let t: TestApp;
  let organiser: StaffActor;
  let workshopId: string;
  let activityId: string;

  const phone = async (name: string): Promise<TestLiveClient> => (await w.participant(name)).client;

  const sync = (client: TestLiveClient, lastSeq: number | null): Promise<Ack<SyncResponse>> =>
    client.socket.timeout(20_000).emitWithAck(LIVE_CLIENT_EVENTS.sync, { lastSeq });

  beforeAll(async () => {
    w = await LiveWorkshop.start({
      territory: { code: 'bv-b', name: 'Bourges' },
      organiser: { email: 'orga-limits@example.test' },
      title: 'Atelier de Bourges',
      board: { prompt: 'Que faire du centre-ville ?' },
      trustProxyHops: 1,
      addresses: '10.1',
    });
    ({ t, organiser, workshopId } = w);
    activityId = w.boardId;
    // A board that is not small: every snapshot carries these.
    const ideas = t.app.get(IdeasService);
    for (let i = 0; i < 120; i++)
      await ideas.postFromPaper(organiser, workshopId, {
        clientId: randomUUID(),
        activityId,
        text: `Idée sur papier ${i}`,
      });
  });

  afterEach(() => w.closePhones());

  afterAll(async () => {
    await w?.close();
  });

  it('one phone flooding workshop:sync gets rate_limited; the other phones keep being acknowledged', async () => {
    const flooder = await phone('Flood');
    const others = await Promise.all([phone('A'), phone('B'), phone('C')]);
    const budget = LIVE_EVENT_BUDGETS['workshop:sync'];
    // 100 full snapshots asked at once, as a broken or hostile phone does.
    const flood = Promise.all(Array.from({ length: 100 }, () => sync(flooder, null)));
    const posts = Promise.all(
      others.flatMap((client, k) =>
        Array.from({ length: 5 }, (_, i) =>
          client.postIdea({ clientId: randomUUID(), activityId, text: `Phone ${k}, idée ${i}` }),
        ),
      ),
    );
    const [floodAcks, postAcks] = await Promise.all([flood, posts]);
    const refused = floodAcks.filter((ack) => !ack.ok);
    // Each asks for a whole snapshot: the snapshot budget, smaller, is what serves them (the
    // phone's first sync on connecting spent one of it).
    expect(floodAcks.filter((ack) => ack.ok).length).toBeLessThanOrEqual(
      LIVE_SNAPSHOT_BUDGET.limit,
    );
    expect(refused.length).toBeGreaterThanOrEqual(100 - budget.limit);
    for (const ack of refused)
      expect(ack).toEqual({
        ok: false,
        error: expect.objectContaining({
          code: 'rate_limited',
          retryAfterMs: expect.any(Number),
        }),
      });
    expect(postAcks.every((ack: Ack<PostIdeaResponse>) => ack.ok)).toBe(true);
    // The others still sync; so does the flooder's neighbour with the same budget untouched.
    for (const client of others) expect((await sync(client, client.lastSeq)).ok).toBe(true);
    const stored = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM ideas WHERE workshop_id = $1 AND text LIKE 'Phone %'`,
      [workshopId],
    );
    expect(stored[0].n).toBe(15);
  });

  it('limits every live event, before any database work: a flood of idea:post is refused too', async () => {
    const client = await phone('Posts');
    const clientId = randomUUID();
    // The same idea sent again and again (a retry loop gone wrong): stored once, then refused.
    const acks: Array<Ack<PostIdeaResponse>> = [];
    for (let i = 0; i < 60; i++)
      acks.push(await client.postIdea({ clientId, activityId, text: 'Toujours la même' }));
    const limit = LIVE_EVENT_BUDGETS['idea:post'].limit;
    expect(acks.slice(0, limit).every((ack) => ack.ok)).toBe(true);
    expect(acks.slice(limit).every((ack) => !ack.ok && ack.error.code === 'rate_limited')).toBe(
      true,
    );
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM ideas WHERE client_id = $1`,
      [clientId],
    );
    expect(n).toBe(1);
  });

  it('replays missed events in bounded pages, each saying whether more follow', async () => {
    const client = await phone('Pages');
    const from = client.lastSeq!;
    const ideas = t.app.get(IdeasService);
    const missed = REPLAY_PAGE * 2 + 30;
    expect(missed).toBeLessThanOrEqual(MAX_REPLAY);
    for (let i = 0; i < missed; i++)
      await ideas.postFromPaper(organiser, workshopId, {
        clientId: randomUUID(),
        activityId,
        text: `Manquée ${i}`,
      });
    const pages: Array<Extract<SyncResponse, { mode: 'events' }>> = [];
    let lastSeq = from;
    for (;;) {
      const ack = await sync(client, lastSeq);
      if (!ack.ok || ack.data.mode !== 'events') throw new Error(JSON.stringify(ack));
      pages.push(ack.data);
      lastSeq = ack.data.seq;
      if (!ack.data.more) break;
    }
    expect(pages.map((page) => page.events.length)).toEqual([REPLAY_PAGE, REPLAY_PAGE, 30]);
    expect(pages.map((page) => page.more ?? false)).toEqual([true, true, false]);
    const seqs = pages.flatMap((page) => page.events.map((event: LiveEvent) => event.seq));
    expect(seqs).toEqual(Array.from({ length: missed }, (_, i) => from + 1 + i));
    expect(lastSeq).toBe(from + missed);
  });

  // Holding every pool connection needs a server with more connections than the pool: the
  // embedded PGlite's socket serves exactly the pool's, so this runs on PostgreSQL only.
  const onPostgres = process.env['TEST_DATABASE_KIND'] === 'postgres' ? it : it.skip;
  onPostgres(
    'keeps /api/health/live at 200 always, and readiness off the busy pool (PostgreSQL only: PGlite has no spare connection)',
    async () => {
      const pool = (t.dataSource.driver as unknown as { master: Pool }).master;
      const held: PoolClient[] = [];
      // Every connection of the application's pool taken, and more queries waiting behind.
      for (let i = 0; i < t.config.databasePoolSize; i++) held.push(await pool.connect());
      const queued = t.dataSource.query('SELECT 1');
      try {
        expect(pool.waitingCount).toBeGreaterThan(0);
        const live = await t.http().get('/api/health/live').expect(200);
        expect(live.body).toMatchObject({ status: 'ok', version: expect.any(String) });
        const ready = await t.http().get('/api/health/ready').expect(200);
        expect(ready.body).toMatchObject({ status: 'ok', database: { reachable: true } });
        await t.http().get('/api/health').expect(200);
      } finally {
        for (const client of held) client.release();
        await queued;
      }
    },
  );
});
