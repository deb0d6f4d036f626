import type { TourResponse } from '@permanente/contracts';
import ICAL from 'ical.js';
import { wallTime } from '../src/calendar/paris-time';
import { FakeClock } from '../src/common/clock';
import { DemoSeedService } from '../src/demo/demo-seed.service';
import { resetDatabase, startTestApp, TestApp } from './support/test-app';

/** The VEVENTs of a feed, parsed back by another library (ical.js). */
function events(text: string): ICAL.Event[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  expect(calendar.name).toBe('vcalendar');
  return calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));
}

describe('calendar feeds (integration)', () => {
  let t: TestApp;
  let tour: TourResponse;

  beforeAll(async () => {
    t = await startTestApp({}, undefined, new FakeClock(new Date('2026-04-15T10:00:00Z')));
    await resetDatabase(t.dataSource);
    await t.app.get(DemoSeedService).seed();
    const [summary] = (await t.http().get('/api/tours').expect(200)).body;
    tour = (await t.http().get(`/api/tours/${summary.id}`).expect(200)).body;
  });

  afterAll(() => t.close());

  it('serves the tour as an iCalendar feed that parses back with the 23 demo stops', async () => {
    const response = await t.http().get(`/api/tours/${tour.id}/calendar.ics`).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/calendar/);
    const parsed = events(response.text);
    expect(parsed).toHaveLength(23);
    expect(new Set(parsed.map((event) => event.uid)).size).toBe(23);
    for (const stop of tour.stops) {
      const event = parsed.find((e) => e.uid.startsWith(`tour-stop-${stop.id}@`))!;
      expect(event.summary).toContain(stop.territoryName);
      expect(event.startDate.toJSDate().getTime()).toBe(
        wallTime(stop.day, stop.startsAt).getTime(),
      );
      expect(event.endDate.toJSDate().getTime()).toBe(wallTime(stop.day, stop.endsAt).getTime());
      expect(event.location).toContain(stop.place.name);
    }
  });

  it('serves one stop for "add to my calendar", at its Paris times', async () => {
    const stop = tour.stops.find((s) => s.territoryCode === 'bv-18-vierzon')!;
    const response = await t.http().get(`/api/tour-stops/${stop.id}/calendar.ics`).expect(200);
    expect(response.headers['content-disposition']).toMatch(/attachment/);
    const [event] = events(response.text);
    // A wall-clock time in Paris is UTC+1 in winter, UTC+2 in summer.
    const start = event.startDate.toJSDate();
    const offset = start.getUTCMonth() >= 3 && start.getUTCMonth() <= 9 ? 2 : 1;
    expect(start.getUTCHours()).toBe(Number(stop.startsAt.slice(0, 2)) - offset);
    expect(String(event.component.getFirstPropertyValue('url'))).toBe(
      `http://localhost:3000/tour/stops/${stop.id}`,
    );
  });

  it('answers a JSON 404 for an unknown tour or stop', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const tourResponse = await t.http().get(`/api/tours/${missing}/calendar.ics`).expect(404);
    expect(tourResponse.headers['content-type']).toMatch(/json/);
    await t.http().get(`/api/tour-stops/${missing}/calendar.ics`).expect(404);
  });
});

describe('wallTime', () => {
  it('turns Paris wall-clock times into instants across the changes of offset', () => {
    expect(wallTime('2026-01-15', '09:00').toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(wallTime('2026-07-15', '09:00').toISOString()).toBe('2026-07-15T07:00:00.000Z');
    expect(wallTime('2026-03-29', '12:00').toISOString()).toBe('2026-03-29T10:00:00.000Z');
    expect(wallTime('2026-10-25', '12:00').toISOString()).toBe('2026-10-25T11:00:00.000Z');
  });
});
