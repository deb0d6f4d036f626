import { randomUUID } from 'node:crypto';
import type {
  CoverageDepartement,
  InitiativePage,
  TourCoverageResponse,
  TourPlanningResponse,
  TourResponse,
  TourStopDetailResponse,
} from '@permanente/contracts';
import { FakeClock } from '../src/common/clock';
import { DemoSeedService } from '../src/demo/demo-seed.service';
import { DEMO_ACCOUNTS } from '../src/demo/demo-accounts';
import { demoOrganiserHeaders, login, staffHeaders } from './support/actors';
import { resetDatabase, startTestApp, TestApp } from './support/test-app';

/** A stop day within the test campaign (2026-02-01 to 2026-07-31); "today" is 2026-04-15. */
const TODAY = new Date('2026-04-15T10:00:00Z');

describe('tour, stops, initiatives and coverage (integration)', () => {
  let t: TestApp;
  let organiser: Record<string, string>;
  let facilitatorCher: Record<string, string>;
  let territory: Record<string, string>;
  let campaignId: string;
  let tourId: string;

  const stop = (overrides: object = {}) => ({
    day: '2026-03-10',
    startsAt: '09:00',
    endsAt: '21:00',
    territoryId: territory['bv-18-vierzon'],
    placeName: 'Place de la mairie',
    address: '1 place de la mairie, 18100 Vierzon',
    ...overrides,
  });
  const count = async (table: string) =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  /** A workshop of the test campaign with `participants` people, ideas (some hidden) and choices. */
  async function seedWorkshop(
    code: string,
    territoryCode: string,
    status: string,
    figures: { participants: number; ideas: number; hidden: number; positions: number },
    campaign: string | null = campaignId,
  ): Promise<string> {
    const [workshop] = await t.dataSource.query(
      `INSERT INTO workshops (code, title, kind, status, territory_id, campaign_id)
       VALUES ($1, $2, 'fabrik', $3, $4, $5) RETURNING id`,
      [code, `Fabrik ${code}`, status, territory[territoryCode], campaign],
    );
    const participants: string[] = [];
    for (let i = 0; i < figures.participants; i++) {
      const [p] = await t.dataSource.query(
        `INSERT INTO participants (workshop_id, token_hash) VALUES ($1, $2) RETURNING id`,
        [workshop.id, randomUUID()],
      );
      participants.push(p.id);
    }
    const [board] = await t.dataSource.query(
      `INSERT INTO activities (workshop_id, position, kind, prompt) VALUES ($1, 1, 'idea_board', 'Q') RETURNING id`,
      [workshop.id],
    );
    for (let i = 0; i < figures.ideas + figures.hidden; i++)
      await t.dataSource.query(
        `INSERT INTO ideas (workshop_id, activity_id, participant_id, client_id, text, origin, hidden_at)
         VALUES ($1, $2, $3, $4, $5, 'phone', $6)`,
        [
          workshop.id,
          board.id,
          participants[i % participants.length],
          randomUUID(),
          `Idée ${i}`,
          i < figures.hidden ? new Date() : null,
        ],
      );
    const [spectrum] = await t.dataSource.query(
      `INSERT INTO activities (workshop_id, position, kind, prompt) VALUES ($1, 2, 'spectrum', 'S') RETURNING id`,
      [workshop.id],
    );
    for (let i = 0; i < figures.positions; i++)
      await t.dataSource.query(
        `INSERT INTO spectrum_positions (activity_id, participant_id, position) VALUES ($1, $2, 3)`,
        [spectrum.id, participants[i]],
      );
    return workshop.id;
  }

  beforeAll(async () => {
    t = await startTestApp({}, undefined, new FakeClock(TODAY));
    await resetDatabase(t.dataSource);
    // Territories and staff accounts of the demo data, without the demo tour (checked in
    // tour-demo.integration-spec.ts), so that every figure here comes from this file.
    await t.dataSource.query(`INSERT INTO seed_runs (name) VALUES ('demo/tour@1')`);
    await t.app.get(DemoSeedService).seed();
    organiser = await demoOrganiserHeaders(t);
    const cher = DEMO_ACCOUNTS.find((a) => a.scopeCodes.includes('18'))!;
    facilitatorCher = staffHeaders(await login(t, cher.email, cher.password));
    const rows: Array<{ code: string; id: string }> = await t.dataSource.query(
      `SELECT code, id FROM territories`,
    );
    territory = Object.fromEntries(rows.map((row) => [row.code, row.id]));
    const campaign = await t
      .http()
      .post('/api/campaigns')
      .set(organiser)
      .send({
        slug: 'test-tour-2026',
        title: 'Campagne de test',
        territoryId: territory['24'],
        startsOn: '2026-02-01',
        endsOn: '2026-07-31',
      })
      .expect(201);
    campaignId = campaign.body.id;
    const tour = await t
      .http()
      .post('/api/tours')
      .set(organiser)
      .send({ campaignId, title: 'La tournée de test' })
      .expect(201);
    tourId = tour.body.id;
  });

  afterAll(() => t.close());

  it('an organiser plans stops with their programme; the public sees them in order, without the notes', async () => {
    const created = await t
      .http()
      .post(`/api/tours/${tourId}/stops`)
      .set(organiser)
      .send(
        stop({
          latitude: 47.222,
          longitude: 2.069,
          notes: 'Clés de la salle chez le gardien',
          moments: [
            {
              kind: 'prepared',
              startsAt: '10:00',
              endsAt: '11:30',
              title: 'Visite de la ressourcerie',
              actors: 'Ressourcerie du Pays de Vierzon',
            },
            { kind: 'open', startsAt: '14:00', endsAt: '17:00', title: 'Stand sur le marché' },
          ],
        }),
      )
      .expect(201);
    expect(created.body).toMatchObject({
      day: '2026-03-10',
      startsAt: '09:00',
      endsAt: '21:00',
      territoryName: 'Vierzon',
      departementCode: '18',
      place: { latitude: 47.222, longitude: 2.069 },
      notes: 'Clés de la salle chez le gardien',
      timing: 'past',
    });
    expect(created.body.moments).toHaveLength(2);
    await t
      .http()
      .post(`/api/tours/${tourId}/stops`)
      .set(organiser)
      .send(stop({ day: '2026-02-20', territoryId: territory['bv-45-orleans'] }))
      .expect(201);
    await t
      .http()
      .post(`/api/tours/${tourId}/stops`)
      .set(organiser)
      .send(stop({ day: '2026-05-04', territoryId: territory['bv-37-tours'] }))
      .expect(201);

    const tour = (await t.http().get(`/api/tours/${tourId}`).expect(200)).body as TourResponse;
    expect(tour.stops.map((s) => [s.rank, s.day, s.territoryName, s.timing])).toEqual([
      [1, '2026-02-20', 'Orléans', 'past'],
      [2, '2026-03-10', 'Vierzon', 'past'],
      [3, '2026-05-04', 'Tours', 'upcoming'],
    ]);
    expect(tour.nextStopId).toBe(tour.stops[2].id);
    expect(tour).toMatchObject({ stopCount: 3, firstDay: '2026-02-20', lastDay: '2026-05-04' });
    expect(JSON.stringify(tour)).not.toContain('gardien');
    const detail = (await t.http().get(`/api/tour-stops/${created.body.id}`).expect(200))
      .body as TourStopDetailResponse;
    expect(detail.moments[0]).toEqual({
      kind: 'prepared',
      startsAt: '10:00',
      endsAt: '11:30',
      title: 'Visite de la ressourcerie',
      actors: 'Ressourcerie du Pays de Vierzon',
    });
    expect(detail).not.toHaveProperty('notes');
    const planning = (
      await t.http().get(`/api/tours/${tourId}/planning`).set(organiser).expect(200)
    ).body as TourPlanningResponse;
    expect(planning.stops[1].notes).toBe('Clés de la salle chez le gardien');
    expect(planning).toMatchObject({
      campaignStartsOn: '2026-02-01',
      campaignEndsOn: '2026-07-31',
    });
    const audit = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'tour.stop.created'`,
    );
    expect(audit[0].n).toBe(3);
  });

  it('refuses a stop outside the campaign, in an unknown territory or not a bassin, or overlapping, and stores nothing', async () => {
    const before = await count('tour_stops');
    const cases: Array<[object, string, string]> = [
      [stop({ day: '2026-01-31' }), 'body.day', 'outsideCampaign'],
      [stop({ day: '2026-08-01' }), 'body.day', 'outsideCampaign'],
      [stop({ territoryId: randomUUID() }), 'body.territoryId', 'unknownTerritory'],
      [stop({ territoryId: territory['18'] }), 'body.territoryId', 'notBassinDeVie'],
      // The Vierzon stop of 2026-03-10 runs 09:00-21:00.
      [
        stop({ territoryId: territory['bv-18-bourges'], startsAt: '20:00', endsAt: '22:00' }),
        'body.day',
        'overlap',
      ],
      [stop({ day: '2026-03-11', startsAt: '18:00', endsAt: '09:00' }), 'body.endsAt', 'timeOrder'],
      [stop({ day: '2026-03-11', latitude: 47.2 }), 'body.longitude', 'coordinatesPair'],
      [
        stop({
          day: '2026-03-11',
          moments: [{ kind: 'open', startsAt: '07:00', endsAt: '08:00', title: 'Trop tôt' }],
        }),
        'body.moments.0.startsAt',
        'outsideStop',
      ],
      [stop({ day: '2026-03-11', startsAt: '9h' }), 'body.startsAt', 'matches'],
      [stop({ day: '2026-02-30' }), 'body.day', 'isIso8601'],
    ];
    for (const [body, field, code] of cases) {
      const response = await t.http().post(`/api/tours/${tourId}/stops`).set(organiser).send(body);
      expect({ field, status: response.status }).toEqual({ field, status: 400 });
      expect(response.body.fields).toEqual(
        expect.arrayContaining([expect.objectContaining({ field, code })]),
      );
      expect(response.body.fields[0].reason).toEqual(expect.any(String));
    }
    // Back to back is not an overlap.
    await t
      .http()
      .post(`/api/tours/${tourId}/stops`)
      .set(organiser)
      .send(stop({ territoryId: territory['bv-18-bourges'], startsAt: '21:00', endsAt: '23:00' }))
      .expect(201)
      .then((r) => t.http().delete(`/api/tour-stops/${r.body.id}`).set(organiser).expect(204));
    expect(await count('tour_stops')).toBe(before);
    await t.http().post(`/api/tours/${randomUUID()}/stops`).set(organiser).send(stop()).expect(404);
  });

  it('reschedules a stop with the same rules, and reorders the tour by handing out its days', async () => {
    const tour = (await t.http().get(`/api/tours/${tourId}`).expect(200)).body as TourResponse;
    const [orleans, vierzon, tours] = tour.stops;
    // Moving Tours onto Vierzon's day and hours overlaps; outside the campaign is refused.
    const overlap = await t
      .http()
      .patch(`/api/tour-stops/${tours.id}`)
      .set(organiser)
      .send({ day: '2026-03-10' })
      .expect(400);
    expect(overlap.body.fields[0]).toMatchObject({ field: 'body.day', code: 'overlap' });
    await t
      .http()
      .patch(`/api/tour-stops/${tours.id}`)
      .set(organiser)
      .send({ day: '2026-09-01' })
      .expect(400);
    const moved = await t
      .http()
      .patch(`/api/tour-stops/${tours.id}`)
      .set(organiser)
      .send({ day: '2026-05-05', startsAt: '10:00', report: 'Belle journée.' })
      .expect(200);
    expect(moved.body).toMatchObject({ day: '2026-05-05', startsAt: '10:00', endsAt: '21:00' });

    // Reorder: Tours first, then Orléans, then Vierzon → they take the days in date order.
    const reordered = await t
      .http()
      .put(`/api/tours/${tourId}/stop-order`)
      .set(organiser)
      .send({ stopIds: [tours.id, orleans.id, vierzon.id] })
      .expect(200);
    expect(
      (reordered.body as TourPlanningResponse).stops.map((s) => [s.day, s.territoryName]),
    ).toEqual([
      ['2026-02-20', 'Tours'],
      ['2026-03-10', 'Orléans'],
      ['2026-05-05', 'Vierzon'],
    ]);
    const partial = await t
      .http()
      .put(`/api/tours/${tourId}/stop-order`)
      .set(organiser)
      .send({ stopIds: [tours.id, orleans.id] })
      .expect(400);
    expect(partial.body.fields[0]).toMatchObject({ field: 'body.stopIds', code: 'notAllStops' });
    // And back.
    await t
      .http()
      .put(`/api/tours/${tourId}/stop-order`)
      .set(organiser)
      .send({ stopIds: [orleans.id, vierzon.id, tours.id] })
      .expect(200);
  });

  it('facilitators plan the stops of their scope only, and do not reorder the tour', async () => {
    const created = await t
      .http()
      .post(`/api/tours/${tourId}/stops`)
      .set(facilitatorCher)
      .send(stop({ day: '2026-03-12', territoryId: territory['bv-18-bourges'] }))
      .expect(201);
    await t
      .http()
      .post(`/api/tours/${tourId}/stops`)
      .set(facilitatorCher)
      .send(stop({ day: '2026-03-13', territoryId: territory['bv-45-gien'] }))
      .expect(403);
    // Nor move its own stop out of its scope.
    await t
      .http()
      .patch(`/api/tour-stops/${created.body.id}`)
      .set(facilitatorCher)
      .send({ territoryId: territory['bv-45-gien'] })
      .expect(403);
    const tour = (await t.http().get(`/api/tours/${tourId}`).expect(200)).body as TourResponse;
    const orleans = tour.stops.find((s) => s.territoryName === 'Orléans')!;
    await t
      .http()
      .patch(`/api/tour-stops/${orleans.id}`)
      .set(facilitatorCher)
      .send({ notes: 'x' })
      .expect(403);
    await t
      .http()
      .put(`/api/tours/${tourId}/stop-order`)
      .set(facilitatorCher)
      .send({ stopIds: tour.stops.map((s) => s.id) })
      .expect(403);
    await t.http().delete(`/api/tour-stops/${created.body.id}`).set(facilitatorCher).expect(204);
  });

  it('links a Fabrik to a stop; deleting the stop is refused until the workshop is unlinked', async () => {
    const tour = (await t.http().get(`/api/tours/${tourId}`).expect(200)).body as TourResponse;
    const vierzon = tour.stops.find((s) => s.territoryName === 'Vierzon')!;
    const workshopId = await seedWorkshop('TSTVZN', 'bv-18-vierzon', 'scheduled', {
      participants: 0,
      ideas: 0,
      hidden: 0,
      positions: 0,
    });
    const elsewhere = await seedWorkshop('TSTGIE', 'bv-45-gien', 'scheduled', {
      participants: 0,
      ideas: 0,
      hidden: 0,
      positions: 0,
    });
    const wrong = await t
      .http()
      .patch(`/api/tour-stops/${vierzon.id}`)
      .set(organiser)
      .send({ workshopId: elsewhere })
      .expect(400);
    expect(wrong.body.fields[0]).toMatchObject({
      field: 'body.workshopId',
      code: 'workshopTerritory',
    });
    const unknown = await t
      .http()
      .patch(`/api/tour-stops/${vierzon.id}`)
      .set(organiser)
      .send({ workshopId: randomUUID() })
      .expect(400);
    expect(unknown.body.fields[0].code).toBe('unknownWorkshop');
    const linked = await t
      .http()
      .patch(`/api/tour-stops/${vierzon.id}`)
      .set(organiser)
      .send({ workshopId })
      .expect(200);
    expect(linked.body.workshop).toMatchObject({
      id: workshopId,
      title: 'Fabrik TSTVZN',
      status: 'scheduled',
      joinCode: null,
    });
    // A second stop cannot take the same workshop.
    const other = await t
      .http()
      .post(`/api/tours/${tourId}/stops`)
      .set(organiser)
      .send(stop({ day: '2026-06-01', workshopId }))
      .expect(409);
    expect(other.body.error).toBe('conflict');

    const refused = await t.http().delete(`/api/tour-stops/${vierzon.id}`).set(organiser);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/workshop/);
    expect(
      await t.dataSource.query(`SELECT id FROM tour_stops WHERE id = $1`, [vierzon.id]),
    ).toHaveLength(1);

    // The public sees the join code only while the workshop is live.
    await t.dataSource.query(`UPDATE workshops SET status = 'live' WHERE id = $1`, [workshopId]);
    const live = (await t.http().get(`/api/tour-stops/${vierzon.id}`).expect(200)).body;
    expect(live.workshop.joinCode).toBe('TSTVZN');
    await t.dataSource.query(`UPDATE workshops SET status = 'scheduled' WHERE id = $1`, [
      workshopId,
    ]);
    await t.dataSource.query(`DELETE FROM workshops WHERE id = $1`, [elsewhere]);
  });

  it('keeps a catalogue of initiatives, searchable without accents and filterable, page by page', async () => {
    const tour = (await t.http().get(`/api/tours/${tourId}`).expect(200)).body as TourResponse;
    const vierzon = tour.stops.find((s) => s.territoryName === 'Vierzon')!;
    const make = (body: object) =>
      t.http().post('/api/initiatives').set(organiser).send(body).expect(201);
    const ressourcerie = await make({
      name: 'Ressourcerie du Pays de Vierzon',
      description: 'Collecte, répare et revend des objets; chantier d’insertion.',
      kind: 'social_enterprise',
      themes: ['Réemploi', 'emploi', 'réemploi '],
      territoryId: territory['bv-18-vierzon'],
      publicContact: 'contact@ressourcerie.example',
      website: 'https://ressourcerie.example',
      stopId: vierzon.id,
    });
    expect(ressourcerie.body).toMatchObject({
      themes: ['réemploi', 'emploi'],
      territoryName: 'Vierzon',
      stop: { id: vierzon.id, day: vierzon.day, territoryName: 'Vierzon' },
    });
    await make({
      name: 'Énergies citoyennes du Giennois',
      description: 'Toits solaires financés par les habitants.',
      kind: 'cooperative',
      themes: ['énergie'],
      territoryId: territory['bv-45-gien'],
    });
    await make({
      name: 'Café associatif La Pause',
      description: 'Un lieu pour se retrouver au village.',
      kind: 'association',
      themes: ['lien social'],
      territoryId: territory['bv-18-bourges'],
    });

    const search = async (query: string) =>
      (await t.http().get(`/api/initiatives?${query}`).expect(200)).body as InitiativePage;
    expect((await search('q=energies')).items.map((i) => i.name)).toEqual([
      'Énergies citoyennes du Giennois',
    ]);
    expect((await search('q=REPARE objets')).items.map((i) => i.name)).toEqual([
      'Ressourcerie du Pays de Vierzon',
    ]);
    expect((await search('q=100%25')).total).toBe(0);
    expect((await search(`territoryId=${territory['18']}`)).items.map((i) => i.name)).toEqual([
      'Café associatif La Pause',
      'Ressourcerie du Pays de Vierzon',
    ]);
    expect((await search('kind=cooperative')).total).toBe(1);
    expect((await search('theme=R%C3%A9emploi')).items.map((i) => i.name)).toEqual([
      'Ressourcerie du Pays de Vierzon',
    ]);
    const page2 = await search('pageSize=2&page=2');
    expect(page2).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    // French order: accents do not push "Énergies" after "Ressourcerie".
    expect(page2.items.map((i) => i.name)).toEqual(['Ressourcerie du Pays de Vierzon']);
    expect((await search('pageSize=2')).items.map((i) => i.name)).toEqual([
      'Café associatif La Pause',
      'Énergies citoyennes du Giennois',
    ]);
    expect(page2.themes).toEqual(['emploi', 'énergie', 'lien social', 'réemploi']);
    const bad = await t.http().get('/api/initiatives?pageSize=500&kind=club').expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'query.kind',
      'query.pageSize',
    ]);

    // The stop page lists what was met there.
    const detail = (await t.http().get(`/api/tour-stops/${vierzon.id}`).expect(200))
      .body as TourStopDetailResponse;
    expect(detail.initiatives.map((i) => i.name)).toEqual(['Ressourcerie du Pays de Vierzon']);
    expect(detail.initiativeCount).toBe(1);

    // A facilitator keeps the initiatives of its scope only.
    await t
      .http()
      .patch(`/api/initiatives/${ressourcerie.body.id}`)
      .set(facilitatorCher)
      .send({ description: 'Mis à jour sur place.' })
      .expect(200);
    const gien = (await search('q=giennois')).items[0];
    await t
      .http()
      .patch(`/api/initiatives/${gien.id}`)
      .set(facilitatorCher)
      .send({ description: 'x' })
      .expect(403);
  });

  it('refuses an initiative without a name, or with an unknown kind, territory or stop', async () => {
    const before = await count('initiatives');
    const valid = {
      name: 'Jardin partagé',
      kind: 'collective',
      territoryId: territory['bv-18-vierzon'],
    };
    const cases: Array<[object, string]> = [
      [{ ...valid, name: undefined }, 'body.name'],
      [{ ...valid, name: '' }, 'body.name'],
      [{ ...valid, name: '   ' }, 'body.name'],
      [{ ...valid, kind: 'club' }, 'body.kind'],
      [{ ...valid, territoryId: randomUUID() }, 'body.territoryId'],
      [{ ...valid, stopId: randomUUID() }, 'body.stopId'],
      [{ ...valid, website: 'javascript:alert(1)' }, 'body.website'],
    ];
    for (const [body, field] of cases) {
      const response = await t.http().post('/api/initiatives').set(organiser).send(body);
      expect({ field, status: response.status }).toEqual({ field, status: 400 });
      expect(response.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect(await count('initiatives')).toBe(before);
  });

  it('counts coverage per bassin and département: visits, workshops held, participants, contributions, rate per 1,000', async () => {
    const tour = (await t.http().get(`/api/tours/${tourId}`).expect(200)).body as TourResponse;
    const tours = tour.stops.find((s) => s.territoryName === 'Tours')!;
    // Vierzon (past stop): the linked workshop TSTVZN is still 'scheduled' but its day has
    // come, so it counts. Give it 4 participants, 5 ideas (+2 hidden), 3 positions.
    const [vzn] = await t.dataSource.query(`SELECT id FROM workshops WHERE code = 'TSTVZN'`);
    await t.dataSource.query(`DELETE FROM workshops WHERE id = $1`, [vzn.id]);
    const vierzonWorkshop = await seedWorkshop('TSTVZ2', 'bv-18-vierzon', 'scheduled', {
      participants: 4,
      ideas: 5,
      hidden: 2,
      positions: 3,
    });
    const vierzon = tour.stops.find((s) => s.territoryName === 'Vierzon')!;
    await t
      .http()
      .patch(`/api/tour-stops/${vierzon.id}`)
      .set(organiser)
      .send({ workshopId: vierzonWorkshop })
      .expect(200);
    // Orléans: a closed campaign workshop not linked to a stop: 10 participants, 7 ideas.
    await seedWorkshop('TSTORL', 'bv-45-orleans', 'closed', {
      participants: 10,
      ideas: 7,
      hidden: 0,
      positions: 0,
    });
    // Tours (upcoming stop): a scheduled workshop linked to it does not count yet.
    const toursWorkshop = await seedWorkshop('TSTTRS', 'bv-37-tours', 'scheduled', {
      participants: 2,
      ideas: 1,
      hidden: 0,
      positions: 0,
    });
    await t
      .http()
      .patch(`/api/tour-stops/${tours.id}`)
      .set(organiser)
      .send({ workshopId: toursWorkshop })
      .expect(200);
    // Another campaign's live workshop in Gien does not count for this tour.
    await seedWorkshop(
      'TSTOUT',
      'bv-45-gien',
      'live',
      {
        participants: 6,
        ideas: 6,
        hidden: 0,
        positions: 0,
      },
      null,
    );

    // Proposals: two published in Vierzon, one under review at the Cher level, a draft in
    // Orléans (not counted), one of another campaign (not counted).
    const [other] = await t.dataSource.query(`SELECT id FROM campaigns WHERE id <> $1 LIMIT 1`, [
      campaignId,
    ]);
    const proposal = (territoryCode: string, status: string, campaign = campaignId) =>
      t.dataSource.query(
        `INSERT INTO proposals (campaign_id, territory_id, title, need, action, source, status,
                                created_at, updated_at, published_at, answer_due_at)
         VALUES ($1, $2, 'Titre', 'Besoin', 'Action', 'workshop', $3, now(), now(),
                 CASE WHEN $3 = 'draft' THEN NULL ELSE now() END,
                 CASE WHEN $3 = 'draft' THEN NULL ELSE now() + interval '90 days' END)`,
        [campaign, territory[territoryCode], status],
      );
    await proposal('bv-18-vierzon', 'published');
    await proposal('bv-18-vierzon', 'answered');
    await proposal('18', 'under_review');
    await proposal('bv-45-orleans', 'draft');
    await proposal('bv-45-orleans', 'published', other.id);

    const coverage = (await t.http().get(`/api/tours/${tourId}/coverage`).expect(200))
      .body as TourCoverageResponse;
    expect(coverage.asOf).toBe('2026-04-15');
    const dep = (code: string) => coverage.departements.find((d) => d.code === code)!;
    const bassin = (d: CoverageDepartement, code: string) =>
      d.bassins.find((b) => b.code === code)!;
    expect(coverage.departements.map((d) => d.code)).toEqual(['18', '28', '36', '37', '41', '45']);
    expect(bassin(dep('18'), 'bv-18-vierzon')).toMatchObject({
      visit: 'visited',
      stops: 1,
      visitedStops: 1,
      workshops: 1,
      participants: 4,
      ideas: 5,
      choices: 3,
      contributions: 8,
      proposals: 2,
      neverVisited: false,
    });
    expect(bassin(dep('18'), 'bv-18-bourges')).toMatchObject({
      visit: 'not_planned',
      workshops: 0,
      neverVisited: true,
      standsOut: true,
    });
    expect(bassin(dep('45'), 'bv-45-orleans')).toMatchObject({
      visit: 'visited',
      workshops: 1,
      participants: 10,
      ideas: 7,
      choices: 0,
    });
    expect(bassin(dep('45'), 'bv-45-gien')).toMatchObject({ workshops: 0, participants: 0 });
    expect(bassin(dep('37'), 'bv-37-tours')).toMatchObject({
      visit: 'planned',
      stops: 1,
      visitedStops: 0,
      workshops: 0,
      participants: 0,
      neverVisited: true,
    });
    // Départements add up their bassins; the rate uses the département's population.
    const cher = dep('18');
    expect(cher).toMatchObject({
      stops: 1,
      workshops: 1,
      participants: 4,
      contributions: 8,
      proposals: 3,
    });
    expect(dep('45').proposals).toBe(0);
    expect(bassin(dep('45'), 'bv-45-orleans').proposals).toBe(0);
    expect(cher.participationPer1000).toBe(Math.round((4 * 1000 * 1000) / cher.population!) / 1000);
    expect(dep('45').participationPer1000).toBe(
      Math.round((10 * 1000 * 1000) / dep('45').population!) / 1000,
    );
    // Bassins have no known population in the bundled data: no rate, never "lowest".
    expect(bassin(cher, 'bv-18-vierzon').participationPer1000).toBeNull();
    // Eure-et-Loir, Indre, Loir-et-Cher: never visited, rate 0 → the lowest, standing out.
    for (const code of ['28', '36', '41'])
      expect(dep(code)).toMatchObject({
        neverVisited: true,
        lowestParticipation: true,
        standsOut: true,
      });
    expect(dep('45')).toMatchObject({ lowestParticipation: false, standsOut: false });
    expect(coverage.totals).toMatchObject({
      bassins: 23,
      visitedBassins: 2,
      workshops: 2,
      participants: 14,
      ideas: 12,
      choices: 3,
      contributions: 15,
      proposals: 3,
    });
  });
});
