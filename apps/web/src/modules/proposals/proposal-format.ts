import type { ProposalSummary } from '@permanente/contracts';
import type { MessageKey } from '@web/i18n/i18n-types';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const KNOWN_STATES = [
  'accepted',
  'partly_accepted',
  'under_study',
  'rejected',
  'already_existing',
] as const;
type KnownState = (typeof KNOWN_STATES)[number];
const isKnownState = (state: string): state is KnownState =>
  (KNOWN_STATES as readonly string[]).includes(state);

/** An answer state's label; states a campaign added itself are shown as written. */
export function stateLabel(state: string, t: Translate): string {
  return isKnownState(state) ? t(`proposals.state.${state}`) : state.replace(/_/g, ' ');
}

/** `3 mars 2026` in French, `3 March 2026` in English. */
export function formatDay(iso: string | null, locale: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Paris',
  }).format(new Date(iso));
}

/** Days left before the due date (negative when overdue), counted from `now`. */
export function daysLeft(summary: Pick<ProposalSummary, 'answerDueAt'>, now: Date): number | null {
  if (!summary.answerDueAt) return null;
  return Math.ceil((new Date(summary.answerDueAt).getTime() - now.getTime()) / 86_400_000);
}
