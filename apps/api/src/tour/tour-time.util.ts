/** The tour's days are those of the region: "today" is the date in Europe/Paris. */
export const TOUR_TIME_ZONE = 'Europe/Paris';

/** `YYYY-MM-DD` of `at` in the tour's time zone. */
export function dayIn(at: Date, timeZone = TOUR_TIME_ZONE): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** PostgreSQL's `time` comes back as `HH:MM:SS`: the API speaks `HH:MM`. */
export function hhmm(time: string): string {
  return time.slice(0, 5);
}

export function timing(day: string, today: string): 'past' | 'today' | 'upcoming' {
  if (day < today) return 'past';
  return day === today ? 'today' : 'upcoming';
}
