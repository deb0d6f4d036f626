import { TOUR_TIME_ZONE } from '../tour/tour-time.util';

/** Minutes the zone is ahead of UTC at `at`. */
function offsetMinutes(at: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(at))
      .map((part) => [part.type, Number(part.value)]),
  );
  const asUtc = Date.UTC(
    parts['year'],
    parts['month'] - 1,
    parts['day'],
    parts['hour'],
    parts['minute'],
    parts['second'],
  );
  return Math.round((asUtc - at) / 60_000);
}

/** The instant of a wall-clock `YYYY-MM-DD` and `HH:MM` in the tour's zone (Europe/Paris). */
export function wallTime(day: string, time: string, timeZone = TOUR_TIME_ZONE): Date {
  const [y, m, d] = day.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  let at = guess - offsetMinutes(guess, timeZone) * 60_000;
  // Once more, for a change of offset between the guess and the answer (DST days).
  at = guess - offsetMinutes(at, timeZone) * 60_000;
  return new Date(at);
}
