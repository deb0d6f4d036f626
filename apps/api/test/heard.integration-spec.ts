import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import type {
  HeardMargin,
  HeardResponse,
  HeardTerritory,
  ParticipantExport,
} from '@permanente/contracts';
import { DemoSeedService } from '../src/demo/demo-seed.service';
import { PanelPoolService } from '../src/panels/panel-pool.service';
import { CensusImportService } from '../src/territories/census-import.service';
import { WorkshopsService } from '../src/workshops/workshops.service';
import { demoOrganiserHeaders, join } from './support/actors';
import { resetDatabase, startTestApp, TestApp } from './support/test-app';

const FIXTURE = joinPath(__dirname, 'fixtures', 'census');
const fixture = (name: string) => readFileSync(joinPath(FIXTURE, name), 'utf8');

describe('who have we heard: profiles against census margins (integration)', () => {
  let t: TestApp;
  let organiser: Record<string, string>;
  let territory: Record<string, string>;
  let tourId: string;
  let vierzonCode: string;
  let vierzonId: string;
  let campaignId: string;
  /** Participants who said 18–24, female, Vierzon, first time. */
  const young: Array<Record<string, string>> = [];

  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.dataSource);
    // The demo's territories and accounts, without its tour: every figure here is this file's.
    await t.dataSource.query(`INSERT INTO seed_runs (name) VALUES ('demo/tour@1')`);
    await t.app.get(DemoSeedService).seed();
    await t.app.get(CensusImportService).importCensus({
      mapping: fixture('mapping.csv'),
      populations: fixture('populations.csv'),
      ageSex: fixture('td_pop1b.csv'),
      postcodes: fixture('laposte.csv'),
    });
    organiser = await demoOrganiserHeaders(t);
    const rows: Array<{ code: string; id: string }> = await t.dataSource.query(
      `SELECT code, id FROM territories`,
    );
    territory = Object.fromEntries(rows.map((row) => [row.code, row.id]));
    const campaign = await t
      .http()
      .post('/api/campaigns')
      .set(organiser)
      .send({
        slug: 'heard-2026',
        title: 'Qui avons-nous entendu',
        territoryId: territory['24'],
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
      })
      .expect(201);
    tourId = (
      await t
        .http()
        .post('/api/tours')
        .set(organiser)
        .send({ campaignId: campaign.body.id, title: 'Tournée' })
        .expect(201)
    ).body.id;
    const workshop = await t.app
      .get(WorkshopsService)
      .create(null, { title: 'Fabrik de Vierzon', territoryId: territory['bv-18-vierzon'] });
    await t.dataSource.query(
      `UPDATE workshops SET status = 'live', campaign_id = $2 WHERE id = $1`,
      [workshop.id, campaign.body.id],
    );
    vierzonCode = workshop.code;
    vierzonId = workshop.id;
    campaignId = campaign.body.id;
  });

  afterAll(() => t.close());

  const heard = async (headers: Record<string, string> = {}) =>
    (await t.http().get(`/api/tours/${tourId}/heard`).set(headers).expect(200))
      .body as HeardResponse;
  const place = (response: HeardResponse, code: string) =>
    response.territories.find((x) => x.code === code) as HeardTerritory;
  const marginOf = (figures: HeardTerritory, dimension: string) =>
    figures.margins.find((m) => m.dimension === dimension) as HeardMargin;
  const cell = (figures: HeardTerritory, dimension: string, category: string) =>
    marginOf(figures, dimension).cells.find((c) => c.category === category)!;

  async function answer(headers: Record<string, string>, profile: object): Promise<void> {
    await t
      .http()
      .patch('/api/participants/me')
      .set(headers)
      .send({ profile, profileConsent: true })
      .expect(200);
  }

  it('checks the profile: known commune, known gender; the answers are in the export', async () => {
    const someone = await join(t, vierzonCode, undefined, '10.9.0.1');
    const unknown = await t
      .http()
      .patch('/api/participants/me')
      .set(someone.headers)
      .send({ profile: { communeCode: '99999' }, profileConsent: true })
      .expect(400);
    expect(unknown.body.fields).toEqual([
      expect.objectContaining({ field: 'body.profile.communeCode', code: 'unknownCommune' }),
    ]);
    const gender = await t
      .http()
      .patch('/api/participants/me')
      .set(someone.headers)
      .send({ profile: { gender: 'robot' }, profileConsent: true })
      .expect(400);
    expect(gender.body.fields[0].field).toBe('body.profile.gender');
    // This participant becomes the first of the ten young women of Vierzon.
    const profile = {
      ageBand: '18_24',
      gender: 'female',
      communeCode: '18279',
      firstParticipation: true,
    };
    await answer(someone.headers, profile);
    young.push(someone.headers);
    const data = (
      await t.http().get('/api/participants/me/export').set(someone.headers).expect(200)
    ).body as ParticipantExport;
    expect(data.participant.profile).toEqual(profile);
  });

  it('profiles given at join move the right cells; skipping the profile counts as a participant only', async () => {
    for (let i = 1; i < 10; i++) {
      const p = await join(t, vierzonCode, undefined, `10.9.1.${i}`);
      await answer(p.headers, {
        ageBand: '18_24',
        gender: 'female',
        communeCode: '18279',
        firstParticipation: true,
      });
      young.push(p.headers);
    }
    for (let i = 0; i < 9; i++) {
      const p = await join(t, vierzonCode, undefined, `10.9.2.${i}`);
      await answer(p.headers, {
        ageBand: '65_plus',
        gender: 'male',
        communeCode: '18141',
        firstParticipation: false,
      });
    }
    for (let i = 0; i < 3; i++) await join(t, vierzonCode, undefined, `10.9.3.${i}`);

    const full = await heard(organiser);
    const vierzon = place(full, 'bv-18-vierzon');
    expect(vierzon).toMatchObject({
      detail: 'full',
      population: 1200,
      participants: 22,
      participationPer1000: 18.333,
      residents: 19,
      residentsPer1000: 15.833,
      firstTime: { answered: 19, yes: 10, share: 0.526 },
    });
    expect(cell(vierzon, 'ageBand', '18_24')).toEqual({
      category: '18_24',
      count: 10,
      share: 0.526,
      censusShare: 0.08,
      gap: 0.446,
    });
    expect(cell(vierzon, 'ageBand', 'under_18')).toMatchObject({ count: 0, share: 0, gap: -0.2 });
    expect(cell(vierzon, 'gender', 'male')).toMatchObject({
      count: 9,
      censusShare: 0.5,
      gap: -0.026,
    });
    expect(cell(vierzon, 'gender', 'other')).toMatchObject({
      count: 0,
      censusShare: null,
      gap: null,
    });
    // Half the sum of the absolute gaps: (0.2 + 0.446 + 0.12 + 0.2 + 0.2 + 0.274) / 2.
    expect(marginOf(vierzon, 'ageBand')).toMatchObject({ answered: 19, index: 0.72 });
    // The Cher and the region add up their bassins.
    expect(place(full, '18')).toMatchObject({ participants: 22, population: 4000, residents: 19 });
    expect(cell(place(full, '24'), 'ageBand', '65_plus')).toMatchObject({ count: 9 });
    // Bourges heard no one: it is among the most under-heard places, before Vierzon.
    const places = full.underHeardPlaces.map((p) => p.name);
    expect(places.slice(0, 3)).toEqual(['Aubigny-sur-Nère', 'Bourges', 'Saint-Amand-Montrond']);
    expect(places[3]).toBe('Vierzon');
    // The groups furthest below the census come first.
    expect(full.underHeardGroups[0]).toMatchObject({ dimension: 'ageBand', gap: -0.2 });
    expect(full.underHeardGroups.every((g, i, all) => i === 0 || all[i - 1].gap <= g.gap)).toBe(
      true,
    );
  });

  it('a cell of 9 is suppressed publicly and shown to organisers', async () => {
    const organiserView = place(await heard(organiser), 'bv-18-vierzon');
    expect(cell(organiserView, 'ageBand', '65_plus').count).toBe(9);

    const publicView = place(await heard(), 'bv-18-vierzon');
    expect(publicView.detail).toBe('public');
    expect(cell(publicView, 'ageBand', '65_plus')).toEqual({
      category: '65_plus',
      count: null,
      share: null,
      censusShare: 0.2,
      gap: null,
    });
    // The cell of 10 stays, but not what would let anyone work out the hidden one.
    expect(cell(publicView, 'ageBand', '18_24')).toMatchObject({ count: 10, share: null });
    expect(marginOf(publicView, 'ageBand')).toMatchObject({ answered: null, index: null });
    expect(cell(publicView, 'gender', 'male').count).toBeNull();
    expect(publicView.firstTime).toEqual({ answered: null, yes: null, share: null });
    expect(publicView.residents).toBe(19);
    // The public list of under-heard groups has no hidden cell in it.
    const publicResponse = await heard();
    expect(
      publicResponse.underHeardGroups.some(
        (g) => g.territoryId === territory['bv-18-vierzon'] && g.dimension === 'ageBand',
      ),
    ).toBe(false);
    // A participant sees the public figures too.
    expect(place(await heard(young[0]), 'bv-18-vierzon').detail).toBe('public');
  });

  it('erasure removes the profile from the figures (the person still counts as heard)', async () => {
    await t.http().delete('/api/participants/me/personal-data').set(young[0]).expect(200);
    const vierzon = place(await heard(organiser), 'bv-18-vierzon');
    expect(vierzon.participants).toBe(22);
    expect(cell(vierzon, 'ageBand', '18_24').count).toBe(9);
    expect(cell(vierzon, 'gender', 'female').count).toBe(9);
    expect(vierzon.firstTime).toMatchObject({ answered: 18, yes: 9 });
    expect(vierzon.residents).toBe(18);
    // Now 9: hidden from the public as well.
    expect(cell(place(await heard(), 'bv-18-vierzon'), 'ageBand', '18_24').count).toBeNull();
  });

  it('an answer left out of the next save is withdrawn from the figures', async () => {
    const someone = young[1];
    await answer(someone, { ageBand: '18_24', gender: 'female', firstParticipation: true });
    const me = await t.http().get('/api/participants/me').set(someone).expect(200);
    expect(me.body.profile).toEqual({
      ageBand: '18_24',
      gender: 'female',
      firstParticipation: true,
    });
    const vierzon = place(await heard(organiser), 'bv-18-vierzon');
    expect(vierzon.residents).toBe(17);
    expect(cell(vierzon, 'ageBand', '18_24').count).toBe(9);
  });

  describe("the panels' open call and paper sheets", () => {
    let panelId: string;
    const apply = (ip: string, body: object) =>
      t
        .http()
        .post(`/api/panels/${panelId}/volunteers`)
        .set({ 'x-forwarded-for': ip })
        .send({ consent: true, ...body });
    const features = (values: Record<string, string>) => ({
      territory: 'bv-18-bourges',
      occupation: 'employee',
      ...values,
    });

    it("a volunteer gives the profile in the open call: heard in the panel's territory, living where they say", async () => {
      panelId = (
        await t
          .http()
          .post('/api/panels')
          .set(organiser)
          .send({
            campaignId,
            territoryId: territory['18'],
            seats: { drawn: 12, organisation: 2, elected: 2 },
            retentionUntil: '2026-12-31',
          })
          .expect(201)
      ).body.id;
      // The same checks as a participant's profile.
      const unknown = await apply('203.0.113.60', {
        name: 'Inconnue',
        email: 'inconnue@example.test',
        features: features({ gender: 'woman', ageBand: '25-34' }),
        profile: { communeCode: '99999' },
        profileConsent: true,
      }).expect(400);
      expect(unknown.body.fields).toEqual([
        expect.objectContaining({ field: 'body.profile.communeCode', code: 'unknownCommune' }),
      ]);
      await apply('203.0.113.60', {
        name: 'Sans accord',
        email: 'sans@example.test',
        features: features({ gender: 'woman', ageBand: '25-34' }),
        profile: { firstParticipation: true },
      }).expect(400);
      // Gender and age band come from the panel's features; the first time from the profile.
      await apply('203.0.113.61', {
        name: 'Alice Volontaire',
        email: 'alice@example.test',
        features: features({ gender: 'woman', ageBand: '25-34' }),
        profile: { firstParticipation: true },
        profileConsent: true,
      }).expect(201);
      // "Other / prefer not to say" and 16–24 say nothing: the profile's answers count.
      await apply('203.0.113.62', {
        name: 'Bao Volontaire',
        email: 'bao@example.test',
        features: features({ gender: 'other', ageBand: '16-24' }),
        profile: { ageBand: '18_24', gender: 'other', communeCode: '18279' },
        profileConsent: true,
      }).expect(201);
      // No profile: not counted (applying is not yet being heard), not even the features.
      await apply('203.0.113.63', {
        name: 'Claude Volontaire',
        email: 'claude@example.test',
        features: features({ gender: 'man', ageBand: '65+' }),
      }).expect(201);
      const stored: Array<{ profile: object }> = await t.dataSource.query(
        `SELECT profile FROM panel_volunteers WHERE panel_id = $1 ORDER BY public_id`,
        [panelId],
      );
      expect(stored.map((row) => row.profile)).toEqual([
        { firstParticipation: true, gender: 'female', ageBand: '25_34' },
        { ageBand: '18_24', gender: 'other', communeCode: '18279' },
        {},
      ]);

      const full = await heard(organiser);
      const cher = place(full, '18');
      expect(cher.participants).toBe(24);
      expect(cell(cher, 'ageBand', '25_34').count).toBe(1);
      expect(cell(cher, 'ageBand', '18_24').count).toBe(10);
      expect(cell(cher, 'ageBand', '65_plus').count).toBe(9);
      expect(cell(cher, 'gender', 'female').count).toBe(10);
      expect(cell(cher, 'gender', 'other').count).toBe(1);
      expect(cher.firstTime).toMatchObject({ answered: 19, yes: 10 });
      // Heard in the Cher (the panel's territory), not in a bassin...
      expect(place(full, 'bv-18-vierzon').participants).toBe(22);
      // ...living in Bourges (the panel's bassin question) and Vierzon (the commune).
      expect(place(full, 'bv-18-bourges').residents).toBe(1);
      expect(place(full, 'bv-18-vierzon').residents).toBe(18);
    });

    it('erasing the pool erases the profiles: the volunteers leave the figures', async () => {
      await t.dataSource.query(`UPDATE panels SET retention_until = '2020-01-01' WHERE id = $1`, [
        panelId,
      ]);
      expect(await t.app.get(PanelPoolService).eraseExpiredPools()).toContain(panelId);
      const full = await heard(organiser);
      const cher = place(full, '18');
      expect(cher.participants).toBe(22);
      expect(cell(cher, 'ageBand', '25_34').count).toBe(0);
      expect(cell(cher, 'gender', 'female').count).toBe(9);
      expect(cell(cher, 'gender', 'other').count).toBe(0);
      expect(cher.firstTime).toMatchObject({ answered: 18, yes: 9 });
      expect(place(full, 'bv-18-bourges').residents).toBe(0);
      expect(place(full, 'bv-18-vierzon').residents).toBe(17);
    });

    it("a facilitator records the profile of a paper sign-in sheet and of a paper idea's writer", async () => {
      const line = {
        clientId: randomUUID(),
        profile: {
          ageBand: '50_64',
          gender: 'female',
          communeCode: '18033',
          firstParticipation: true,
        },
        profileConsent: true,
      };
      const url = `/api/workshops/${vierzonId}/paper-participants`;
      await t.http().post(url).send(line).expect(401);
      await t
        .http()
        .post(url)
        .set(organiser)
        .send({ ...line, profileConsent: false })
        .expect(400);
      const first = await t.http().post(url).set(organiser).send(line).expect(201);
      expect(first.body.duplicate).toBe(false);
      // A retry stores nothing new.
      const again = await t.http().post(url).set(organiser).send(line).expect(201);
      expect(again.body).toEqual({ id: first.body.id, duplicate: true });

      const board = await t
        .http()
        .post(`/api/workshops/${vierzonId}/activities`)
        .set(organiser)
        .send({ kind: 'idea_board', prompt: 'Que faut-il changer ?' })
        .expect(201);
      const idea = {
        clientId: randomUUID(),
        activityId: board.body.id,
        text: 'Un bus le dimanche',
        writer: { ageBand: '50_64', firstParticipation: false },
        writerConsent: true,
      };
      const refused = await t
        .http()
        .post(`/api/workshops/${vierzonId}/ideas`)
        .set(organiser)
        .send({ ...idea, writer: { communeCode: '99999' } })
        .expect(400);
      expect(refused.body.fields[0].field).toBe('body.writer.communeCode');
      await t
        .http()
        .post(`/api/workshops/${vierzonId}/ideas`)
        .set(organiser)
        .send(idea)
        .expect(201);
      await t
        .http()
        .post(`/api/workshops/${vierzonId}/ideas`)
        .set(organiser)
        .send(idea)
        .expect(201);

      const vierzon = place(await heard(organiser), 'bv-18-vierzon');
      expect(vierzon.participants).toBe(24);
      expect(cell(vierzon, 'ageBand', '50_64').count).toBe(2);
      expect(cell(vierzon, 'gender', 'female').count).toBe(10);
      expect(vierzon.firstTime).toMatchObject({ answered: 20, yes: 10 });
      expect(place(await heard(organiser), 'bv-18-bourges').residents).toBe(1);
    });

    it('publicly, a hidden bassin cell cannot be worked out from its département (complementary cells hidden)', async () => {
      const bourges = await t.app
        .get(WorkshopsService)
        .create(null, { title: 'Fabrik de Bourges', territoryId: territory['bv-18-bourges'] });
      await t.dataSource.query(
        `UPDATE workshops SET status = 'live', campaign_id = $2 WHERE id = $1`,
        [bourges.id, campaignId],
      );
      for (let i = 0; i < 12; i++)
        await t
          .http()
          .post(`/api/workshops/${bourges.id}/paper-participants`)
          .set(organiser)
          .send({ clientId: randomUUID(), profile: { ageBand: '18_24' }, profileConsent: true })
          .expect(201);
      const full = await heard(organiser);
      expect(cell(place(full, 'bv-18-vierzon'), 'ageBand', '18_24').count).toBe(9);
      expect(cell(place(full, 'bv-18-bourges'), 'ageBand', '18_24').count).toBe(12);

      const shown = await heard();
      // Vierzon's 9 is hidden, and so is Bourges's 12: else the Cher's 21 − 12 would give 9.
      expect(cell(place(shown, 'bv-18-vierzon'), 'ageBand', '18_24').count).toBeNull();
      expect(cell(place(shown, 'bv-18-bourges'), 'ageBand', '18_24').count).toBeNull();
      expect(cell(place(shown, '18'), 'ageBand', '18_24').count).toBe(21);
      // Nowhere is a single cell hidden among a territory and its children.
      for (const parent of shown.territories)
        for (const m of parent.margins)
          for (const c of m.cells) {
            const children = shown.territories.filter((x) => x.parentId === parent.territoryId);
            if (children.length === 0) continue;
            const hiddenCells = [parent, ...children].filter(
              (x) => cell(x, m.dimension, c.category).count === null,
            );
            expect({
              parent: parent.code,
              cell: c.category,
              hidden: hiddenCells.length,
            }).not.toEqual({ parent: parent.code, cell: c.category, hidden: 1 });
          }
    });
  });

  it('answers 404 for an unknown tour', async () => {
    await t.http().get('/api/tours/00000000-0000-4000-8000-000000000000/heard').expect(404);
  });
});
