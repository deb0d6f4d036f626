import type { ParticipantContribution, ParticipantExport } from '@permanente/contracts';
import { randomUUID } from 'node:crypto';
import { AccountsService } from '../src/accounts/accounts.service';
import type { StaffActor } from '../src/auth/actor';
import { AgendaService } from '../src/live/agenda.service';
import { ThemesService } from '../src/live/themes.service';
import { WorkshopsService } from '../src/workshops/workshops.service';
import { join } from './support/actors';
import { TestLiveClient } from './support/live-client';
import { resetDatabase, startTestApp, TestApp } from './support/test-app';

describe('pseudonymous participants (integration)', () => {
  let t: TestApp;
  let code: string;
  let workshopId: string;

  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.dataSource);
    const [territory] = await t.dataSource.query(
      `INSERT INTO territories (code, name, level) VALUES ('bv-x', 'Vierzon', 'bassin_de_vie') RETURNING id`,
    );
    const workshop = await t.app
      .get(WorkshopsService)
      .create(null, { title: 'Fabrik de Vierzon', territoryId: territory.id });
    code = workshop.code;
    workshopId = workshop.id;
  });

  afterAll(() => t.close());

  it('joins with the code as people type it, without an account, and gets a workshop-scoped credential', async () => {
    const typed = `${code.slice(0, 3).toLowerCase()} ${code.slice(3)}`;
    const response = await t
      .http()
      .post('/api/workshops/join')
      .send({ code: typed, displayName: 'Lucie' })
      .expect(201);
    expect(response.body.token).toMatch(/^p1\.[\w-]{43}$/);
    expect(response.body.participant).toMatchObject({
      workshopId,
      displayName: 'Lucie',
      profile: {},
    });
    expect(response.body.workshop).toEqual(
      expect.objectContaining({ id: workshopId, title: 'Fabrik de Vierzon' }),
    );
    expect(response.body.workshop).not.toHaveProperty('code');
    const me = await t
      .http()
      .get('/api/participants/me')
      .set('authorization', `Bearer ${response.body.token}`)
      .expect(200);
    expect(me.body.id).toBe(response.body.participant.id);
    // The credential is stored hashed only.
    const rows = await t.dataSource.query(`SELECT 1 FROM participants WHERE token_hash = $1`, [
      response.body.token,
    ]);
    expect(rows).toEqual([]);
  });

  it('refuses bad codes clearly: malformed 400, unknown 404, closed 409', async () => {
    const malformed = await t.http().post('/api/workshops/join').send({ code: 'O0I1' }).expect(400);
    expect(malformed.body.error).toBe('bad_request');
    await t
      .http()
      .post('/api/workshops/join')
      .send({ code: 'ZZZZZZ' === code ? 'YYYYYY' : 'ZZZZZZ' })
      .expect(404);
    const [other] = await t.dataSource.query(
      `INSERT INTO workshops (code, title, territory_id, status) SELECT 'CKSD22', 'Old', territory_id, 'closed' FROM workshops LIMIT 1 RETURNING id`,
    );
    expect(other.id).toBeDefined();
    const closed = await t.http().post('/api/workshops/join').send({ code: 'CKSD22' }).expect(409);
    expect(closed.body.message).toBe('This workshop is closed');
    const tooLong = await t
      .http()
      .post('/api/workshops/join')
      .send({ code, displayName: 'x'.repeat(41) })
      .expect(400);
    expect(tooLong.body.fields[0].field).toBe('body.displayName');
    await t
      .http()
      .post('/api/workshops/join')
      .send({ code, displayName: 'bell\u0007' })
      .expect(400);
  });

  it('accepts look-alikes (O for 0, I and L for 1) and says which character is wrong', async () => {
    await t.dataSource.query(
      `INSERT INTO workshops (code, title, territory_id, status) SELECT 'K7P0Q1', 'Fabrik d’Orléans', territory_id, 'live' FROM workshops LIMIT 1`,
    );
    for (const typed of ['k7p0q1', 'K7PO QI', 'k7p-oql']) {
      const joined = await t.http().post('/api/workshops/join').send({ code: typed }).expect(201);
      expect(joined.body.workshop.title).toBe('Fabrik d’Orléans');
    }
    const bad = await t.http().post('/api/workshops/join').send({ code: 'K7P0Q!' }).expect(400);
    expect(bad.body.fields).toEqual([
      {
        field: 'body.code',
        code: 'joinCode.character',
        reason: 'code: character 6, "!", is not a letter or digit of a join code',
      },
    ]);
    const short = await t.http().post('/api/workshops/join').send({ code: 'K7P0Q' }).expect(400);
    expect(short.body.fields[0]).toMatchObject({ field: 'body.code', code: 'joinCode.length' });
  });

  it('stores profile answers only with consent', async () => {
    const { body } = await t.http().post('/api/workshops/join').send({ code }).expect(201);
    const auth = { authorization: `Bearer ${body.token}` };
    await t
      .http()
      .patch('/api/participants/me')
      .set(auth)
      .send({ profile: { ageBand: '25_34' } })
      .expect(400);
    await t
      .http()
      .patch('/api/participants/me')
      .set(auth)
      .send({ profile: { ageBand: 'ancient' }, profileConsent: true })
      .expect(400);
    const updated = await t
      .http()
      .patch('/api/participants/me')
      .set(auth)
      .send({
        displayName: 'Max',
        profile: { ageBand: '25_34', firstParticipation: true },
        profileConsent: true,
      })
      .expect(200);
    expect(updated.body).toMatchObject({
      displayName: 'Max',
      profile: { ageBand: '25_34', firstParticipation: true },
    });
  });

  it('downloads what it contributed, then erases its personal trace and keeps the record', async () => {
    const { body } = await t
      .http()
      .post('/api/workshops/join')
      .send({ code, displayName: 'Nadia' })
      .expect(201);
    const auth = { authorization: `Bearer ${body.token}` };
    await t
      .http()
      .patch('/api/participants/me')
      .set(auth)
      .send({ profile: { ageBand: '50_64' }, profileConsent: true })
      .expect(200);

    const exported = await t.http().get('/api/participants/me/export').set(auth).expect(200);
    expect(exported.headers['content-disposition']).toContain('attachment');
    const data = exported.body as ParticipantExport;
    expect(data.participant).toMatchObject({ displayName: 'Nadia', profile: { ageBand: '50_64' } });
    expect(data.workshop.title).toBe('Fabrik de Vierzon');
    expect(Array.isArray(data.contributions)).toBe(true);

    const erased = await t
      .http()
      .delete('/api/participants/me/personal-data')
      .set(auth)
      .expect(200);
    expect(erased.body).toMatchObject({ displayName: null, profile: {} });
    const [row] = await t.dataSource.query(
      `SELECT workshop_id, display_name, profile, profile_consent_at, erased_at FROM participants WHERE id = $1`,
      [body.participant.id],
    );
    expect(row).toMatchObject({
      workshop_id: workshopId,
      display_name: null,
      profile: {},
      profile_consent_at: null,
    });
    expect(row.erased_at).not.toBeNull();
  });

  it('exports every contribution (ideas, dots, positions, poll answers, supports, comments) as the database holds them', async () => {
    const baseUrl = await t.listen();
    const account = await t.app.get(AccountsService).create(null, {
      email: 'export-orga@example.test',
      password: 'organiser password',
      displayName: 'Orga',
      roles: ['organiser'],
    });
    const organiser: StaffActor = {
      kind: 'staff',
      userId: account.id,
      displayName: 'Orga',
      roles: ['organiser'],
      scopeTerritoryIds: [],
      sessionId: '',
      csrfToken: '',
    };
    const agenda = t.app.get(AgendaService);
    await agenda.setStatus(organiser, workshopId, 'live');
    const me = await join(t, code, 'Rose');
    const other = await join(t, code, 'Paul');
    const participantId = me.body.participant.id;
    const phone = await TestLiveClient.connect(baseUrl, { token: me.body.token });
    const otherPhone = await TestLiveClient.connect(baseUrl, { token: other.body.token });
    try {
      await phone.ready();
      await otherPhone.ready();
      const open = async (request: Parameters<AgendaService['addActivity']>[2]) => {
        const activity = await agenda.addActivity(organiser, workshopId, request);
        await agenda.updateActivity(organiser, workshopId, activity.id, { status: 'open' });
        return activity;
      };
      const board = await open({ kind: 'idea_board', prompt: 'Que manque-t-il ici ?' });
      const ideas: string[] = [];
      for (const text of ['Un bus le samedi', 'Un médecin']) {
        const ack = await phone.postIdea({ clientId: randomUUID(), activityId: board.id, text });
        if (!ack.ok) throw new Error(ack.error.code);
        ideas.push(ack.data.idea.id);
      }
      const othersIdea = await otherPhone.postIdea({
        clientId: randomUUID(),
        activityId: board.id,
        text: 'Pas à moi',
      });
      expect(othersIdea.ok).toBe(true);
      const theme = await t.app.get(ThemesService).create(organiser, workshopId, 'Santé');
      const vote = await open({ kind: 'dot_vote', prompt: 'Vos priorités', dots: 3 });
      const voted = await phone.choose('vote:set', {
        clientId: randomUUID(),
        activityId: vote.id,
        dots: { [ideas[0]]: 2, [ideas[1]]: 1 },
      });
      expect(voted.ok).toBe(true);
      const themeVote = await open({
        kind: 'dot_vote',
        prompt: 'Vos thèmes',
        dots: 3,
        voteOn: 'themes',
      });
      expect(
        (
          await phone.choose('vote:set', {
            clientId: randomUUID(),
            activityId: themeVote.id,
            dots: { [theme.id]: 3 },
          })
        ).ok,
      ).toBe(true);
      const spectrum = await open({ kind: 'spectrum', prompt: 'Le bus suffit' });
      expect(
        (
          await phone.choose('spectrum:place', {
            clientId: randomUUID(),
            activityId: spectrum.id,
            position: 4,
          })
        ).ok,
      ).toBe(true);
      const poll = await open({
        kind: 'poll',
        prompt: 'Quel jour ?',
        options: ['Lundi', 'Samedi', 'Dimanche'],
        multiple: true,
      });
      expect(
        (
          await phone.choose('poll:answer', {
            clientId: randomUUID(),
            activityId: poll.id,
            choices: [1, 2],
          })
        ).ok,
      ).toBe(true);

      const [campaign] = await t.dataSource.query(
        `INSERT INTO campaigns (slug, title, territory_id, starts_on, ends_on)
         SELECT 'export-test', 'Démarche', territory_id, '2026-01-01', '2026-12-31' FROM workshops WHERE id = $1 RETURNING id`,
        [workshopId],
      );
      const [proposal] = await t.dataSource.query(
        `INSERT INTO proposals (campaign_id, territory_id, title, need, action, source, status, created_at, updated_at, published_at, answer_due_at)
         SELECT $1, territory_id, 'Un bus le samedi', 'Aller au marché', 'Une ligne le samedi', 'workshop', 'published', now(), now(), now(), now() + interval '90 days'
         FROM workshops WHERE id = $2 RETURNING id`,
        [campaign.id, workshopId],
      );
      await t.http().post(`/api/proposals/${proposal.id}/supports`).set(me.headers).expect(200);
      await t
        .http()
        .post(`/api/proposals/${proposal.id}/comments`)
        .set(me.headers)
        .send({ text: 'Oui, pour les anciens.' })
        .expect(201);
      await t.http().post(`/api/proposals/${proposal.id}/supports`).set(other.headers).expect(200);

      const exported = await t
        .http()
        .get('/api/participants/me/export')
        .set(me.headers)
        .expect(200);
      const contributions = (exported.body as ParticipantExport).contributions;
      const of = <K extends ParticipantContribution['kind']>(kind: K) =>
        contributions.filter(
          (c): c is Extract<ParticipantContribution, { kind: K }> => c.kind === kind,
        );

      // Every row of the participant in the database is in the export, and nothing else.
      const ideaRows = await t.dataSource.query(
        `SELECT id, activity_id, text, created_at FROM ideas WHERE participant_id = $1 ORDER BY created_at`,
        [participantId],
      );
      expect(of('idea').map((c) => [c.id, c.activity.id, c.text, c.at])).toEqual(
        ideaRows.map((r: { id: string; activity_id: string; text: string; created_at: Date }) => [
          r.id,
          r.activity_id,
          r.text,
          r.created_at.toISOString(),
        ]),
      );
      const dotRows: Array<{ activity_id: string; target: string; dots: number }> =
        await t.dataSource.query(
          `SELECT activity_id, idea_id AS target, dots FROM dot_votes WHERE participant_id = $1
           UNION ALL SELECT activity_id, theme_id, dots FROM theme_dot_votes WHERE participant_id = $1`,
          [participantId],
        );
      const byTarget = (a: { target: string }, b: { target: string }) =>
        a.target.localeCompare(b.target);
      expect(
        of('dots')
          .map((c) => ({ activity_id: c.activity.id, target: c.target.id, dots: c.dots }))
          .sort(byTarget),
      ).toEqual(dotRows.sort(byTarget));
      expect(dotRows).toHaveLength(3);
      expect(of('dots').find((c) => c.target.id === theme.id)?.target).toEqual({
        kind: 'theme',
        id: theme.id,
        label: 'Santé',
      });
      const [positionRow] = await t.dataSource.query(
        `SELECT activity_id, position, updated_at FROM spectrum_positions WHERE participant_id = $1`,
        [participantId],
      );
      expect(of('position')).toEqual([
        expect.objectContaining({
          activity: { id: spectrum.id, kind: 'spectrum', prompt: 'Le bus suffit' },
          position: positionRow.position,
          at: positionRow.updated_at.toISOString(),
        }),
      ]);
      const [pollRow] = await t.dataSource.query(
        `SELECT activity_id, choices FROM poll_answers WHERE participant_id = $1`,
        [participantId],
      );
      expect(of('poll_answer')).toEqual([
        expect.objectContaining({
          activity: expect.objectContaining({ id: pollRow.activity_id }),
          choices: pollRow.choices,
          options: ['Samedi', 'Dimanche'],
        }),
      ]);
      const supportRows = await t.dataSource.query(
        `SELECT proposal_id, created_at FROM proposal_supports WHERE supporter_key = $1`,
        [`participant:${participantId}`],
      );
      expect(of('support').map((c) => [c.proposal.id, c.at])).toEqual(
        supportRows.map((r: { proposal_id: string; created_at: Date }) => [
          r.proposal_id,
          r.created_at.toISOString(),
        ]),
      );
      const commentRows = await t.dataSource.query(
        `SELECT id, text FROM proposal_comments WHERE author_key = $1`,
        [`participant:${participantId}`],
      );
      expect(of('comment').map((c) => [c.id, c.text, c.proposal.title])).toEqual(
        commentRows.map((r: { id: string; text: string }) => [r.id, r.text, 'Un bus le samedi']),
      );
      // With its workshop and time, oldest first.
      expect(contributions).toHaveLength(2 + 3 + 1 + 1 + 1 + 1);
      for (const c of contributions) {
        expect(c.workshop).toEqual({ id: workshopId, title: 'Fabrik de Vierzon' });
        expect(Number.isNaN(Date.parse(c.at))).toBe(false);
      }
      const times = contributions.map((c) => c.at);
      expect([...times].sort()).toEqual(times);
    } finally {
      phone.close();
      otherPhone.close();
    }
  });
});
