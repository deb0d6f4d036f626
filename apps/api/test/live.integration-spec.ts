import type { LiveEvent, PostIdeaRequest } from '@permanente/contracts';
import type { StaffActor } from '../src/auth/actor';
import { AgendaService } from '../src/live/agenda.service';
import { ThemesService } from '../src/live/themes.service';
import { WorkshopsService } from '../src/workshops/workshops.service';
import { IdeasService } from '../src/live/ideas.service';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { join, login, staffHeaders } from './support/actors';
import { eventually, TestLiveClient } from './support/live-client';
import { LiveWorkshop } from './support/live-workshop';
import { startTestApp, type TestApp } from './support/test-app';

describe('live workshop protocol over socket.io (integration)', () => {
  let w: LiveWorkshop;
  let t: TestApp;
  let baseUrl: string;
  let organiser: StaffActor;
  let workshopId: string;
  let code: string;
  let activityId: string;
  let clients: TestLiveClient[];

  const participant = (name?: string) => w.participant(name);

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await t.dataSource.query(sql, params))[0].n);

  beforeAll(async () => {
    // Phones join from their own addresses, so that the join rate limit stays per address.
    w = await LiveWorkshop.start({
      territory: { code: 'bv-v', name: 'Vierzon' },
      organiser: { email: 'orga@example.test' },
      title: 'Fabrik de Vierzon',
      board: { prompt: 'Comment mieux se déplacer ?', categories: ['Mobilité', 'Santé'] },
      trustProxyHops: 1,
      addresses: '10.0',
    });
    ({ t, baseUrl, organiser, workshopId, code, clients } = w);
    activityId = w.boardId;
  });

  afterEach(() => w.closePhones());

  afterAll(() => t.close());

  it('50 participants post concurrently: every phone ends with the same board, stored exactly once each', async () => {
    const before = await count(`SELECT count(*) AS n FROM ideas WHERE workshop_id = $1`, [
      workshopId,
    ]);
    const phones = await Promise.all(Array.from({ length: 50 }, (_, i) => participant(`P${i}`)));
    // Each phone sends as its outbox does: an idea refused as `unavailable` (the pool busy on a
    // loaded machine, PGlite's one query at a time) is sent again with the same clientId.
    const send = async (client: TestLiveClient, idea: PostIdeaRequest) => {
      for (let attempt = 0; ; attempt++) {
        const ack = await client.postIdea(idea);
        if (ack.ok || ack.error.code !== 'unavailable' || attempt === 20) return ack;
        await new Promise((done) => setTimeout(done, 100 * Math.min(attempt + 1, 10)));
      }
    };
    const sent = phones.flatMap(({ client }, i) =>
      [0, 1, 2].map((k) =>
        send(client, {
          clientId: randomUUID(),
          activityId,
          text: `Idée ${k} du participant ${i}`,
          category: k === 0 ? 'Mobilité' : null,
        }),
      ),
    );
    const acks = await Promise.all(sent);
    expect(acks.filter((ack) => !ack.ok)).toEqual([]);
    const total = before + 150;
    await eventually(
      () => phones.every(({ client }) => client.board.size === total),
      20_000,
      'every board to hold every idea',
    );
    const reference = [...phones[0].client.board.keys()].sort();
    for (const { client } of phones) expect([...client.board.keys()].sort()).toEqual(reference);
    expect(
      await count(`SELECT count(*) AS n FROM ideas WHERE workshop_id = $1`, [workshopId]),
    ).toBe(total);
    // One event per stored idea, numbered without gaps.
    const seqs = await t.dataSource.query(
      `SELECT seq FROM workshop_events WHERE workshop_id = $1 ORDER BY seq`,
      [workshopId],
    );
    expect(seqs.map((row: { seq: string }) => Number(row.seq))).toEqual(
      seqs.map((_: unknown, i: number) => i + 1),
    );
    const mine = acks.filter((ack) => ack.ok && ack.data.idea.mine === true);
    expect(mine).toHaveLength(150);
  });

  it('replays exactly the missed events, in order, to a client that comes back with its lastSeq', async () => {
    const { client: away, token } = await participant('Away');
    const lastSeq = away.lastSeq!;
    away.close();
    // Five writers, twenty ideas each (a participant may post 20 a minute).
    const writers = await Promise.all([1, 2, 3, 4, 5].map((n) => participant(`Writer ${n}`)));
    for (let i = 0; i < 100; i++) {
      const ack = await writers[Math.floor(i / 20)].client.postIdea({
        clientId: randomUUID(),
        activityId,
        text: `Idée rejouée ${i}`,
      });
      expect(ack.ok).toBe(true);
    }
    const back = await TestLiveClient.connect(baseUrl, { token });
    clients.push(back);
    const ack = await back.socket.timeout(5_000).emitWithAck('workshop:sync', { lastSeq });
    expect(ack.ok).toBe(true);
    if (!ack.ok || ack.data.mode !== 'events') throw new Error('expected events');
    expect(ack.data.events).toHaveLength(100);
    expect(ack.data.events.map((e: LiveEvent) => e.seq)).toEqual(
      Array.from({ length: 100 }, (_, i) => lastSeq + 1 + i),
    );
    expect(
      ack.data.events.map((e: LiveEvent) => (e.type === 'idea.posted' ? e.data.text : e.type)),
    ).toEqual(Array.from({ length: 100 }, (_, i) => `Idée rejouée ${i}`));
  });

  it('stores a contribution sent 3 times (once across a reconnect) exactly once', async () => {
    const { client, token } = await participant('Retry');
    const request = { clientId: randomUUID(), activityId, text: 'Un bus le dimanche' };
    const first = await client.postIdea(request);
    const [second, third] = await Promise.all([client.postIdea(request), client.postIdea(request)]);
    client.close();
    const again = await TestLiveClient.connect(baseUrl, { token });
    clients.push(again);
    const fourth = await again.postIdea(request);
    for (const ack of [first, second, third, fourth]) expect(ack.ok).toBe(true);
    if (!first.ok || !second.ok || !third.ok || !fourth.ok) return;
    expect(first.data.duplicate).toBe(false);
    expect([second.data.duplicate, third.data.duplicate, fourth.data.duplicate]).toEqual([
      true,
      true,
      true,
    ]);
    expect(
      new Set([first, second, third, fourth].map((a) => (a.ok ? a.data.idea.id : ''))),
    ).toEqual(new Set([first.data.idea.id]));
    expect(
      await count(`SELECT count(*) AS n FROM ideas WHERE client_id = $1`, [request.clientId]),
    ).toBe(1);
    expect(
      await count(`SELECT count(*) AS n FROM workshop_events WHERE subject_id = $1`, [
        first.data.idea.id,
      ]),
    ).toBe(1);
    // Another participant cannot claim that clientId.
    const { client: other } = await participant('Other');
    const stolen = await other.postIdea(request);
    expect(stolen).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'conflict', field: 'clientId' }),
    });
  });

  it('refuses bad input with an error code and stores nothing', async () => {
    const { client } = await participant('Bad');
    const [otherTerritory] = await t.dataSource.query(
      `SELECT territory_id FROM workshops WHERE id = $1`,
      [workshopId],
    );
    const otherWorkshop = await t.app
      .get(WorkshopsService)
      .create(null, { title: 'Ailleurs', territoryId: otherTerritory.territory_id });
    const foreign = await t.app
      .get(AgendaService)
      .addActivity(organiser, otherWorkshop.id, { kind: 'idea_board', prompt: 'Ailleurs' });
    const closedBoard = await t.app
      .get(AgendaService)
      .addActivity(organiser, workshopId, { kind: 'idea_board', prompt: 'Pas encore ouverte' });
    const before = await count(`SELECT count(*) AS n FROM ideas`);
    const cases: Array<[object, string, string | undefined]> = [
      [{ clientId: randomUUID(), activityId, text: '' }, 'invalid', 'text'],
      [{ clientId: randomUUID(), activityId, text: 'x'.repeat(281) }, 'invalid', 'text'],
      [{ clientId: randomUUID(), activityId, text: '\u0000\u0001\u200b' }, 'invalid', 'text'],
      [{ clientId: 'not-a-uuid', activityId, text: 'ok' }, 'invalid', 'clientId'],
      [{ clientId: randomUUID(), activityId: randomUUID(), text: 'ok' }, 'not_found', 'activityId'],
      [{ clientId: randomUUID(), activityId: foreign.id, text: 'ok' }, 'not_found', 'activityId'],
      [{ clientId: randomUUID(), activityId: closedBoard.id, text: 'ok' }, 'closed', undefined],
      [
        { clientId: randomUUID(), activityId, text: 'ok', category: 'Inconnue' },
        'invalid',
        'category',
      ],
    ];
    for (const [request, code, field] of cases) {
      const ack = await client.postIdea(request as never);
      expect({ request, ack }).toEqual({
        request,
        ack: { ok: false, error: expect.objectContaining({ code, ...(field ? { field } : {}) }) },
      });
    }
    expect(await count(`SELECT count(*) AS n FROM ideas`)).toBe(before);
  });

  it('authorises at the handshake: a credential is needed, and only this product’s pages may connect', async () => {
    await expect(TestLiveClient.connect(baseUrl, {}, { reconnection: false })).rejects.toThrow(
      'unauthorized',
    );
    await expect(
      TestLiveClient.connect(baseUrl, { token: 'p1.forged' }, { reconnection: false }),
    ).rejects.toThrow('unauthorized');
    const joined = await join(t, code);
    await expect(
      TestLiveClient.connect(
        baseUrl,
        { token: joined.body.token },
        { reconnection: false, extraHeaders: { origin: 'https://evil.example' } },
      ),
    ).rejects.toThrow('forbidden');
    const ok = await TestLiveClient.connect(
      baseUrl,
      { token: joined.body.token },
      { extraHeaders: { origin: new URL(t.config.publicUrl).origin } },
    );
    clients.push(ok);
    // Staff follow a workshop with their session cookie, within their scope.
    const staff = await login(t, 'orga@example.test', 'organiser password');
    const console = await TestLiveClient.connect(
      baseUrl,
      { workshopId },
      { extraHeaders: { cookie: staffHeaders(staff).cookie } },
    );
    clients.push(console);
    await console.ready();
    expect(console.lastSeq).toBeGreaterThan(0);
  });

  it('never sends a hidden idea to participants, live or on replay; staff still see it', async () => {
    const { client: author } = await participant('Author');
    const { client: watcher } = await participant('Watcher');
    const posted = await author.postIdea({
      clientId: randomUUID(),
      activityId,
      text: 'Contenu à modérer',
    });
    if (!posted.ok) throw new Error('post refused');
    const ideaId = posted.data.idea.id;
    await eventually(() => watcher.board.has(ideaId), 5_000, 'the idea to reach the watcher');
    const seqBefore = watcher.lastSeq!;
    await t.app.get(IdeasService).setHidden(organiser, workshopId, ideaId, true);
    await eventually(() => !watcher.board.has(ideaId), 5_000, 'the idea to disappear');

    const { client: late } = await participant('Late');
    expect(late.board.has(ideaId)).toBe(false);
    const replay = await late.socket
      .timeout(5_000)
      .emitWithAck('workshop:sync', { lastSeq: seqBefore - 1 });
    expect(JSON.stringify(replay)).not.toContain('Contenu à modérer');

    const staff = await login(t, 'orga@example.test', 'organiser password');
    const snapshot = await t
      .http()
      .get(`/api/workshops/${workshopId}/snapshot`)
      .set(staffHeaders(staff))
      .expect(200);
    expect(snapshot.body.ideas.find((idea: { id: string }) => idea.id === ideaId)).toMatchObject({
      hidden: true,
    });
    const audit = await t.dataSource.query(`SELECT action FROM audit_log WHERE target_id = $1`, [
      ideaId,
    ]);
    expect(audit).toEqual([{ action: 'idea.hide' }]);

    await t.app.get(IdeasService).setHidden(organiser, workshopId, ideaId, false);
    await eventually(() => watcher.board.has(ideaId), 5_000, 'the restored idea to come back');
  });

  it('takes paper contributions typed in by a facilitator, marked as such', async () => {
    const staff = await login(t, 'orga@example.test', 'organiser password');
    const { client: watcher } = await participant('Watcher');
    const request = { clientId: randomUUID(), activityId, text: 'Écrit sur un post-it' };
    const first = await t
      .http()
      .post(`/api/workshops/${workshopId}/ideas`)
      .set(staffHeaders(staff))
      .send(request)
      .expect(201);
    const retry = await t
      .http()
      .post(`/api/workshops/${workshopId}/ideas`)
      .set(staffHeaders(staff))
      .send(request)
      .expect(201);
    expect(first.body.idea).toMatchObject({
      origin: 'paper',
      text: 'Écrit sur un post-it',
      authorName: null,
    });
    expect(retry.body).toMatchObject({ duplicate: true, idea: { id: first.body.idea.id } });
    await eventually(
      () => watcher.board.get(first.body.idea.id)?.origin === 'paper',
      5_000,
      'the paper idea to reach phones',
    );
    const empty = await t
      .http()
      .post(`/api/workshops/${workshopId}/ideas`)
      .set(staffHeaders(staff))
      .send({ ...request, clientId: randomUUID(), text: ' ' })
      .expect(400);
    expect(empty.body.fields[0]).toMatchObject({ field: 'body.text' });
  });

  it('dot votes, the spectrum and a poll: 50 participants choose concurrently, counts equal what was sent', async () => {
    const agenda = t.app.get(AgendaService);
    const ideas = (
      await t.dataSource.query(
        `SELECT id FROM ideas WHERE workshop_id = $1 AND hidden_at IS NULL ORDER BY created_at LIMIT 3`,
        [workshopId],
      )
    ).map((row: { id: string }) => row.id);
    const vote = await agenda.addActivity(organiser, workshopId, {
      kind: 'dot_vote',
      prompt: 'Vos priorités',
      dots: 3,
    });
    const spectrum = await agenda.addActivity(organiser, workshopId, {
      kind: 'spectrum',
      prompt: 'Il faut plus de bus le soir',
    });
    const poll = await agenda.addActivity(organiser, workshopId, {
      kind: 'poll',
      prompt: 'Venu comment ?',
      options: ['À pied', 'En voiture', 'En bus'],
    });
    const phones = await Promise.all(Array.from({ length: 50 }, (_, i) => participant(`V${i}`)));

    // Dot vote: everyone spends 3 dots, then moves one (the last state counts).
    await agenda.updateActivity(organiser, workshopId, vote.id, { status: 'open' });
    const first = await Promise.all(
      phones.map(({ client }) =>
        client.choose('vote:set', {
          clientId: randomUUID(),
          activityId: vote.id,
          dots: { [ideas[0]]: 2, [ideas[1]]: 1 },
        }),
      ),
    );
    expect(first.filter((ack) => !ack.ok)).toEqual([]);
    const moved = await Promise.all(
      phones.map(({ client }) =>
        client.choose('vote:set', {
          clientId: randomUUID(),
          activityId: vote.id,
          dots: { [ideas[0]]: 1, [ideas[2]]: 2 },
        }),
      ),
    );
    expect(moved.filter((ack) => !ack.ok)).toEqual([]);
    const tooMany = await phones[0].client.choose('vote:set', {
      clientId: randomUUID(),
      activityId: vote.id,
      dots: { [ideas[0]]: 4 },
    });
    expect(tooMany).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'invalid', field: 'dots' }),
    });
    const stored = await t.dataSource.query(
      `SELECT idea_id, sum(dots)::int AS n FROM dot_votes WHERE activity_id = $1 GROUP BY idea_id`,
      [vote.id],
    );
    expect(
      Object.fromEntries(stored.map((row: { idea_id: string; n: number }) => [row.idea_id, row.n])),
    ).toEqual({ [ideas[0]]: 50, [ideas[2]]: 100 });

    // Spectrum: opening it closes the vote; positions 1..5 spread, then some move.
    await agenda.updateActivity(organiser, workshopId, spectrum.id, { status: 'open' });
    const late = await phones[1].client.choose('vote:set', {
      clientId: randomUUID(),
      activityId: vote.id,
      dots: {},
    });
    expect(late).toEqual({ ok: false, error: expect.objectContaining({ code: 'closed' }) });
    await Promise.all(
      phones.map(({ client }, i) =>
        client.choose('spectrum:place', {
          clientId: randomUUID(),
          activityId: spectrum.id,
          position: (i % 5) + 1,
        }),
      ),
    );
    await Promise.all(
      phones.slice(0, 10).map(({ client }) =>
        client.choose('spectrum:place', {
          clientId: randomUUID(),
          activityId: spectrum.id,
          position: 5,
        }),
      ),
    );
    const badPosition = await phones[0].client.choose('spectrum:place', {
      clientId: randomUUID(),
      activityId: spectrum.id,
      position: 6,
    });
    expect(badPosition).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'invalid', field: 'position' }),
    });

    // Opening the spectrum closed the vote, and every phone was told so.
    await eventually(
      () =>
        phones[0].client.received.some(
          (e) =>
            e.type === 'activity.updated' && e.data.id === vote.id && e.data.status === 'closed',
        ),
      5_000,
      'the vote to be announced closed',
    );
    // The room got the results a few times, not once per vote (100 changes were made), and the
    // close carried the final tally: every acknowledged dot, right after the closed status.
    const voteEvents = phones[0].client.received.filter(
      (e) => e.data && (e.data as { activityId?: string; id?: string }).activityId === vote.id,
    );
    const tallies = voteEvents.filter((e) => e.type === 'results.updated');
    expect(tallies.length).toBeGreaterThan(0);
    expect(tallies.length).toBeLessThan(50);
    const closedAt = phones[0].client.received.findIndex(
      (e) => e.type === 'activity.updated' && e.data.id === vote.id && e.data.status === 'closed',
    );
    const finalTally = phones[0].client.received[closedAt + 1];
    expect(finalTally).toMatchObject({
      type: 'results.updated',
      seq: phones[0].client.received[closedAt].seq + 1,
      data: { activityId: vote.id, tallies: { [ideas[0]]: 50, [ideas[2]]: 100 }, voters: 50 },
    });
    // Poll: one choice each; idempotent on clientId.
    await agenda.updateActivity(organiser, workshopId, poll.id, { status: 'open' });
    const answers = await Promise.all(
      phones.map(({ client }, i) =>
        client.choose('poll:answer', {
          clientId: randomUUID(),
          activityId: poll.id,
          choices: [i % 3],
        }),
      ),
    );
    expect(answers.filter((ack) => !ack.ok)).toEqual([]);
    const retryId = randomUUID();
    const once = await phones[2].client.choose('poll:answer', {
      clientId: retryId,
      activityId: poll.id,
      choices: [1],
    });
    const twice = await phones[2].client.choose('poll:answer', {
      clientId: retryId,
      activityId: poll.id,
      choices: [1],
    });
    expect(once.ok && twice.ok && twice.data.duplicate && !once.data.duplicate).toBe(true);
    const two = await phones[3].client.choose('poll:answer', {
      clientId: randomUUID(),
      activityId: poll.id,
      choices: [0, 1],
    });
    expect(two).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'invalid', field: 'choices' }),
    });

    const expected = {
      [vote.id]: {
        activityId: vote.id,
        kind: 'dot_vote',
        tallies: { [ideas[0]]: 50, [ideas[2]]: 100 },
        voters: 50,
      },
      [spectrum.id]: { activityId: spectrum.id, kind: 'spectrum', distribution: [8, 8, 8, 8, 18] },
      [poll.id]: { activityId: poll.id, kind: 'poll', counts: [17, 17, 16], respondents: 50 },
    };
    // Participant 2 answered 2 (i % 3) then 1: one fewer for choice 2, one more for choice 1.
    expected[poll.id] = { ...expected[poll.id], counts: [17, 18, 15] } as never;
    await eventually(
      () =>
        phones.every(({ client }) =>
          [vote.id, spectrum.id, poll.id].every((id) =>
            isDeepStrictEqual(client.results.get(id), expected[id]),
          ),
        ),
      20_000,
      'every phone to show the same results as the database',
    );
    const snapshot = await t
      .http()
      .get(`/api/workshops/${workshopId}/snapshot`)
      .set({ authorization: `Bearer ${phones[4].token}` })
      .expect(200);
    expect(snapshot.body.mine).toEqual(
      expect.arrayContaining([
        { activityId: vote.id, kind: 'dot_vote', dots: { [ideas[0]]: 1, [ideas[2]]: 2 } },
        { activityId: spectrum.id, kind: 'spectrum', position: 5 },
        { activityId: poll.id, kind: 'poll', choices: [1] },
      ]),
    );
  });

  it('exports the whole record as CSV: ideas (phone and paper), dots, positions and answers', async () => {
    const staff = await login(t, 'orga@example.test', 'organiser password');
    await t.app
      .get(AgendaService)
      .updateActivity(organiser, workshopId, activityId, { status: 'open' });
    const { client } = await participant('Formula');
    await client.postIdea({ clientId: randomUUID(), activityId, text: '=HYPERLINK("http://x")' });
    const response = await t
      .http()
      .get(`/api/workshops/${workshopId}/export.csv`)
      .set(staffHeaders(staff))
      .expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toContain('attachment');
    const lines = response.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    // French by default: headers and words.
    expect(lines[0]).toBe(
      'type,activité,type d’activité,question,heure,origine,auteur,contenu,catégorie,thème,valeur,masquée,compte pour',
    );
    expect(lines.slice(1).map((line) => line.split(',')[0])).toContain('idée');
    // In English when the interface asks for it (lang), or the browser (Accept-Language).
    for (const request of [
      t.http().get(`/api/workshops/${workshopId}/export.csv?lang=en`),
      t
        .http()
        .get(`/api/workshops/${workshopId}/export.csv`)
        .set('accept-language', 'en-GB,en;q=0.8'),
    ]) {
      const english = await request.set(staffHeaders(staff)).expect(200);
      expect(english.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
        'type,activity,activity_kind,activity_prompt,time,origin,author,content,category,theme,value,hidden,counts_for',
      );
    }
    const french = await t
      .http()
      .get(`/api/workshops/${workshopId}/export.csv?lang=fr`)
      .set('accept-language', 'en')
      .set(staffHeaders(staff))
      .expect(200);
    expect(french.text).toContain('type d’activité');
    const badLang = await t
      .http()
      .get(`/api/workshops/${workshopId}/export.csv?lang=de`)
      .set(staffHeaders(staff))
      .expect(400);
    expect(badLang.body.fields[0].field).toBe('query.lang');
    const englishLines = (
      await t
        .http()
        .get(`/api/workshops/${workshopId}/export.csv?lang=en`)
        .set(staffHeaders(staff))
        .expect(200)
    ).text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const types = englishLines.slice(1).map((line) => line.split(',')[0]);
    const [{ n: ideaCount }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM ideas WHERE workshop_id = $1`,
      [workshopId],
    );
    expect(types.filter((type) => type === 'idea')).toHaveLength(ideaCount);
    expect(types).toEqual(expect.arrayContaining(['dots', 'position', 'answer']));
    expect(response.text).toContain(',papier,');
    expect(response.text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(response.text).toContain('En bus');
  });

  it('clusters ideas into themes and merges duplicates, live, with suggestions', async () => {
    const staff = await login(t, 'orga@example.test', 'organiser password');
    await t.app
      .get(AgendaService)
      .updateActivity(organiser, workshopId, activityId, { status: 'open' });
    const { client } = await participant('Cluster');
    const texts = [
      'Plus de bus le soir pour rentrer du travail',
      'des bus plus tard le soir !',
      'Une maison de santé dans le canton',
    ];
    const ids: string[] = [];
    for (const text of texts) {
      const ack = await client.postIdea({ clientId: randomUUID(), activityId, text });
      if (ack.ok) ids.push(ack.data.idea.id);
    }
    const suggestions = await t
      .http()
      .get(`/api/workshops/${workshopId}/clustering-suggestions`)
      .set(staffHeaders(staff))
      .expect(200);
    expect(
      suggestions.body.duplicates.map((d: { ideaIds: string[] }) => [...d.ideaIds].sort()),
    ).toContainEqual([ids[0], ids[1]].sort());

    const theme = await t
      .http()
      .post(`/api/workshops/${workshopId}/themes`)
      .set(staffHeaders(staff))
      .send({ name: 'Mobilité' })
      .expect(201);
    await t
      .http()
      .put(`/api/workshops/${workshopId}/ideas/${ids[0]}/classification`)
      .set(staffHeaders(staff))
      .send({ themeId: theme.body.id })
      .expect(200);
    const merged = await t
      .http()
      .put(`/api/workshops/${workshopId}/ideas/${ids[1]}/classification`)
      .set(staffHeaders(staff))
      .send({ duplicateOf: ids[0] })
      .expect(200);
    expect(merged.body).toEqual({ ideaId: ids[1], themeId: theme.body.id, duplicateOf: ids[0] }); // follows its original
    const bad = await t
      .http()
      .put(`/api/workshops/${workshopId}/ideas/${ids[2]}/classification`)
      .set(staffHeaders(staff))
      .send({ duplicateOf: ids[1] })
      .expect(400);
    expect(bad.body.fields[0].field).toBe('body.duplicateOf');
    await eventually(
      () => client.received.some((e) => e.type === 'idea.classified' && e.data.ideaId === ids[1]),
      5_000,
      'the change to reach phones',
    );

    const snapshot = await t
      .http()
      .get(`/api/workshops/${workshopId}/snapshot`)
      .set(staffHeaders(staff))
      .expect(200);
    expect(snapshot.body.themes).toEqual([{ id: theme.body.id, name: 'Mobilité', position: 1 }]);
    expect(snapshot.body.ideas.find((i: { id: string }) => i.id === ids[1])).toMatchObject({
      themeId: theme.body.id,
      duplicateOf: ids[0],
    });
    await t
      .http()
      .delete(`/api/workshops/${workshopId}/themes/${theme.body.id}`)
      .set(staffHeaders(staff))
      .expect(204);
    const [row] = await t.dataSource.query(`SELECT theme_id FROM ideas WHERE id = $1`, [ids[0]]);
    expect(row.theme_id).toBeNull();
  });

  it('dot votes on themes: dots go to themes of this workshop only, counted live, moved freely, exported', async () => {
    const staff = await login(t, 'orga@example.test', 'organiser password');
    const themes = t.app.get(ThemesService);
    const transport = await themes.create(organiser, workshopId, 'Transports');
    const health = await themes.create(organiser, workshopId, 'Santé');
    const vote = await t.app.get(AgendaService).addActivity(organiser, workshopId, {
      kind: 'dot_vote',
      prompt: 'Quels thèmes en priorité ?',
      dots: 3,
      voteOn: 'themes',
    });
    expect(vote).toMatchObject({ kind: 'dot_vote', voteOn: 'themes', dots: 3 });
    await t.app
      .get(AgendaService)
      .updateActivity(organiser, workshopId, vote.id, { status: 'open' });
    const [a, b] = await Promise.all([participant('Thème A'), participant('Thème B')]);
    const spend = (client: TestLiveClient, dots: Record<string, number>) =>
      client.choose('vote:set', { clientId: randomUUID(), activityId: vote.id, dots });

    expect(await spend(a.client, { [transport.id]: 2, [health.id]: 1 })).toMatchObject({
      ok: true,
    });
    expect(await spend(b.client, { [transport.id]: 1 })).toMatchObject({ ok: true });
    // B moves its dot: only its last allocation counts.
    expect(await spend(b.client, { [health.id]: 3 })).toMatchObject({ ok: true });
    // An idea id is not a theme: this vote is on themes.
    const [idea] = await t.dataSource.query(`SELECT id FROM ideas WHERE workshop_id = $1 LIMIT 1`, [
      workshopId,
    ]);
    const refused = await spend(a.client, { [idea.id]: 1 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid', field: 'dots' } });
    const tooMany = await spend(a.client, { [transport.id]: 2, [health.id]: 2 });
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'invalid' } });

    const expected = {
      activityId: vote.id,
      kind: 'dot_vote',
      tallies: { [transport.id]: 2, [health.id]: 4 },
      voters: 2,
    };
    await eventually(
      () => [a, b].every(({ client }) => isDeepStrictEqual(client.results.get(vote.id), expected)),
      5_000,
      'both phones to show the theme tallies',
    );
    expect(
      await count(
        `SELECT coalesce(sum(dots), 0)::int AS n FROM theme_dot_votes WHERE activity_id = $1`,
        [vote.id],
      ),
    ).toBe(6);
    expect(
      await count(`SELECT count(*)::int AS n FROM dot_votes WHERE activity_id = $1`, [vote.id]),
    ).toBe(0);
    const snapshot = await t
      .http()
      .get(`/api/workshops/${workshopId}/snapshot`)
      .set({ authorization: `Bearer ${b.token}` })
      .expect(200);
    expect(snapshot.body.mine).toContainEqual({
      activityId: vote.id,
      kind: 'dot_vote',
      dots: { [health.id]: 3 },
    });
    const csv = await t
      .http()
      .get(`/api/workshops/${workshopId}/export.csv`)
      .set(staffHeaders(staff))
      .expect(200);
    expect(csv.text).toContain(',Santé,3,');
    // A theme with dots is not deleted: that would silently drop votes.
    const refusedDelete = await t
      .http()
      .delete(`/api/workshops/${workshopId}/themes/${transport.id}`)
      .set(staffHeaders(staff))
      .expect(409);
    expect(refusedDelete.body.message).toContain('dots');
    expect(
      await count(`SELECT count(*)::int AS n FROM theme_dot_votes WHERE theme_id = $1`, [
        transport.id,
      ]),
    ).toBe(1);
  });

  it('closes the door: while entries are locked no phone joins, those in keep contributing', async () => {
    const staff = staffHeaders(await login(t, 'orga@example.test', 'organiser password'));
    await t.app
      .get(AgendaService)
      .updateActivity(organiser, workshopId, activityId, { status: 'open' });
    const inside = await participant('Déjà là');
    const locked = await t
      .http()
      .put(`/api/workshops/${workshopId}/entry`)
      .set(staff)
      .send({ locked: true })
      .expect(200);
    expect(locked.body).toEqual({ locked: true });
    await eventually(
      () =>
        inside.client.received.some(
          (event) => event.type === 'workshop.entry' && event.data.locked === true,
        ),
      5_000,
      'the lock to reach the phones',
    );
    const refused = await t
      .http()
      .post('/api/workshops/join')
      .set('x-forwarded-for', '10.9.9.9')
      .send({ code })
      .expect(403);
    expect(refused.body.message).toContain('closed entries');
    const before = await count(
      `SELECT count(*)::int AS n FROM participants WHERE workshop_id = $1`,
      [workshopId],
    );
    const ack = await inside.client.postIdea({
      clientId: randomUUID(),
      activityId,
      text: 'Toujours là, toujours une idée',
    });
    expect(ack.ok).toBe(true);
    const snapshot = await t
      .http()
      .get(`/api/workshops/${workshopId}/snapshot`)
      .set(staff)
      .expect(200);
    expect(snapshot.body.workshop.entryLocked).toBe(true);
    await t
      .http()
      .put(`/api/workshops/${workshopId}/entry`)
      .set(staff)
      .send({ locked: 'yes' })
      .expect(400);
    await t
      .http()
      .put(`/api/workshops/${workshopId}/entry`)
      .set(staff)
      .send({ locked: false })
      .expect(200);
    await participant('Arrivée après');
    expect(
      await count(`SELECT count(*)::int AS n FROM participants WHERE workshop_id = $1`, [
        workshopId,
      ]),
    ).toBe(before + 1);
  });

  it('serves the join QR code for the wall: the join URL as SVG', async () => {
    const staff = await login(t, 'orga@example.test', 'organiser password');
    const response = await t
      .http()
      .get(`/api/workshops/${workshopId}/qr.svg`)
      .set(staffHeaders(staff))
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      })
      .expect(200);
    expect(response.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(response.body).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(response.body.length).toBeGreaterThan(1000);
  });

  it('keeps a participant’s ideas, unattributed, when it erases its personal trace', async () => {
    await t.app
      .get(AgendaService)
      .updateActivity(organiser, workshopId, activityId, { status: 'open' });
    const { client, token, participantId } = await participant('Zoé');
    const posted = await client.postIdea({
      clientId: randomUUID(),
      activityId,
      text: 'Une maison de santé',
    });
    if (!posted.ok) throw new Error('post refused');
    expect(posted.data.idea.authorName).toBe('Zoé');
    await t
      .http()
      .delete('/api/participants/me/personal-data')
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    const [row] = await t.dataSource.query(
      `SELECT i.text, i.participant_id, p.display_name, p.erased_at FROM ideas i JOIN participants p ON p.id = i.participant_id WHERE i.id = $1`,
      [posted.data.idea.id],
    );
    expect(row).toMatchObject({
      text: 'Une maison de santé',
      participant_id: participantId,
      display_name: null,
    });
    expect(row.erased_at).not.toBeNull();
    const snapshot = await t
      .http()
      .get(`/api/workshops/${workshopId}/snapshot`)
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    expect(
      snapshot.body.ideas.find((idea: { id: string }) => idea.id === posted.data.idea.id),
    ).toMatchObject({
      text: 'Une maison de santé',
      authorName: null,
      mine: true,
    });
  });

  it('limits how many ideas one participant may post in a minute', async () => {
    await t.app
      .get(AgendaService)
      .updateActivity(organiser, workshopId, activityId, { status: 'open' });
    const { client } = await participant('Flood');
    const acks = [];
    for (let i = 0; i < 21; i++)
      acks.push(await client.postIdea({ clientId: randomUUID(), activityId, text: `Encore ${i}` }));
    expect(acks.slice(0, 20).every((ack) => ack.ok)).toBe(true);
    expect(acks[20]).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'rate_limited' }),
    });
  });

  it('loses no acknowledged contribution when the API restarts mid-workshop; phones resume by themselves', async () => {
    await t.app
      .get(AgendaService)
      .updateActivity(organiser, workshopId, activityId, { status: 'open' });
    const phones = await Promise.all([participant('R1'), participant('R2'), participant('R3')]);
    const acked: string[] = [];
    for (const [i, { client }] of phones.entries()) {
      const ack = await client.postIdea({
        clientId: randomUUID(),
        activityId,
        text: `Avant le redémarrage ${i}`,
      });
      if (ack.ok) acked.push(ack.data.idea.id);
    }
    const port = Number(new URL(baseUrl).port);
    await t.close();
    t = await startTestApp({ trustProxyHops: 1 });
    w.t = t;
    await t.listen(port);
    await eventually(
      () => phones.every(({ client }) => client.socket.connected),
      20_000,
      'phones to reconnect',
    );
    for (const [i, { client }] of phones.entries()) {
      const ack = await client.postIdea({
        clientId: randomUUID(),
        activityId,
        text: `Après le redémarrage ${i}`,
      });
      expect(ack.ok).toBe(true);
      if (ack.ok) acked.push(ack.data.idea.id);
    }
    const stored = await t.dataSource.query(`SELECT id FROM ideas WHERE id = ANY($1::uuid[])`, [
      acked,
    ]);
    expect(stored).toHaveLength(acked.length);
    await eventually(
      () => phones.every(({ client }) => acked.every((id) => client.board.has(id))),
      10_000,
      'phones to catch up',
    );
  });
});
