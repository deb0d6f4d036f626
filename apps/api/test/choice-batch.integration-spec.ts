import { randomUUID } from 'node:crypto';
import type { ParticipantActor } from '../src/auth/actor';
import { DomainError } from '../src/common/domain-error';
import { AgendaService } from '../src/live/agenda.service';
import {
  AlreadyRecorded,
  prepareDots,
  preparePollAnswer,
  preparePosition,
  writeChoiceBatch,
  type PendingChoice,
} from '../src/live/choice-batch';
import { ChoicesService } from '../src/live/choices.service';
import { LiveWorkshop } from './support/live-workshop';
import type { TestApp } from './support/test-app';

// Issue 21, point 3: a batch of choices is written with whole-batch statements. The edges that
// only a batch has: one participant's two votes in it, one clientId twice in it, a bad choice
// among good ones. The batch is written here directly, so that these land in one batch.
describe('a batch of choices (integration)', () => {
  let w: LiveWorkshop;
  let t: TestApp;
  let workshopId: string;
  let ideas: string[];
  let actors: ParticipantActor[];

  beforeAll(async () => {
    w = await LiveWorkshop.start({
      territory: { code: 'bv-cb', name: 'Châteaumeillant' },
      organiser: { email: 'orga-batch@example.test' },
      title: 'Atelier de Châteaumeillant',
      board: { prompt: 'Quels projets ?' },
      trustProxyHops: 1,
      addresses: '10.22',
    });
    ({ t, workshopId } = w);
    const phones = [await w.participant('A'), await w.participant('B'), await w.participant('C')];
    actors = phones.map(({ participantId }) => ({
      kind: 'participant',
      participantId,
      workshopId,
    }));
    ideas = [];
    for (const text of ['Un marché', 'Une piste cyclable', 'Un cinéma', 'Masquée']) {
      const ack = await phones[0].client.postIdea({
        clientId: randomUUID(),
        activityId: w.boardId,
        text,
      });
      if (!ack.ok) throw new Error(ack.error.message);
      ideas.push(ack.data.idea.id);
    }
    await t.dataSource.query(`UPDATE ideas SET hidden_at = now() WHERE id = $1`, [ideas[3]]);
  });

  afterAll(() => w.close());

  const open = async (request: Parameters<AgendaService['addActivity']>[2]) => {
    const agenda = t.app.get(AgendaService);
    const activity = await agenda.addActivity(w.organiser, workshopId, request);
    await agenda.updateActivity(w.organiser, workshopId, activity.id, { status: 'open' });
    return activity.id;
  };

  const write = (items: PendingChoice[]) =>
    t.dataSource.transaction((manager) => writeChoiceBatch(manager, workshopId, items));

  it('dot votes: a participant’s two votes in one batch store the last (its budget is not added up), a clientId twice is recorded once, a bad vote is refused alone', async () => {
    const voteId = await open({ kind: 'dot_vote', prompt: 'Vos priorités', dots: 3 });
    const [a, b, c] = actors;
    const [market, bike, cinema, hidden] = ideas;
    const vote = (
      actor: ParticipantActor,
      clientId: string,
      dots: Record<string, number>,
    ): PendingChoice => ({
      actor,
      clientId,
      activityId: voteId,
      kind: 'dot_vote',
      prepare: prepareDots({ clientId, activityId: voteId, dots }),
    });
    const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];
    const outcomes = await write([
      vote(a, first, { [market]: 2, [bike]: 1 }),
      vote(a, second, { [cinema]: 3 }),
      vote(a, first, { [market]: 2, [bike]: 1 }),
      vote(b, randomUUID(), { [market]: 4 }),
      vote(b, randomUUID(), { [hidden]: 1 }),
      vote(b, third, { [bike]: 1 }),
      vote(c, first, { [cinema]: 1 }),
    ]);
    const codes = outcomes.map((o) =>
      o.ok ? (o.value.repeat ? 'repeat' : 'ok') : (o.error as DomainError).code,
    );
    expect(codes).toEqual(['ok', 'ok', 'repeat', 'invalid', 'invalid', 'ok', 'conflict']);
    if (!outcomes[0].ok) throw new Error('expected the first vote stored');
    expect(outcomes[2]).toEqual({ ok: true, value: { ...outcomes[0].value, repeat: true } });
    expect(outcomes[1]).toMatchObject({
      ok: true,
      value: { mine: { activityId: voteId, kind: 'dot_vote', dots: { [cinema]: 3 } } },
    });

    // Stored: A's last vote only (3 dots, not 6), B's one good vote.
    const rows: Array<{ participant_id: string; idea_id: string; dots: number }> =
      await t.dataSource.query(
        `SELECT participant_id, idea_id, dots FROM dot_votes WHERE activity_id = $1 ORDER BY dots DESC`,
        [voteId],
      );
    expect(rows).toEqual([
      { participant_id: a.participantId, idea_id: cinema, dots: 3 },
      { participant_id: b.participantId, idea_id: bike, dots: 1 },
    ]);
    const operations: Array<{ client_id: string; n: number }> = await t.dataSource.query(
      `SELECT client_id, count(*)::int AS n FROM live_operations
       WHERE client_id = ANY($1::uuid[]) GROUP BY client_id ORDER BY client_id`,
      [[first, second, third]],
    );
    expect(operations).toEqual(
      [first, second, third].sort().map((client_id) => ({ client_id, n: 1 })),
    );

    // Sent again in a later batch: that batch is undone (a clientId already recorded), and the
    // service answers with the first result.
    await expect(write([vote(a, first, { [market]: 2, [bike]: 1 })])).rejects.toBeInstanceOf(
      AlreadyRecorded,
    );
    await expect(
      t.app
        .get(ChoicesService)
        .setDots(a, { clientId: first, activityId: voteId, dots: { [market]: 1 } }),
    ).resolves.toEqual({
      mine: { activityId: voteId, kind: 'dot_vote', dots: { [market]: 2, [bike]: 1 } },
      duplicate: true,
    });
    const [{ total }] = await t.dataSource.query(
      `SELECT sum(dots)::int AS total FROM dot_votes WHERE activity_id = $1 AND participant_id = $2`,
      [voteId, a.participantId],
    );
    expect(total).toBe(3);
  });

  it('positions and poll answers: one statement each for the batch, the last of a participant stored', async () => {
    // (Opening an activity closes the one open before: a batch of each.)
    const spectrumId = await open({ kind: 'spectrum', prompt: 'Plus de bus le soir' });
    const [a, b] = actors;
    const place = (actor: ParticipantActor, position: number): PendingChoice => {
      const clientId = randomUUID();
      return {
        actor,
        clientId,
        activityId: spectrumId,
        kind: 'spectrum',
        prepare: preparePosition({ clientId, activityId: spectrumId, position }),
      };
    };
    const placed = await write([place(a, 2), place(b, 6), place(a, 5), place(b, 1)]);
    expect(placed.map((o) => o.ok)).toEqual([true, false, true, true]);
    const pollId = await open({
      kind: 'poll',
      prompt: 'Venu comment ?',
      options: ['À pied', 'En voiture', 'En bus'],
      multiple: true,
    });
    const answer = (actor: ParticipantActor, choices: number[]): PendingChoice => {
      const clientId = randomUUID();
      return {
        actor,
        clientId,
        activityId: pollId,
        kind: 'poll',
        prepare: preparePollAnswer({ clientId, activityId: pollId, choices }),
      };
    };
    const outcomes = await write([answer(a, [2, 0]), answer(b, [1]), answer(a, [1])]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true]);
    expect(outcomes[0]).toMatchObject({ ok: true, value: { mine: { choices: [0, 2] } } });
    expect(
      await t.dataSource.query(
        `SELECT participant_id, position FROM spectrum_positions WHERE activity_id = $1 ORDER BY position`,
        [spectrumId],
      ),
    ).toEqual([
      { participant_id: b.participantId, position: 1 },
      { participant_id: a.participantId, position: 5 },
    ]);
    const answers: Array<{ participant_id: string; choices: number[] }> = await t.dataSource.query(
      `SELECT participant_id, choices FROM poll_answers WHERE activity_id = $1`,
      [pollId],
    );
    expect(answers).toHaveLength(2);
    expect(answers).toEqual(
      expect.arrayContaining([
        { participant_id: a.participantId, choices: [1] },
        { participant_id: b.participantId, choices: [1] },
      ]),
    );
  });
});
