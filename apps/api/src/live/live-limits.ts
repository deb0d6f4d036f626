import type { LiveClientEvents } from '@permanente/contracts';
import type { ParticipantActor, StaffActor } from '../auth/actor';
import type { WallActor } from './wall-links.service';

export interface LiveBudget {
  /** Events of this kind one person may send in a window… */
  limit: number;
  /** …of this length (whole seconds). */
  windowMs: number;
}

/**
 * How many of each live event one person (a participant, or a staff account) may send, on
 * every socket and every instance together, before any database work is done for it. Far above
 * what a phone does (a sync on each (re)connection and gap, a page at a time; an idea or a
 * choice per tap, its outbox retries included), far below what stalls a room: one phone
 * sending 100 syncs a second got the other phones' acknowledgements from 26 ms to 1.35 s.
 * The domain limits (20 new ideas, 60 choice changes a minute) are counted by the services on
 * top of these. A refusal is acknowledged `rate_limited` with `retryAfterMs`: the phone's
 * outbox sends the item again later, it is never lost.
 */
export const LIVE_EVENT_BUDGETS: Record<keyof LiveClientEvents, LiveBudget> = {
  // The web client syncs on each (re)connection, on a gap still open after 250 ms (at most 4
  // a second in a busy room on several instances) and once per page of a replay.
  'workshop:sync': { limit: 40, windowMs: 10_000 },
  'idea:post': { limit: 30, windowMs: 10_000 },
  'vote:set': { limit: 30, windowMs: 10_000 },
  'spectrum:place': { limit: 30, windowMs: 10_000 },
  'poll:answer': { limit: 30, windowMs: 10_000 },
};

/**
 * Syncs answered with a whole snapshot (a first join, a gap beyond the replay) spend this
 * budget too: a snapshot weighs a workshop's whole board, a page of events a few rows. A phone
 * needs one per (re)connection.
 */
export const LIVE_SNAPSHOT_BUDGET: LiveBudget = { limit: 6, windowMs: 10_000 };

/** Whose budget an event spends: the participant's, or the staff account's. */
export function budgetKey(
  event: keyof LiveClientEvents | 'snapshot',
  actor: ParticipantActor | StaffActor | WallActor,
) {
  const who =
    actor.kind === 'participant'
      ? `p:${actor.participantId}`
      : actor.kind === 'wall'
        ? `w:${actor.linkId}`
        : `s:${actor.userId}`;
  return `live:${event}:${who}`;
}
