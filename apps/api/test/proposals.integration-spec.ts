import { randomUUID } from 'node:crypto';
import {
  DEFAULT_ANSWER_STATES,
  PARTICIPANT_TOKEN_PREFIX,
  type ProposalDetail,
  type ProposalPage,
  type ProposalSummary,
  type TerritoryProposalFigures,
} from '@permanente/contracts';
import { AccountsService } from '../src/accounts/accounts.service';
import { hashToken } from '../src/auth/tokens.util';
import { FakeClock } from '../src/common/clock';
import { PUBLIC_CACHE_CONTROL } from '../src/common/public-cache.decorator';
import { DemoSeedService } from '../src/demo/demo-seed.service';
import { DEMO_ACCOUNTS, DEMO_CAMPAIGN, DEMO_WORKSHOP } from '../src/demo/demo-accounts';
import { ProposalsService } from '../src/proposals/proposals.service';
import { join, login, staffHeaders } from './support/actors';
import { resetDatabase, startTestApp, TestApp } from './support/test-app';

const DAY = 86_400_000;
const PASSWORD = 'proposals test password';

function account(email: string) {
  return DEMO_ACCOUNTS.find((a) => a.email === email)!;
}

describe('proposals (integration)', () => {
  let t: TestApp;
  const clock = new FakeClock(new Date('2026-03-03T18:00:00Z'));
  const organiser: Record<string, string> = {};
  const facilitatorCher: Record<string, string> = {};
  const facilitatorLoiret: Record<string, string> = {};
  const officialLoiret: Record<string, string> = {};
  const officialCher: Record<string, string> = {};
  let campaignId: string;
  let cherId: string;
  let loiretId: string;
  let vierzonId: string;
  let orleansId: string;
  let workshopId: string;
  let themeId: string;
  let hiddenIdeaId: string;
  let participantIds: string[];

  async function staff(email: string, password: string) {
    return staffHeaders(await login(t, email, password));
  }

  /** Moves the clock, then signs everyone in again (sessions expire after 2 idle hours). */
  /** A draft from the idea 'Un café associatif' of the (closed) test workshop. */
  async function draftFromCafeIdea(title: string) {
    const [idea]: Array<{ id: string }> = await t.dataSource.query(
      `SELECT id FROM ideas WHERE workshop_id = $1 AND text = 'Un café associatif'`,
      [workshopId],
    );
    const draft = await t
      .http()
      .post('/api/proposals/from-workshop')
      .set(facilitatorCher)
      .send({ workshopId, ideaIds: [idea.id], title })
      .expect(201);
    return { draft, ideaId: idea.id };
  }

  async function advance(ms: number) {
    clock.advance(ms);
    await signIn();
  }

  async function signIn() {
    const organiserAccount = account('organisation@permanente.test');
    Object.assign(organiser, await staff(organiserAccount.email, organiserAccount.password));
    const cherAccount = account('animation.cher@permanente.test');
    Object.assign(facilitatorCher, await staff(cherAccount.email, cherAccount.password));
    const loiret = account('elu.loiret@permanente.test');
    Object.assign(officialLoiret, await staff(loiret.email, loiret.password));
    Object.assign(facilitatorLoiret, await staff('fac.loiret@example.test', PASSWORD));
    Object.assign(officialCher, await staff('elu.cher@example.test', PASSWORD));
  }

  async function createPublished(
    headers: Record<string, string>,
    body: Partial<Record<string, unknown>>,
  ): Promise<ProposalDetail> {
    const draft = await t
      .http()
      .post('/api/proposals')
      .set(headers)
      .send({
        campaignId,
        territoryId: vierzonId,
        title: 'Une proposition',
        need: 'Un besoin',
        action: 'Une action',
        source: 'public',
        ...body,
      })
      .expect(201);
    return (await t.http().post(`/api/proposals/${draft.body.id}/publish`).set(headers).expect(200))
      .body as ProposalDetail;
  }

  beforeAll(async () => {
    t = await startTestApp({}, undefined, clock);
    await resetDatabase(t.dataSource);
    await t.app.get(DemoSeedService).seed();
    const territories: Array<{ id: string; code: string }> = await t.dataSource.query(
      `SELECT id, code FROM territories WHERE code IN ('18', '45', $1)`,
      [DEMO_WORKSHOP.territoryCode],
    );
    cherId = territories.find((x) => x.code === '18')!.id;
    loiretId = territories.find((x) => x.code === '45')!.id;
    vierzonId = territories.find((x) => x.code === DEMO_WORKSHOP.territoryCode)!.id;
    [{ id: orleansId }] = await t.dataSource.query(
      `SELECT id FROM territories WHERE parent_id = $1 ORDER BY code LIMIT 1`,
      [loiretId],
    );
    const accounts = t.app.get(AccountsService);
    await accounts.create(null, {
      email: 'fac.loiret@example.test',
      password: PASSWORD,
      displayName: 'Animateur Loiret',
      roles: ['facilitator'],
      scopeTerritoryIds: [loiretId],
    });
    await accounts.create(null, {
      email: 'elu.cher@example.test',
      password: PASSWORD,
      displayName: 'Élue du Cher',
      office: 'Conseillère régionale déléguée au Cher',
      roles: ['official'],
      scopeTerritoryIds: [cherId],
    });
    await signIn();
    [{ id: campaignId }] = await t.dataSource.query(`SELECT id FROM campaigns WHERE slug = $1`, [
      DEMO_CAMPAIGN.slug,
    ]);

    // A workshop held in Vierzon: three participants, an idea board, a theme of three ideas
    // (one hidden by moderation) and an idea outside the theme.
    [{ id: workshopId }] = await t.dataSource.query(
      `INSERT INTO workshops (code, title, kind, status, territory_id, campaign_id, starts_at)
       VALUES ('PRPZ42', 'Fabrik de Vierzon', 'fabrik', 'live', $1, $2, '2026-03-03T18:00:00Z') RETURNING id`,
      [vierzonId, campaignId],
    );
    participantIds = [];
    for (const name of ['Loup', 'Aya', 'Jo']) {
      const [p] = await t.dataSource.query(
        `INSERT INTO participants (workshop_id, display_name, token_hash) VALUES ($1, $2, $3) RETURNING id`,
        [workshopId, name, randomUUID()],
      );
      participantIds.push(p.id);
    }
    const [activity] = await t.dataSource.query(
      `INSERT INTO activities (workshop_id, position, kind, prompt) VALUES ($1, 1, 'idea_board', 'Vos idées ?') RETURNING id`,
      [workshopId],
    );
    [{ id: themeId }] = await t.dataSource.query(
      `INSERT INTO themes (workshop_id, name, position) VALUES ($1, 'Mobilité', 1) RETURNING id`,
      [workshopId],
    );
    const texts = [
      'Un bus le samedi vers Vierzon',
      'Du covoiturage organisé depuis les villages',
      'Une idée masquée par la modération',
      'Un café associatif',
    ];
    const ideaIds: string[] = [];
    for (const [index, text] of texts.entries()) {
      const [idea] = await t.dataSource.query(
        `INSERT INTO ideas (workshop_id, activity_id, participant_id, client_id, text, origin, theme_id, hidden_at, created_at)
         VALUES ($1, $2, $3, $4, $5, 'phone', $6, $7, now() + $8 * interval '1 second') RETURNING id`,
        [
          workshopId,
          activity.id,
          participantIds[index % 3],
          randomUUID(),
          text,
          index < 3 ? themeId : null,
          index === 2 ? new Date() : null,
          // Distinct times: PGlite's clock may give two quick inserts the same now().
          index,
        ],
      );
      ideaIds.push(idea.id);
    }
    hiddenIdeaId = ideaIds[2];
  });

  afterAll(() => t.close());

  it('provenance: a closed workshop theme becomes a draft linked to its visible ideas; the public page names no one', async () => {
    const request = { workshopId, themeId };
    // Not before the workshop is closed.
    await t
      .http()
      .post('/api/proposals/from-workshop')
      .set(facilitatorCher)
      .send(request)
      .expect(409);
    await t.dataSource.query(`UPDATE workshops SET status = 'closed' WHERE id = $1`, [workshopId]);
    // A facilitator outside the workshop's territory may not.
    await t
      .http()
      .post('/api/proposals/from-workshop')
      .set(facilitatorLoiret)
      .send(request)
      .expect(403);
    const draft = (
      await t
        .http()
        .post('/api/proposals/from-workshop')
        .set(facilitatorCher)
        .send(request)
        .expect(201)
    ).body as ProposalDetail;
    expect(draft).toMatchObject({
      status: 'draft',
      source: 'workshop',
      title: 'Mobilité',
      themes: ['Mobilité'],
      territoryId: vierzonId,
      campaignId,
      authors: 'Participant·es de Fabrik de Vierzon',
    });
    expect(draft.provenance).toMatchObject({
      workshopId,
      workshopTitle: 'Fabrik de Vierzon',
      workshopDate: '2026-03-03T18:00:00.000Z',
      themeName: 'Mobilité',
      ideaCount: 2,
    });
    expect(draft.provenance.ideas.map((i) => i.text)).toEqual([
      'Un bus le samedi vers Vierzon',
      'Du covoiturage organisé depuis les villages',
    ]);
    const links: Array<{ idea_id: string }> = await t.dataSource.query(
      `SELECT idea_id FROM proposal_ideas WHERE proposal_id = $1`,
      [draft.id],
    );
    expect(links).toHaveLength(2);
    expect(links.map((l) => l.idea_id)).not.toContain(hiddenIdeaId);

    // Drafts are not public.
    await t.http().get(`/api/proposals/${draft.id}`).expect(404);
    await t.http().get(`/api/proposals/${draft.id}`).set(officialLoiret).expect(404);

    await t
      .http()
      .patch(`/api/proposals/${draft.id}`)
      .set(facilitatorCher)
      .send({ action: 'Créer une ligne de bus le samedi entre les villages et Vierzon.' })
      .expect(200);
    await t.http().post(`/api/proposals/${draft.id}/publish`).set(facilitatorCher).expect(200);
    const page = await t.http().get(`/api/proposals/${draft.id}`).expect(200);
    expect(page.body.provenance.ideaCount).toBe(2);
    const text = JSON.stringify(page.body);
    for (const id of participantIds) expect(text).not.toContain(id);
    for (const name of ['Loup', 'Aya']) expect(text).not.toContain(`"${name}"`);
    expect(text).not.toContain('participant_id');
    expect(text).not.toContain('masquée');
    // A published proposal's text is frozen: answers refer to it.
    await t
      .http()
      .patch(`/api/proposals/${draft.id}`)
      .set(facilitatorCher)
      .send({ title: 'Autre' })
      .expect(409);
  });

  it('provenance from chosen ideas; ideas of another workshop or hidden ones are refused with the field', async () => {
    const { draft, ideaId } = await draftFromCafeIdea('Un café associatif dans chaque bourg');
    expect(draft.body.provenance.ideaCount).toBe(1);
    expect(draft.body.provenance.themeName).toBeNull();
    for (const [body, field] of [
      [{ workshopId, ideaIds: [hiddenIdeaId] }, 'body.ideaIds'],
      [{ workshopId, ideaIds: [randomUUID()] }, 'body.ideaIds'],
      [{ workshopId }, 'body.themeId'],
      [{ workshopId, themeId, ideaIds: [ideaId] }, 'body.themeId'],
      [{ workshopId, themeId: randomUUID() }, 'body.themeId'],
    ] as const) {
      const response = await t
        .http()
        .post('/api/proposals/from-workshop')
        .set(facilitatorCher)
        .send(body)
        .expect(400);
      expect(response.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
  });

  it('lifecycle: draft → published (due date from the campaign) → under review → answered → followed up', async () => {
    const now = clock.now();
    const published = await createPublished(facilitatorCher, {
      title: 'Des navettes vers les gares',
      themes: ['Mobilité'],
    });
    expect(published.status).toBe('published');
    expect(published.publishedAt).toBe(now.toISOString());
    expect(published.answerDueAt).toBe(new Date(now.getTime() + 90 * DAY).toISOString());
    expect(published.overdue).toBe(false);
    // Publishing twice is refused.
    await t.http().post(`/api/proposals/${published.id}/publish`).set(facilitatorCher).expect(409);
    // Follow-ups only after an answer.
    await t
      .http()
      .post(`/api/proposals/${published.id}/follow-ups`)
      .set(officialCher)
      .send({ progress: 10, text: 'Trop tôt' })
      .expect(409);

    const review = await t
      .http()
      .post(`/api/proposals/${published.id}/review`)
      .set(officialCher)
      .expect(200);
    expect(review.body.status).toBe('under_review');

    await advance(10 * DAY);
    const answered = await t
      .http()
      .post(`/api/proposals/${published.id}/answers`)
      .set(officialCher)
      .send({ state: 'partly_accepted', reasons: 'Une navette à l’essai sur deux lignes.' })
      .expect(201);
    expect(answered.body).toMatchObject({
      status: 'answered',
      answerState: 'partly_accepted',
      answeredAt: clock.now().toISOString(),
    });
    expect(answered.body.answers[0]).toMatchObject({
      version: 1,
      officialName: 'Élue du Cher',
      officialOffice: 'Conseillère régionale déléguée au Cher',
    });

    await advance(30 * DAY);
    const followed = await t
      .http()
      .post(`/api/proposals/${published.id}/follow-ups`)
      .set(officialCher)
      .send({ progress: 40, text: 'Première ligne ouverte le 1er juin.' })
      .expect(201);
    expect(followed.body.followUps).toEqual([
      expect.objectContaining({ progress: 40, text: 'Première ligne ouverte le 1er juin.' }),
    ]);
    expect(followed.body.progress).toBe(40);

    const publicPage = (await t.http().get(`/api/proposals/${published.id}`).expect(200))
      .body as ProposalDetail;
    expect(publicPage.answers).toHaveLength(1);
    expect(publicPage.followUps).toHaveLength(1);
    const audit = await t.dataSource.query(
      `SELECT action FROM audit_log WHERE target_id = $1 ORDER BY at, action`,
      [published.id],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'proposal.drafted',
      'proposal.published',
      'proposal.under_review',
      'proposal.answered',
      'proposal.follow_up',
    ]);
  });

  it('due date and overdue with a controllable clock, in the lists, the filter and the figures', async () => {
    const waiting = await createPublished(facilitatorCher, { title: 'Un guichet unique rural' });
    const inTime = await createPublished(facilitatorCher, { title: 'Des maisons de santé' });
    await advance(89 * DAY);
    let one = (await t.http().get(`/api/proposals/${waiting.id}`).expect(200)).body;
    expect(one.overdue).toBe(false);
    await t
      .http()
      .post(`/api/proposals/${inTime.id}/answers`)
      .set(officialCher)
      .send({ state: 'accepted', reasons: 'Inscrit au budget 2027.' })
      .expect(201);
    await advance(2 * DAY);
    one = (await t.http().get(`/api/proposals/${waiting.id}`).expect(200)).body;
    expect(one.overdue).toBe(true);
    const answeredOne = (await t.http().get(`/api/proposals/${inTime.id}`).expect(200)).body;
    expect(answeredOne.overdue).toBe(false);

    const overdue = (
      await t.http().get('/api/proposals').query({ overdue: 'true', limit: 100 }).expect(200)
    ).body as ProposalPage;
    expect(overdue.items.map((i) => i.id)).toContain(waiting.id);
    expect(overdue.items.every((i) => i.overdue)).toBe(true);
    expect(overdue.items.map((i) => i.id)).not.toContain(inTime.id);
    const queue = (
      await t
        .http()
        .get('/api/proposals/queue')
        .set(officialCher)
        .query({ overdue: true })
        .expect(200)
    ).body as ProposalPage;
    expect(queue.items.map((i) => i.id)).toContain(waiting.id);

    const figures = (await t.http().get('/api/proposals/figures').expect(200))
      .body as TerritoryProposalFigures[];
    const vierzon = figures.find((f) => f.territoryId === vierzonId)!;
    expect(vierzon.overdue).toBeGreaterThanOrEqual(1);
    expect(vierzon.answered).toBeGreaterThanOrEqual(2);
    expect(vierzon.averageAnswerDays).toBeGreaterThan(0);

    // Answering late clears the flag; the answer time counts in the average.
    await t
      .http()
      .post(`/api/proposals/${waiting.id}/answers`)
      .set(officialCher)
      .send({ state: 'under_study', reasons: 'Étude lancée avec les intercommunalités.' })
      .expect(201);
    one = (await t.http().get(`/api/proposals/${waiting.id}`).expect(200)).body;
    expect(one.overdue).toBe(false);
  });

  it('answer history: answering again adds a version and keeps the previous one', async () => {
    const proposal = await createPublished(facilitatorCher, { title: 'Une cantine bio' });
    await t
      .http()
      .post(`/api/proposals/${proposal.id}/answers`)
      .set(officialCher)
      .send({ state: 'under_study', reasons: 'À l’étude.' })
      .expect(201);
    await advance(DAY);
    const second = await t
      .http()
      .post(`/api/proposals/${proposal.id}/answers`)
      .set(officialCher)
      .send({ state: 'accepted', reasons: 'Retenue au budget.' })
      .expect(201);
    expect(
      second.body.answers.map((a: { version: number; state: string }) => [a.version, a.state]),
    ).toEqual([
      [2, 'accepted'],
      [1, 'under_study'],
    ]);
    expect(second.body.answerState).toBe('accepted');
    // The first answer's date stays the answer time.
    expect(second.body.answeredAt).toBe(second.body.answers[1].answeredAt);
  });

  it('one support per identity: participant, staff and public supporter; anonymous needs an identity', async () => {
    const proposal = await createPublished(facilitatorCher, { title: 'Un tiers-lieu' });
    const participant = await join(t, DEMO_WORKSHOP.code);
    const first = await t
      .http()
      .post(`/api/proposals/${proposal.id}/supports`)
      .set(participant.headers)
      .expect(200);
    expect(first.body).toEqual({ supported: true, created: true, supportsCount: 1 });
    const again = await t
      .http()
      .post(`/api/proposals/${proposal.id}/supports`)
      .set(participant.headers)
      .expect(200);
    expect(again.body).toEqual({ supported: true, created: false, supportsCount: 1 });

    await t.http().post(`/api/proposals/${proposal.id}/supports`).expect(401);
    await t
      .http()
      .post(`/api/proposals/${proposal.id}/supports`)
      .set('x-supporter-token', 's1.forged')
      .expect(401);
    const token = (await t.http().post('/api/proposals/supporters').expect(201)).body.token;
    for (let i = 0; i < 2; i++)
      await t
        .http()
        .post(`/api/proposals/${proposal.id}/supports`)
        .set('x-supporter-token', token)
        .expect(200);
    // Staff: without the CSRF token, the session cookie does not count on this public route
    // (another site could have made the browser send it): the caller is anonymous.
    await t
      .http()
      .post(`/api/proposals/${proposal.id}/supports`)
      .set({ cookie: officialLoiret.cookie })
      .expect(401);
    await t.http().post(`/api/proposals/${proposal.id}/supports`).set(officialLoiret).expect(200);
    await t.http().post(`/api/proposals/${proposal.id}/supports`).set(officialLoiret).expect(200);

    const page = (
      await t
        .http()
        .get(`/api/proposals/${proposal.id}`)
        .set('x-supporter-token', token)
        .expect(200)
    ).body as ProposalDetail;
    expect(page.supportsCount).toBe(3);
    expect(page.supportedByMe).toBe(true);
    expect(page.supportsOverTime.reduce((sum, d) => sum + d.count, 0)).toBe(3);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM proposal_supports WHERE proposal_id = $1`,
      [proposal.id],
    );
    expect(n).toBe(3);
    // Drafts cannot be supported.
    const draft = await t
      .http()
      .post('/api/proposals')
      .set(facilitatorCher)
      .send({
        campaignId,
        territoryId: vierzonId,
        title: 'Brouillon',
        need: 'b',
        action: 'a',
        source: 'public',
      })
      .expect(201);
    await t
      .http()
      .post(`/api/proposals/${draft.body.id}/supports`)
      .set('x-supporter-token', token)
      .expect(404);

    // Supporters are told when it is answered.
    const before = clock.now().toISOString();
    await advance(DAY);
    await t
      .http()
      .post(`/api/proposals/${proposal.id}/answers`)
      .set(officialCher)
      .send({ state: 'already_existing', reasons: 'Le tiers-lieu de Vierzon existe déjà.' })
      .expect(201);
    const notes = await t
      .http()
      .get('/api/proposals/notifications')
      .query({ since: before })
      .set(participant.headers)
      .expect(200);
    expect(notes.body).toEqual([
      expect.objectContaining({
        proposalId: proposal.id,
        kind: 'answered',
        detail: 'already_existing',
        fromWorkshop: false,
      }),
    ]);
    const publicNotes = await t
      .http()
      .get('/api/proposals/notifications')
      .set('x-supporter-token', token)
      .expect(200);
    expect(publicNotes.body.map((n: { proposalId: string }) => n.proposalId)).toContain(
      proposal.id,
    );
    await t.http().get('/api/proposals/notifications').expect(401);
  });

  it('notifications: a participant hears of answers to proposals built from their workshop, without supporting them', async () => {
    // Loup's phone joined the Vierzon Fabrik before it closed: give it a known credential.
    const secret = 'credential-of-loup-phone';
    await t.dataSource.query(`UPDATE participants SET token_hash = $2 WHERE id = $1`, [
      participantIds[0],
      hashToken(secret),
    ]);
    const loup = { authorization: `Bearer ${PARTICIPANT_TOKEN_PREFIX}${secret}` };
    await t.dataSource.query(`UPDATE workshops SET status = 'closed' WHERE id = $1`, [workshopId]);
    const { draft } = await draftFromCafeIdea('Des cafés associatifs dans les bourgs');
    await t.http().post(`/api/proposals/${draft.body.id}/publish`).set(facilitatorCher).expect(200);
    const since = clock.now().toISOString();
    await advance(DAY);
    await t
      .http()
      .post(`/api/proposals/${draft.body.id}/answers`)
      .set(officialCher)
      .send({ state: 'under_study', reasons: 'Étude avec les communes.' })
      .expect(201);

    const notes = await t
      .http()
      .get('/api/proposals/notifications')
      .query({ since })
      .set(loup)
      .expect(200);
    expect(notes.body).toEqual([
      {
        proposalId: draft.body.id,
        title: 'Des cafés associatifs dans les bourgs',
        kind: 'answered',
        detail: 'under_study',
        at: clock.now().toISOString(),
        fromWorkshop: true,
      },
    ]);
    // Participants of another workshop and public supporters are not told.
    const elsewhere = await join(t, DEMO_WORKSHOP.code);
    const theirs = await t
      .http()
      .get('/api/proposals/notifications')
      .query({ since })
      .set(elsewhere.headers)
      .expect(200);
    expect(theirs.body).toEqual([]);
    const token = (await t.http().post('/api/proposals/supporters').expect(201)).body.token;
    const publicNotes = await t
      .http()
      .get('/api/proposals/notifications')
      .set('x-supporter-token', token)
      .expect(200);
    expect(publicNotes.body).toEqual([]);
  });

  it('answer states: organisers read them with their use; a state still answered cannot be removed or renamed (409 with the count)', async () => {
    const url = `/api/proposals/campaigns/${campaignId}/answer-states`;
    const defaults = ['accepted', 'partly_accepted', 'under_study', 'rejected', 'already_existing'];
    const states = async (): Promise<string[]> =>
      (
        await t.dataSource.query(`SELECT answer_states FROM campaigns WHERE id = $1`, [campaignId])
      )[0].answer_states;
    await t
      .http()
      .put(url)
      .set(organiser)
      .send({ states: [...defaults, 'referred_to_state', 'postponed'] })
      .expect(200);
    const first = await createPublished(facilitatorCher, { title: 'Transmise au préfet (1)' });
    const second = await createPublished(facilitatorCher, { title: 'Transmise au préfet (2)' });
    for (const proposal of [first, second])
      await t
        .http()
        .post(`/api/proposals/${proposal.id}/answers`)
        .set(officialCher)
        .send({ state: 'referred_to_state', reasons: 'Compétence de l’État.' })
        .expect(201);
    // Only current answers count: the first one is answered again.
    await t
      .http()
      .post(`/api/proposals/${first.id}/answers`)
      .set(officialCher)
      .send({ state: 'accepted', reasons: 'Reprise par la Région.' })
      .expect(201);

    const usage = (await t.http().get(url).set(organiser).expect(200)).body as Array<{
      state: string;
      answers: number;
    }>;
    expect(usage.map((u) => u.state)).toEqual([...defaults, 'referred_to_state', 'postponed']);
    expect(usage.find((u) => u.state === 'referred_to_state')!.answers).toBe(1);
    expect(usage.find((u) => u.state === 'postponed')!.answers).toBe(0);
    const [{ n: accepted }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM proposals p
       WHERE p.campaign_id = $1 AND (SELECT state FROM proposal_answers a WHERE a.proposal_id = p.id
                                     ORDER BY version DESC LIMIT 1) = 'accepted'`,
      [campaignId],
    );
    expect(usage.find((u) => u.state === 'accepted')!.answers).toBe(accepted);

    // Removing it, or renaming it (the same thing for the answers), is refused with the count.
    const removed = await t.http().put(url).set(organiser).send({ states: defaults }).expect(409);
    expect(removed.body.message).toContain('referred_to_state (1 answer)');
    const renamed = await t
      .http()
      .put(url)
      .set(organiser)
      .send({ states: [...defaults, 'referred_to_government'] })
      .expect(409);
    expect(renamed.body.message).toContain('referred_to_state (1 answer)');
    expect(await states()).toEqual([...defaults, 'referred_to_state', 'postponed']);

    // Reordering, and removing a state no current answer uses, are fine.
    const reordered = [
      'referred_to_state',
      ...defaults.filter((state) => state !== 'accepted'),
      'accepted',
    ];
    const saved = await t.http().put(url).set(organiser).send({ states: reordered }).expect(200);
    expect(saved.body).toEqual(reordered);
    expect(await states()).toEqual(reordered);

    // Once the proposal is answered again, the state can go; the history keeps it.
    await t
      .http()
      .post(`/api/proposals/${second.id}/answers`)
      .set(officialCher)
      .send({ state: 'rejected', reasons: 'Hors des compétences régionales.' })
      .expect(201);
    await t.http().put(url).set(organiser).send({ states: defaults }).expect(200);
    const page = (await t.http().get(`/api/proposals/${second.id}`).expect(200))
      .body as ProposalDetail;
    expect(page.answers.map((a) => a.state)).toEqual(['rejected', 'referred_to_state']);
    await t
      .http()
      .get(`/api/proposals/campaigns/${randomUUID()}/answer-states`)
      .set(organiser)
      .expect(404);
    await t.http().get(url).set(officialCher).expect(403);
  });

  it('scope: only officials whose scope covers the territory answer (403 otherwise); queues are scoped', async () => {
    const cher = await createPublished(facilitatorCher, { title: 'Proposition du Cher' });
    const body = { state: 'accepted', reasons: 'Oui.' };
    await t
      .http()
      .post(`/api/proposals/${cher.id}/answers`)
      .set(officialLoiret)
      .send(body)
      .expect(403);
    await t.http().post(`/api/proposals/${cher.id}/answers`).set(organiser).send(body).expect(403);
    await t
      .http()
      .post(`/api/proposals/${cher.id}/answers`)
      .set(facilitatorCher)
      .send(body)
      .expect(403);
    await t.http().post(`/api/proposals/${cher.id}/review`).set(officialLoiret).expect(403);
    await t.http().post(`/api/proposals/${cher.id}/answers`).expect(401);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM proposal_answers WHERE proposal_id = $1`,
      [cher.id],
    );
    expect(n).toBe(0);

    // A facilitator outside the territory can neither create nor publish there.
    await t
      .http()
      .post('/api/proposals')
      .set(facilitatorLoiret)
      .send({
        campaignId,
        territoryId: vierzonId,
        title: 'T',
        need: 'N',
        action: 'A',
        source: 'public',
      })
      .expect(403);
    const loiret = await createPublished(facilitatorLoiret, {
      territoryId: orleansId,
      title: 'Proposition du Loiret',
    });
    const loiretQueue = (await t.http().get('/api/proposals/queue').set(officialLoiret).expect(200))
      .body as ProposalPage;
    expect(loiretQueue.items.map((i) => i.id)).toContain(loiret.id);
    expect(loiretQueue.items.map((i) => i.id)).not.toContain(cher.id);
    const inLoiret: Array<{ id: string }> = await t.dataSource.query(
      `SELECT p.id FROM proposals p JOIN territories t ON t.id = p.territory_id
       WHERE p.status <> 'draft' AND (t.id = $1 OR t.parent_id = $1)`,
      [loiretId],
    );
    expect(loiretQueue.total).toBe(inLoiret.length);
    const cherQueue = (
      await t.http().get('/api/proposals/queue').set(officialCher).query({ limit: 100 }).expect(200)
    ).body as ProposalPage;
    expect(cherQueue.items.map((i) => i.id)).toContain(cher.id);
    expect(cherQueue.items.map((i) => i.id)).not.toContain(loiret.id);
    await t
      .http()
      .post(`/api/proposals/${loiret.id}/answers`)
      .set(officialLoiret)
      .send({ state: 'rejected', reasons: 'Hors des compétences régionales.' })
      .expect(201);
    // The CSV export holds only the caller's scope, with the answer.
    const csv = await t.http().get('/api/proposals/export.csv').set(officialLoiret).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text).toContain('Proposition du Loiret');
    expect(csv.text).toContain('Hors des compétences régionales.');
    expect(csv.text).not.toContain('Proposition du Cher');
    // French headers by default, English on request.
    expect(csv.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(
      /^id,titre,statut,source,auteurs,territoire,thèmes,publiée le,/,
    );
    const english = await t
      .http()
      .get('/api/proposals/export.csv?lang=en')
      .set(officialLoiret)
      .expect(200);
    expect(english.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(
      /^id,title,status,source,authors,territory,themes,published on,/,
    );
    expect(english.text).toContain('Hors des compétences régionales.');
  });

  it('bad input: 400 with the field, an unknown answer state, and nothing stored', async () => {
    const proposal = await createPublished(facilitatorCher, { title: 'Pour les erreurs' });
    const [{ n: before }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM proposals`);
    const valid = {
      campaignId,
      territoryId: vierzonId,
      title: 'Titre',
      need: 'Besoin',
      action: 'Action',
      source: 'public',
    };
    const cases: Array<[object, string]> = [
      [{ ...valid, title: '' }, 'body.title'],
      [{ ...valid, title: '   ' }, 'body.title'],
      [{ ...valid, need: 'x'.repeat(4001) }, 'body.need'],
      [{ ...valid, source: 'twitter' }, 'body.source'],
      [{ ...valid, territoryId: randomUUID() }, 'body.territoryId'],
      [{ ...valid, campaignId: randomUUID() }, 'body.campaignId'],
      [{ ...valid, source: 'participatory_body' }, 'body.sourceBody'],
      [{ ...valid, themes: ['x'.repeat(61)] }, 'body.themes'],
    ];
    for (const [body, field] of cases) {
      const response = await t.http().post('/api/proposals').set(facilitatorCher).send(body);
      expect({ field, status: response.status }).toEqual({ field, status: 400 });
      expect(response.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const [{ n: after }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM proposals`);
    expect(after).toBe(before);

    const unknown = await t
      .http()
      .post(`/api/proposals/${proposal.id}/answers`)
      .set(officialCher)
      .send({ state: 'maybe', reasons: 'Peut-être.' })
      .expect(400);
    expect(unknown.body.fields[0]).toMatchObject({ field: 'body.state', code: 'unknownState' });
    const empty = await t
      .http()
      .post(`/api/proposals/${proposal.id}/answers`)
      .set(officialCher)
      .send({ state: 'accepted', reasons: '' })
      .expect(400);
    expect(empty.body.fields[0].field).toBe('body.reasons');
    await t
      .http()
      .post(`/api/proposals/${proposal.id}/answers`)
      .set(officialCher)
      .send({ state: 'accepted', reasons: 'x'.repeat(4001) })
      .expect(400);
    const page = (await t.http().get(`/api/proposals/${proposal.id}`).expect(200)).body;
    expect(page.status).toBe('published');
    expect(page.answers).toEqual([]);
    await t.http().get('/api/proposals/not-a-uuid').expect(400);
    await t.http().get(`/api/proposals/${randomUUID()}`).expect(404);
    const badQuery = await t.http().get('/api/proposals').query({ sort: 'random' }).expect(400);
    expect(badQuery.body.fields[0].field).toBe('query.sort');
    await t.http().get('/api/proposals').query({ limit: 1000 }).expect(400);

    // Organisers configure the campaign's states; officials then choose among them.
    const referral = { state: 'referred_to_state', reasons: 'Compétence de l’État : au préfet.' };
    await t
      .http()
      .post(`/api/proposals/${proposal.id}/answers`)
      .set(officialCher)
      .send(referral)
      .expect(400);
    await t
      .http()
      .put(`/api/proposals/campaigns/${campaignId}/answer-states`)
      .set(organiser)
      .send({ states: [...DEFAULT_ANSWER_STATES, 'referred_to_state'] })
      .expect(200);
    await t
      .http()
      .post(`/api/proposals/${proposal.id}/answers`)
      .set(officialCher)
      .send(referral)
      .expect(201);
    // Answered again with a state that stays, so that the defaults can come back below.
    await t
      .http()
      .post(`/api/proposals/${proposal.id}/answers`)
      .set(officialCher)
      .send({ state: 'accepted', reasons: 'Finalement retenue.' })
      .expect(201);
    await t
      .http()
      .put(`/api/proposals/campaigns/${campaignId}/answer-states`)
      .set(organiser)
      .send({ states: ['Pas Valide'] })
      .expect(400);
    await t
      .http()
      .put(`/api/proposals/campaigns/${campaignId}/answer-states`)
      .set(organiser)
      .send({
        states: ['accepted', 'partly_accepted', 'under_study', 'rejected', 'already_existing'],
      })
      .expect(200);
  });

  it('French search folds accents and plurals, in the public list and the filtered queue', async () => {
    const titles = {
      plural: 'Développer les mobilites partagées',
      douce: 'Mobilité douce entre les bourgs',
      jeunesse: 'Un conseil de la jeunesse dans chaque bassin',
      jeunes: 'Des logements pour les jeunes apprentis',
      other: 'Rénover les écoles rurales',
    };
    const ids: Record<string, string> = {};
    for (const [key, title] of Object.entries(titles))
      ids[key] = (await createPublished(facilitatorCher, { title, themes: ['Recherche'] })).id;
    const search = async (q: string, extra: Record<string, string> = {}) =>
      (
        (
          await t
            .http()
            .get('/api/proposals')
            .query({ q, theme: 'Recherche', limit: 50, ...extra })
            .expect(200)
        ).body as ProposalPage
      ).items.map((i: ProposalSummary) => i.id);

    const mobilite = await search('mobilité');
    expect(mobilite).toEqual(expect.arrayContaining([ids.plural, ids.douce]));
    expect(mobilite).not.toContain(ids.other);
    expect(await search('MOBILITÉS')).toEqual(expect.arrayContaining([ids.plural, ids.douce]));
    expect(await search('ecole')).toEqual([ids.other]);
    expect(await search('Écoles rurale')).toEqual([ids.other]);
    // "jeunes" (stem jeun) finds "jeunesse" (stem jeuness) only thanks to prefix matching;
    // "jeunesse" does not find "jeunes": the French stemmer keeps them apart.
    expect(await search('jeunes')).toEqual(expect.arrayContaining([ids.jeunes, ids.jeunesse]));
    expect(await search('jeunesse')).toEqual([ids.jeunesse]);
    // Short words are left out: unaccented, "à" would otherwise match every word in "a".
    expect(await search('mobilité à la campagne')).toEqual([]);
    expect(await search('mobilité douce à')).toEqual([ids.douce]);
    // Only words get through: tsquery syntax is not interpreted.
    expect(await search("mobilité & | ! ' :*")).toEqual(
      expect.arrayContaining([ids.plural, ids.douce]),
    );
    expect(await search('!!!')).toHaveLength(5);
    // A search's pages and totals, past the last page included.
    const pageOne = (
      await t
        .http()
        .get('/api/proposals')
        .query({ q: 'mobilité', theme: 'Recherche', limit: 1, sort: 'oldest' })
        .expect(200)
    ).body as ProposalPage;
    const pageTwo = (
      await t
        .http()
        .get('/api/proposals')
        .query({ q: 'mobilité', theme: 'Recherche', limit: 1, offset: 1, sort: 'oldest' })
        .expect(200)
    ).body as ProposalPage;
    expect([pageOne.total, pageTwo.total]).toEqual([2, 2]);
    expect([pageOne.items[0].id, pageTwo.items[0].id].sort()).toEqual(
      [ids.plural, ids.douce].sort(),
    );
    const past = (
      await t
        .http()
        .get('/api/proposals')
        .query({ q: 'mobilité', theme: 'Recherche', offset: 10 })
        .expect(200)
    ).body as ProposalPage;
    expect(past).toMatchObject({ items: [], total: 2 });

    const queue = (
      await t
        .http()
        .get('/api/proposals/queue')
        .set(officialCher)
        .query({
          q: 'mobilite',
          territoryId: cherId,
          source: 'public',
          status: 'published',
          sort: 'supports',
        })
        .expect(200)
    ).body as ProposalPage;
    expect(queue.items.map((i) => i.id)).toEqual(expect.arrayContaining([ids.plural, ids.douce]));
    const outside = (
      await t
        .http()
        .get('/api/proposals/queue')
        .set(officialLoiret)
        .query({ q: 'mobilite', theme: 'Recherche' })
        .expect(200)
    ).body as ProposalPage;
    expect(outside.total).toBe(0);
  });

  it('pagination and sorts', async () => {
    const all = (await t.http().get('/api/proposals').query({ limit: 100 }).expect(200))
      .body as ProposalPage;
    const first = (await t.http().get('/api/proposals').query({ limit: 3, offset: 0 }).expect(200))
      .body;
    const second = (await t.http().get('/api/proposals').query({ limit: 3, offset: 3 }).expect(200))
      .body;
    expect(first.total).toBe(all.total);
    expect([...first.items, ...second.items].map((i: ProposalSummary) => i.id)).toEqual(
      all.items.slice(0, 6).map((i) => i.id),
    );
    const bySupports = (
      await t.http().get('/api/proposals').query({ sort: 'supports', limit: 100 }).expect(200)
    ).body as ProposalPage;
    const counts = bySupports.items.map((i) => i.supportsCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const byDue = (
      await t.http().get('/api/proposals').query({ sort: 'due', limit: 100 }).expect(200)
    ).body as ProposalPage;
    const dues = byDue.items.map((i) => i.answerDueAt!);
    expect(dues).toEqual([...dues].sort());
  });

  it('public pages the same for everyone may be served a few seconds stale by a shared cache; nothing personal or failed is', async () => {
    // Browsers revalidate (max-age=0), the reverse proxy may keep it 5 s.
    expect(PUBLIC_CACHE_CONTROL).toBe('public, max-age=0, s-maxage=5');
    const [tour] = (await t.http().get('/api/tours').expect(200)).body as Array<{ id: string }>;
    for (const path of [
      '/api/proposals?limit=20&offset=0',
      '/api/proposals?q=mobilite',
      '/api/proposals/figures',
      '/api/tours',
      `/api/tours/${tour.id}`,
      `/api/tours/${tour.id}/coverage`,
    ]) {
      const response = await t.http().get(path).expect(200);
      expect(response.headers['cache-control']).toBe(PUBLIC_CACHE_CONTROL);
    }
    const list = (await t.http().get('/api/proposals').query({ limit: 1 }).expect(200))
      .body as ProposalPage;
    const personal = [
      // A proposal page says whether the caller supports it; the queue is the official's scope.
      await t.http().get(`/api/proposals/${list.items[0].id}`).expect(200),
      await t.http().get('/api/proposals/queue').set(officialLoiret).expect(200),
      // Errors are never cached.
      await t.http().get('/api/proposals').query({ sort: 'random' }).expect(400),
      await t.http().get(`/api/tours/${randomUUID()}`).expect(404),
    ];
    for (const response of personal)
      expect(response.headers['cache-control'] ?? '').not.toMatch(/public|s-maxage/);
  });

  it('comments: posted with an identity, reported once, hidden and restored by moderators in scope (audited)', async () => {
    const proposal = await createPublished(facilitatorCher, { title: 'À discuter' });
    const participant = await join(t, DEMO_WORKSHOP.code);
    const comment = await t
      .http()
      .post(`/api/proposals/${proposal.id}/comments`)
      .set(participant.headers)
      .send({ text: '  Très bonne idée pour les villages.  ' })
      .expect(201);
    expect(comment.body).toMatchObject({
      authorLabel: 'Participant·e',
      text: 'Très bonne idée pour les villages.',
    });
    await t
      .http()
      .post(`/api/proposals/${proposal.id}/comments`)
      .send({ text: 'Anonyme' })
      .expect(401);
    const empty = await t
      .http()
      .post(`/api/proposals/${proposal.id}/comments`)
      .set(participant.headers)
      .send({ text: '' })
      .expect(400);
    expect(empty.body.fields[0].field).toBe('body.text');
    const token = (await t.http().post('/api/proposals/supporters').expect(201)).body.token;
    const path = `/api/proposals/${proposal.id}/comments/${comment.body.id}`;
    await t.http().post(`${path}/report`).set('x-supporter-token', token).expect(204);
    await t.http().post(`${path}/report`).set('x-supporter-token', token).expect(204);
    const staffView = (
      await t.http().get(`/api/proposals/${proposal.id}/comments`).set(officialCher).expect(200)
    ).body;
    expect(staffView[0]).toMatchObject({ reports: 1, hidden: false });

    await t.http().post(`${path}/hide`).set(facilitatorLoiret).expect(403);
    await t.http().post(`${path}/hide`).set(facilitatorCher).expect(204);
    expect((await t.http().get(`/api/proposals/${proposal.id}/comments`).expect(200)).body).toEqual(
      [],
    );
    expect(
      (await t.http().get(`/api/proposals/${proposal.id}/comments`).set(officialCher).expect(200))
        .body[0].hidden,
    ).toBe(true);
    await t.http().post(`${path}/restore`).set(officialCher).expect(204);
    const visible = (await t.http().get(`/api/proposals/${proposal.id}/comments`).expect(200)).body;
    expect(visible).toEqual([expect.objectContaining({ id: comment.body.id })]);
    expect(visible[0].reports).toBeUndefined();
    const audit = await t.dataSource.query(
      `SELECT action FROM audit_log WHERE target_id = $1 ORDER BY at, action`,
      [comment.body.id],
    );
    expect(audit.map((a: { action: string }) => a.action).sort()).toEqual([
      'proposal.comment_hidden',
      'proposal.comment_restored',
    ]);
  });

  it('the demo data: answered, overdue and followed-up proposals, some in the Loiret, one built from a Fabrik theme', async () => {
    const demo: Array<{
      title: string;
      status: string;
      overdue: boolean;
      ideas: number;
      code: string;
    }> = await t.dataSource.query(
      `SELECT p.title, p.status, (p.status IN ('published', 'under_review') AND p.answer_due_at < now()) AS overdue,
                (SELECT count(*)::int FROM proposal_ideas i WHERE i.proposal_id = p.id) AS ideas, t.code
         FROM proposals p JOIN territories t ON t.id = p.territory_id
         WHERE p.campaign_id = $1 AND p.created_by IS NULL AND p.panel_id IS NULL`,
      [campaignId],
    );
    expect(demo.filter((p) => p.status === 'answered').length).toBeGreaterThanOrEqual(3);
    expect(demo.filter((p) => p.overdue)).toHaveLength(1);
    expect(demo.filter((p) => p.code.startsWith('bv-45')).length).toBeGreaterThanOrEqual(3);
    expect(demo.find((p) => p.ideas > 0)).toMatchObject({ ideas: 14, status: 'published' });
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM proposal_follow_ups`);
    expect(n).toBeGreaterThanOrEqual(3);
    const loiretFigures = (
      await t.http().get('/api/proposals/figures').query({ territoryId: loiretId }).expect(200)
    ).body as TerritoryProposalFigures[];
    const loiretNames: Array<{ id: string }> = await t.dataSource.query(
      `SELECT id FROM territories WHERE id = $1 OR parent_id = $1`,
      [loiretId],
    );
    expect(loiretFigures.length).toBeGreaterThanOrEqual(3);
    for (const row of loiretFigures)
      expect(loiretNames.map((x) => x.id)).toContain(row.territoryId);
  });

  it('the panels module creates a panel-source proposal through the service', async () => {
    const panelId = randomUUID();
    const id = await t.app.get(ProposalsService).createFromPanel(null, {
      panelId,
      campaignId,
      territoryId: cherId,
      title: 'Contribution du panel du Cher',
      need: 'Les habitants éloignés des soins.',
      action: 'Un bus santé itinérant.',
      authors: 'Panel citoyen du Cher',
      publish: true,
    });
    const page = (await t.http().get(`/api/proposals/${id}`).expect(200)).body as ProposalDetail;
    expect(page).toMatchObject({
      source: 'panel',
      status: 'published',
      authors: 'Panel citoyen du Cher',
    });
    expect(page.provenance.panelId).toBe(panelId);
    const panels = (await t.http().get('/api/proposals').query({ source: 'panel' }).expect(200))
      .body;
    expect(panels.items.map((i: ProposalSummary) => i.id)).toEqual([id]);
  });
});
