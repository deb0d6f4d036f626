import {
  LIVE_CLIENT_EVENTS,
  type Ack,
  type PostIdeaRequest,
  type PostIdeaResponse,
} from '@permanente/contracts';
import { randomUUID } from 'node:crypto';
import { eventually, TestLiveClient } from './support/live-client';
import { LiveWorkshop } from './support/live-workshop';
import type { TestApp } from './support/test-app';

// Issue 21, point 1: the ideas of a workshop are written by its batching writer (group commit)
// and every guarantee of the live protocol still holds for each of them.
describe('the batching writer keeps the live protocol (integration)', () => {
  let w: LiveWorkshop;
  let t: TestApp;
  let workshopId: string;
  let activityId: string;

  beforeAll(async () => {
    w = await LiveWorkshop.start({
      territory: { code: 'bv-wr', name: 'Issoudun' },
      organiser: { email: 'orga-writer@example.test' },
      title: 'Atelier d’Issoudun',
      board: { prompt: 'Quels services au bourg ?' },
      trustProxyHops: 1,
      addresses: '10.21',
      // 50 phones make a large room here: the events of a tick go out as one batch.
      config: { liveBatchMinRoom: 10 },
    });
    ({ t, workshopId } = w);
    activityId = w.boardId;
  });

  afterAll(() => w.close());

  /** As the phone's outbox does: `unavailable` is sent again, with the same clientId. */
  const send = async (
    client: TestLiveClient,
    idea: PostIdeaRequest,
  ): Promise<Ack<PostIdeaResponse>> => {
    for (let attempt = 0; ; attempt++) {
      // An acknowledgement that does not come in time is sent again with the same clientId,
      // as the outbox does (the server and the 50 phones share one process, and on PGlite one
      // query at a time: a burst's acknowledgements can take long on a loaded machine).
      const ack: Ack<PostIdeaResponse> | null = await client.socket
        .timeout(30_000)
        .emitWithAck(LIVE_CLIENT_EVENTS.postIdea, idea)
        .catch(() => null);
      if (ack === null && attempt < 20) continue;
      if (ack === null) throw new Error(`no acknowledgement for ${idea.clientId}`);
      if (ack.ok || ack.error.code !== 'unavailable' || attempt === 20) return ack;
      await new Promise((done) => setTimeout(done, 100 * Math.min(attempt + 1, 10)));
    }
  };

  it('a burst of 500 ideas from 50 phones: each stored once, seqs without gaps, every ack after its commit, resends answered with the first result', async () => {
    // Joined ten at a time: PGlite answers one query at a time.
    const phones: Awaited<ReturnType<LiveWorkshop['participant']>>[] = [];
    for (let i = 0; i < 50; i += 10)
      phones.push(
        ...(await Promise.all(Array.from({ length: 10 }, (_, k) => w.participant(`B${i + k}`)))),
      );
    const [{ n: before }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM ideas WHERE workshop_id = $1`,
      [workshopId],
    );
    // Read on each acknowledgement, as it arrives, one read at a time (not to take the app's
    // pool from it; on PGlite the pool is one connection): the idea and its event are there.
    let reading = Promise.resolve();
    const seenAtAck: Array<{ ideas: number; events: number }> = [];
    const sendChecked = async (client: TestLiveClient, idea: PostIdeaRequest) => {
      const ack = await send(client, idea);
      if (ack.ok)
        reading = reading.then(async () => {
          const [row] = await t.dataSource.query(
            `SELECT (SELECT count(*)::int FROM ideas WHERE workshop_id = $1 AND client_id = $2) AS ideas,
                    (SELECT count(*)::int FROM workshop_events WHERE workshop_id = $1 AND subject_id = $3) AS events`,
            [workshopId, idea.clientId, ack.data.idea.id],
          );
          seenAtAck.push(row);
        });
      return ack;
    };
    const ideas = phones.map((_, i) =>
      Array.from({ length: 10 }, (_, k) => ({
        clientId: randomUUID(),
        activityId,
        text: `Idée ${k} du téléphone ${i}`,
      })),
    );
    // Each phone sends its ten at once, its first one twice (the same clientId in one batch,
    // or in the next), and the first phone one idea for an activity that is not there: only
    // that one is refused, its neighbours in the batch are stored.
    const stray = { clientId: randomUUID(), activityId: randomUUID(), text: 'Égarée' };
    const [acks, strayAck] = await Promise.all([
      Promise.all(
        phones.flatMap(({ client }, i) => [
          ...ideas[i].map((idea) => sendChecked(client, idea)),
          sendChecked(client, ideas[i][0]),
        ]),
      ),
      send(phones[0].client, stray),
    ]);
    expect(strayAck.ok ? 'stored' : strayAck.error.code).toBe('not_found');
    expect(acks.filter((ack) => !ack.ok)).toEqual([]);
    await reading;
    expect(seenAtAck).toHaveLength(550);
    for (const seen of seenAtAck) expect(seen).toEqual({ ideas: 1, events: 1 });

    // Stored once each; one event each, numbered without a gap.
    const [{ n: after }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM ideas WHERE workshop_id = $1`,
      [workshopId],
    );
    expect(after - before).toBe(500);
    const seqs: Array<{ seq: string }> = await t.dataSource.query(
      `SELECT seq FROM workshop_events WHERE workshop_id = $1 ORDER BY seq`,
      [workshopId],
    );
    expect(seqs.map((row) => Number(row.seq))).toEqual(seqs.map((_, i) => i + 1));
    const [{ n: events }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM workshop_events WHERE workshop_id = $1 AND type = 'idea.posted'`,
      [workshopId],
    );
    expect(events).toBe(after);

    // The twice-sent ideas: one answer, twice, marked as the duplicate at least once.
    const perPhone = 11;
    phones.forEach((_, i) => {
      const [first, again] = [acks[i * perPhone], acks[i * perPhone + 10]];
      if (!first.ok || !again.ok) throw new Error('expected both acknowledged');
      expect(again.data.idea.id).toBe(first.data.idea.id);
      // (Both are answered as duplicates when the first send's acknowledgement was lost.)
      expect([first.data.duplicate, again.data.duplicate]).toContain(true);
    });

    // Every phone shows every idea, the events having come (mostly) in batches.
    await eventually(
      () => phones.every(({ client }) => client.board.size === after),
      60_000,
      'every board to hold every idea',
    );
    expect(phones.every(({ client }) => client.batches > 0)).toBe(true);
    for (const { client } of phones) {
      const seen = client.received.map((event) => event.seq);
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
    }

    // Grouped: ideas of one batch share their transaction's timestamp.
    const [{ batches }] = await t.dataSource.query(
      `SELECT count(DISTINCT created_at)::int AS batches FROM ideas WHERE workshop_id = $1`,
      [workshopId],
    );
    expect(batches).toBeLessThan(500);

    // Sent again later (a lost acknowledgement): the same idea and seq, nothing new stored.
    const seqOf = async (ideaId: string) =>
      (
        await t.dataSource.query(
          `SELECT seq FROM workshop_events WHERE workshop_id = $1 AND subject_id = $2`,
          [workshopId, ideaId],
        )
      ).map((row: { seq: string }) => Number(row.seq));
    const resent = await Promise.all(
      phones.slice(0, 10).map(({ client }, i) => send(client, ideas[i][3])),
    );
    for (const [i, ack] of resent.entries()) {
      const first = acks[i * perPhone + 3];
      if (!ack.ok || !first.ok) throw new Error('expected both acknowledged');
      expect(ack.data).toEqual({ ...first.data, duplicate: true });
      expect(await seqOf(ack.data.idea.id)).toHaveLength(1);
    }
    const [{ n: finally_ }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM workshop_events WHERE workshop_id = $1`,
      [workshopId],
    );
    expect(finally_).toBe(seqs.length);
    // PGlite runs one query at a time, under the server and the 50 phones of this process.
  }, 300_000);
});
