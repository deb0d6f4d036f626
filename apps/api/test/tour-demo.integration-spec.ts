import type { InitiativePage, TourCoverageResponse, TourResponse } from '@permanente/contracts';
import { FakeClock } from '../src/common/clock';
import { DemoSeedService } from '../src/demo/demo-seed.service';
import { resetDatabase, startTestApp, TestApp } from './support/test-app';

describe('the demo tour (integration)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({}, undefined, new FakeClock(new Date('2026-04-15T10:00:00Z')));
    await resetDatabase(t.dataSource);
    await t.app.get(DemoSeedService).seed();
  });

  afterAll(() => t.close());

  it('the demo campaign has a 23-stop tour, one day per bassin, in the 2017 order, with Fabriks and initiatives', async () => {
    const tours = (await t.http().get('/api/tours').expect(200)).body as Array<{
      id: string;
      campaignSlug: string;
    }>;
    const demo = tours.find((tour) => tour.campaignSlug === 'democratie-permanente-2026')!;
    const tour = (await t.http().get(`/api/tours/${demo.id}`).expect(200)).body as TourResponse;
    expect(tour.stops).toHaveLength(23);
    expect(new Set(tour.stops.map((s) => s.territoryId)).size).toBe(23);
    expect(new Set(tour.stops.map((s) => s.day)).size).toBe(23);
    const order = tour.stops.map((s) => s.departementCode);
    expect([...new Set(order)]).toEqual(['45', '28', '18', '36', '41', '37']);
    expect(tour.firstDay! >= '2026-02-01' && tour.lastDay! <= '2026-07-31').toBe(true);
    const vierzon = tour.stops.find((s) => s.territoryCode === 'bv-18-vierzon')!;
    expect(vierzon.workshop?.title).toBe('Fabrik de Vierzon');
    expect(tour.stops.every((s) => s.place.latitude !== null && s.moments.length > 0)).toBe(true);
    // "Today" is 2026-04-15 here: the Loiret and Eure-et-Loir are behind, Bourges is next.
    expect(tour.stops.find((s) => s.id === tour.nextStopId)!.territoryCode).toBe('bv-18-bourges');
    const initiatives = (await t.http().get('/api/initiatives?pageSize=50').expect(200))
      .body as InitiativePage;
    expect(initiatives.items.filter((i) => i.stop !== null).length).toBeGreaterThanOrEqual(5);
    const coverage = (await t.http().get(`/api/tours/${demo.id}/coverage`).expect(200))
      .body as TourCoverageResponse;
    const orleans = coverage.departements
      .find((d) => d.code === '45')!
      .bassins.find((b) => b.code === 'bv-45-orleans')!;
    expect(orleans).toMatchObject({ visit: 'visited', workshops: 1, participants: 34, ideas: 18 });
    expect(coverage.totals.visitedBassins).toBe(8);
  });

  it('is loaded once: a second seed changes nothing', async () => {
    expect(await t.app.get(DemoSeedService).seed()).toEqual([]);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM tour_stops`);
    expect(n).toBe(23);
  });
});
