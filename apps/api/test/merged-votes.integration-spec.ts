import type { ActivityResults } from '@permanente/contracts';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { StaffActor } from '../src/auth/actor';
import { AgendaService } from '../src/live/agenda.service';
import { login, staffHeaders, type StaffLogin } from './support/actors';
import { eventually, type TestLiveClient } from './support/live-client';
import { LiveWorkshop, ORGANISER_PASSWORD } from './support/live-workshop';
import type { TestApp } from './support/test-app';

/** Merged means merged: a duplicate's dots count for its original, and un-merging restores them. */
describe('dot votes on merged duplicates (integration)', () => {
  let w: LiveWorkshop;
  let t: TestApp;
  let organiser: StaffActor;
  let staff: StaffLogin;
  let workshopId: string;

  beforeAll(async () => {
    w = await LiveWorkshop.start({
      territory: { code: 'bv-m', name: 'Mehun' },
      organiser: { email: 'merge@example.test' },
      title: 'Fabrik de Mehun',
      trustProxyHops: 1,
      addresses: '10.9',
    });
    ({ t, organiser, workshopId } = w);
    staff = await login(t, 'merge@example.test', ORGANISER_PASSWORD);
  });

  afterAll(() => w.close());

  const phone = async (name: string): Promise<TestLiveClient> => (await w.participant(name)).client;

  const classify = (ideaId: string, duplicateOf: string | null) =>
    t
      .http()
      .put(`/api/workshops/${workshopId}/ideas/${ideaId}/classification`)
      .set(staffHeaders(staff))
      .send({ duplicateOf })
      .expect(200);

  it('counts dots given to a duplicate before and after the merge for the original, says so in the CSV, and un-merging restores them', async () => {
    const agenda = t.app.get(AgendaService);
    const board = await agenda.addActivity(organiser, workshopId, {
      kind: 'idea_board',
      prompt: 'Que faut-il changer ?',
    });
    await agenda.updateActivity(organiser, workshopId, board.id, { status: 'open' });
    await agenda.setStatus(organiser, workshopId, 'live');
    const [a, b, c] = await Promise.all([phone('A'), phone('B'), phone('C')]);
    const texts = ['Plus de bus le soir', 'des bus plus tard le soir', 'Une maison de santé'];
    const ids: string[] = [];
    for (const text of texts) {
      const ack = await a.postIdea({ clientId: randomUUID(), activityId: board.id, text });
      if (!ack.ok) throw new Error(ack.error.message);
      ids.push(ack.data.idea.id);
    }
    const [original, duplicate, other] = ids;
    const vote = await agenda.addActivity(organiser, workshopId, {
      kind: 'dot_vote',
      prompt: 'Vos priorités',
      dots: 3,
      voteOn: 'ideas',
    });
    await agenda.updateActivity(organiser, workshopId, vote.id, { status: 'open' });
    const spend = (client: TestLiveClient, dots: Record<string, number>) =>
      client.choose('vote:set', { clientId: randomUUID(), activityId: vote.id, dots });

    // Before the merge: A gives 2 dots to the future duplicate, B 1 to the original.
    expect(await spend(a, { [duplicate]: 2, [other]: 1 })).toMatchObject({ ok: true });
    expect(await spend(b, { [original]: 1 })).toMatchObject({ ok: true });
    const expectTallies = async (tallies: Record<string, number>, voters: number) => {
      const expected: ActivityResults = { activityId: vote.id, kind: 'dot_vote', tallies, voters };
      await eventually(
        () => [a, b, c].every((client) => isDeepStrictEqual(client.results.get(vote.id), expected)),
        5_000,
        `every phone to show ${JSON.stringify(tallies)}`,
      );
      const snapshot = await t
        .http()
        .get(`/api/workshops/${workshopId}/snapshot`)
        .set(staffHeaders(staff))
        .expect(200);
      expect(snapshot.body.results.find((r: ActivityResults) => r.activityId === vote.id)).toEqual(
        expected,
      );
    };
    await expectTallies({ [duplicate]: 2, [original]: 1, [other]: 1 }, 2);

    // The merge moves the duplicate's dots to its original at once, on every phone.
    await classify(duplicate, original);
    await expectTallies({ [original]: 3, [other]: 1 }, 2);

    // After the merge: a phone with an old screen still votes for the duplicate: it counts for
    // the original too.
    expect(await spend(c, { [duplicate]: 1 })).toMatchObject({ ok: true });
    await expectTallies({ [original]: 4, [other]: 1 }, 3);
    // Nothing was moved in the table: each dot is kept where it was given.
    const stored: Array<{ idea_id: string; n: number }> = await t.dataSource.query(
      `SELECT idea_id, sum(dots)::int AS n FROM dot_votes WHERE activity_id = $1 GROUP BY idea_id`,
      [vote.id],
    );
    expect(Object.fromEntries(stored.map((row) => [row.idea_id, row.n]))).toEqual({
      [duplicate]: 3,
      [original]: 1,
      [other]: 1,
    });

    const csv = await t
      .http()
      .get(`/api/workshops/${workshopId}/export.csv?lang=en`)
      .set(staffHeaders(staff))
      .expect(200);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0].split(',').at(-1)).toBe('counts_for');
    const duplicateDots = lines.filter(
      (line) => line.startsWith('dots,') && line.includes(',des bus plus tard le soir,'),
    );
    expect(duplicateDots).toHaveLength(2); // A's 2 dots and C's 1, each on its line
    for (const line of duplicateDots) expect(line.endsWith(',Plus de bus le soir')).toBe(true);
    expect(
      lines.filter((line) => line.startsWith('idea,') && line.endsWith(',Plus de bus le soir')),
    ).toHaveLength(1);

    // Un-merging restores every dot to the idea it was given to.
    await classify(duplicate, null);
    await expectTallies({ [duplicate]: 3, [original]: 1, [other]: 1 }, 3);
  });

  it('merging an idea that has duplicates brings them along to the new original, with their dots', async () => {
    const [vote] = await t.dataSource.query(
      `SELECT id FROM activities WHERE workshop_id = $1 AND kind = 'dot_vote'`,
      [workshopId],
    );
    const ideas: Array<{ id: string; text: string }> = await t.dataSource.query(
      `SELECT id, text FROM ideas WHERE workshop_id = $1 ORDER BY created_at`,
      [workshopId],
    );
    const [original, duplicate, other] = ideas.map((idea) => idea.id);
    await classify(duplicate, original);
    // The original (with its duplicate) is merged into a third idea.
    await classify(original, other);
    const rows: Array<{ id: string; duplicate_of: string | null }> = await t.dataSource.query(
      `SELECT id, duplicate_of FROM ideas WHERE workshop_id = $1`,
      [workshopId],
    );
    const of = Object.fromEntries(rows.map((row) => [row.id, row.duplicate_of]));
    expect(of).toEqual({ [original]: other, [duplicate]: other, [other]: null });
    const snapshot = await t
      .http()
      .get(`/api/workshops/${workshopId}/snapshot`)
      .set(staffHeaders(staff))
      .expect(200);
    expect(
      snapshot.body.results.find((r: ActivityResults) => r.activityId === vote.id).tallies,
    ).toEqual({ [other]: 5 });
  });

  it('hiding an original lets its duplicates stand on their own at once, and restoring it brings their dots back', async () => {
    const [vote] = await t.dataSource.query(
      `SELECT id FROM activities WHERE workshop_id = $1 AND kind = 'dot_vote'`,
      [workshopId],
    );
    const ideas: Array<{ id: string }> = await t.dataSource.query(
      `SELECT id FROM ideas WHERE workshop_id = $1 ORDER BY created_at`,
      [workshopId],
    );
    // From the test above: the first two ideas are duplicates of the third, which has all 5 dots.
    const [first, second, original] = ideas.map((idea) => idea.id);
    const watcher = await phone('W');
    const shown = () => {
      const results = watcher.results.get(vote.id);
      return results?.kind === 'dot_vote' ? results.tallies : undefined;
    };
    const seen = (tallies: Record<string, number>) =>
      eventually(
        () => isDeepStrictEqual(shown(), tallies),
        5_000,
        `the phone to show ${JSON.stringify(tallies)}, not ${JSON.stringify(shown())}`,
      );
    await seen({ [original]: 5 });

    await t
      .http()
      .post(`/api/workshops/${workshopId}/ideas/${original}/hide`)
      .set(staffHeaders(staff))
      .expect(204);
    // The duplicates' dots are theirs again (the hidden original keeps only its own: 1).
    await seen({ [first]: 1, [second]: 3, [original]: 1 });

    await t
      .http()
      .post(`/api/workshops/${workshopId}/ideas/${original}/restore`)
      .set(staffHeaders(staff))
      .expect(204);
    await seen({ [original]: 5 });
  });
});
