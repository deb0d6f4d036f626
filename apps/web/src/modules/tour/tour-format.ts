import type { Locale, Translate } from '@web/i18n/i18n-types';
import { ApiError } from '@web/shared/api/http';
import { errorReason } from '@web/shared/api/error-reason';

/** `2026-03-12` → "jeudi 12 mars 2026" (the day as written, no time-zone shift). */
export function formatDay(day: string, locale: Locale, style: 'full' | 'long' = 'full'): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );
}

/** `HH:MM` for French, `h:mm AM` style left to the reader's locale for English. */
export function formatTime(time: string, locale: Locale): string {
  return locale === 'fr' ? time.replace(':', ' h ') : time;
}

const CODES = [
  'overlap',
  'outsideCampaign',
  'notBassinDeVie',
  'unknownTerritory',
  'timeOrder',
  'outsideStop',
  'coordinatesPair',
  'workshopTerritory',
  'unknownWorkshop',
  'notAllStops',
] as const;

/** A failed write, in the reader's language when the API named the rule. */
export function tourErrorReason(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    // The planning page's only conflict: deleting a stop that still has its Fabrik.
    if (error.status === 409) return t('tour.error.conflict');
    if (error.status === 403) return t('tour.error.forbidden');
    const code = error.body?.fields?.[0]?.code;
    const known = CODES.find((candidate) => candidate === code);
    if (known) return t(`tour.error.${known}`);
  }
  return errorReason(error, t);
}
