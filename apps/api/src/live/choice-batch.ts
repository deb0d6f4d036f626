import {
  MAX_DOTS,
  type ActivityKind,
  type AnswerPollRequest,
  type DotVoteTarget,
  type MyChoice,
  type PlaceOnSpectrumRequest,
  type SetDotsRequest,
} from '@permanente/contracts';
import type { EntityManager } from 'typeorm';
import type { ParticipantActor } from '../auth/actor';
import { DomainError } from '../common/domain-error';
import {
  batchActivities,
  deleteDots,
  insertDots,
  recordOperations,
  TARGETS,
  upsertAnswers,
  upsertPositions,
  votableTargets,
  type Choosers,
  type OpenActivity,
} from './choice-batch.repository';
import { assertNotCheckedOut } from './checked-out';
import type { Outcome } from './group-commit';
import { requireUuid } from './text.util';

// The batching writer's batch of choices (dot votes, spectrum positions, poll answers) of one
// workshop: checked in memory, then written with a fixed number of statements (see
// writeChoiceBatch, its SQL in choice-batch.repository.ts). ChoicesService queues the choices;
// this writes them.

/** A concurrent retry of the same clientId committed first: undo this one, answer with that. */
export class AlreadyRecorded extends Error {}

/** A choice queued for its workshop's next batch (ids checked, lower case). */
export interface PendingChoice {
  actor: ParticipantActor;
  clientId: string;
  activityId: string;
  kind: ActivityKind;
  /** Checks the choice against its activity (no query): what to write, or a DomainError. */
  prepare: (activity: OpenActivity) => Prepared;
}

/** A choice checked and ready to be written with the rest of its batch. */
export type Prepared =
  | { kind: 'dot_vote'; on: DotVoteTarget; dots: Record<string, number>; mine: MyChoice }
  | { kind: 'spectrum'; position: number; mine: MyChoice }
  | { kind: 'poll'; choices: number[]; mine: MyChoice };

/** A choice written (or a repeat of one in the same batch), and its activity's options. */
export interface ChoiceResult {
  mine: MyChoice;
  options: string[];
  repeat: boolean;
}

/** A dot vote checked against its activity: the participant's dots, replacing its earlier ones. */
export function prepareDots(request: SetDotsRequest): (activity: OpenActivity) => Prepared {
  return (activity) => {
    const raw = request.dots;
    const on: DotVoteTarget = activity.vote_on === 'themes' ? 'themes' : 'ideas';
    const target = TARGETS[on];
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new DomainError(
        'invalid',
        `dots must map ${target.noun} ids to numbers of dots`,
        'dots',
      );
    }
    const dots: Record<string, number> = {};
    for (const [targetId, count] of Object.entries(raw)) {
      requireUuid(targetId, 'dots');
      if (!Number.isInteger(count) || count < 0 || count > MAX_DOTS) {
        throw new DomainError('invalid', `each ${target.noun} gets a whole number of dots`, 'dots');
      }
      if (count > 0) dots[targetId.toLowerCase()] = count;
    }
    // The participant's dots are replaced, not added to: its budget holds for each choice.
    const total = Object.values(dots).reduce((sum, n) => sum + n, 0);
    if (total > activity.dots!)
      throw new DomainError('invalid', `You have ${activity.dots} dots to spend`, 'dots');
    return {
      kind: 'dot_vote',
      on,
      dots,
      mine: { activityId: activity.id, kind: 'dot_vote', dots },
    };
  };
}

/** A place on a spectrum checked against its activity. */
export function preparePosition(
  request: PlaceOnSpectrumRequest,
): (activity: OpenActivity) => Prepared {
  return (activity) => {
    const position = request.position;
    if (!Number.isInteger(position) || position < 1 || position > 5) {
      throw new DomainError(
        'invalid',
        'position goes from 1 (strongly disagree) to 5 (strongly agree)',
        'position',
      );
    }
    return {
      kind: 'spectrum',
      position,
      mine: { activityId: activity.id, kind: 'spectrum', position },
    };
  };
}

/** A poll answer checked against its activity (its choices sorted). */
export function preparePollAnswer(
  request: AnswerPollRequest,
): (activity: OpenActivity) => Prepared {
  return (activity) => {
    const choices = request.choices;
    if (!Array.isArray(choices) || choices.length === 0)
      throw new DomainError('invalid', 'Pick at least one choice', 'choices');
    if (!activity.multiple && choices.length !== 1)
      throw new DomainError('invalid', 'Pick exactly one choice', 'choices');
    if (
      new Set(choices).size !== choices.length ||
      choices.some((c) => !Number.isInteger(c) || c < 0 || c >= activity.options.length)
    ) {
      throw new DomainError(
        'invalid',
        `choices are distinct numbers from 0 to ${activity.options.length - 1}`,
        'choices',
      );
    }
    const sorted = [...choices].sort((a, b) => a - b);
    return {
      kind: 'poll',
      choices: sorted,
      mine: { activityId: activity.id, kind: 'poll', choices: sorted },
    };
  };
}

/** The dots of a prepared dot vote. */
const dotsOf = (prepared: Prepared | undefined): Record<string, number> =>
  prepared?.kind === 'dot_vote' ? prepared.dots : {};

const isDotVoteOn = (prepared: Prepared | undefined, on: DotVoteTarget): boolean =>
  prepared?.kind === 'dot_vote' && prepared.on === on;

/**
 * One batch of choices of a workshop, in one transaction and a fixed number of statements
 * whatever its size: the activities read (and share-locked) once, the kit check once, each
 * choice checked in memory, the targets of all the batch's dots looked up in one query, then
 * each table written by one statement for the whole batch (the voters' old dots deleted in
 * one, their new dots inserted in one, the positions and the answers upserted in one each),
 * and the operations recorded in one. Hundreds of concurrent transactions each share-locking
 * the same activity and key-share-locking the same few ideas (the dots' foreign keys) queued
 * on those rows' locks; a batch takes them once, and a statement per vote (three per dot
 * vote) was most of a batch's time. Choices of one participant on one activity in one batch
 * replace one another in the batch's order, as if written one after the other: the last is
 * stored, and each answers with what it chose (each within the dot budget on its own, since
 * dots are replaced, not added).
 */
export async function writeChoiceBatch(
  manager: EntityManager,
  workshopId: string,
  items: PendingChoice[],
): Promise<Array<Outcome<ChoiceResult>>> {
  const activities = await batchActivities(manager, workshopId, [
    ...new Set(items.map((item) => item.activityId)),
  ]);
  // Choices append no event (their tallies come later), so the event log's check does not
  // see them: a workshop out in a field kit (bus mode) is checked here, once for the batch.
  try {
    await assertNotCheckedOut(manager, workshopId);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return items.map(() => ({ ok: false, error }));
  }
  const byId = new Map(activities.map((a) => [a.id, a]));
  const outcomes: Array<Outcome<ChoiceResult> | undefined> = items.map(() => undefined);
  const prepared: Array<Prepared | undefined> = items.map(() => undefined);
  const firstOf = new Map<string, number>();
  for (const [index, item] of items.entries()) {
    if (firstOf.has(item.clientId)) continue;
    firstOf.set(item.clientId, index);
    try {
      const activity = byId.get(item.activityId);
      if (!activity)
        throw new DomainError(
          'not_found',
          'This activity is not part of your workshop',
          'activityId',
        );
      if (activity.kind !== item.kind)
        throw new DomainError(
          'invalid',
          `This activity is not a ${item.kind.replace('_', ' ')}`,
          'activityId',
        );
      if (activity.workshop_status !== 'live')
        throw new DomainError('closed', 'The workshop is not running');
      if (activity.status !== 'open') throw new DomainError('closed', 'This activity is not open');
      prepared[index] = item.prepare(activity);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      outcomes[index] = { ok: false, error };
    }
  }
  // The dots' targets, all looked up at once: a choice naming one that is not there (or
  // hidden) is refused alone, before anything is written.
  for (const on of ['ideas', 'themes'] as const) {
    const target = TARGETS[on];
    const voting = items.flatMap((_, i) => (isDotVoteOn(prepared[i], on) ? [i] : []));
    const wanted = new Set(voting.flatMap((i) => Object.keys(dotsOf(prepared[i]))));
    if (wanted.size === 0) continue;
    const there = await votableTargets(manager, on, workshopId, [...wanted]);
    for (const i of voting) {
      if (Object.keys(dotsOf(prepared[i])).every((id) => there.has(id))) continue;
      prepared[i] = undefined;
      outcomes[i] = {
        ok: false,
        error: new DomainError(
          'invalid',
          `Some of these ${target.noun}s cannot be voted for`,
          'dots',
        ),
      };
    }
  }
  // What is stored: the last choice of each participant on each activity, written in the
  // order of (activity, participant), so that concurrent batches lock rows in one order.
  const lastOf = new Map<string, number>();
  prepared.forEach((p, i) => {
    if (p) lastOf.set(`${items[i].activityId}/${items[i].actor.participantId}`, i);
  });
  const stored = [...lastOf.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, i]) => i);
  const choosers = (indexes: number[]): Choosers => ({
    activityIds: indexes.map((i) => items[i].activityId),
    participantIds: indexes.map((i) => items[i].actor.participantId),
  });
  for (const on of ['ideas', 'themes'] as const) {
    const voters = stored.filter((i) => isDotVoteOn(prepared[i], on));
    if (voters.length === 0) continue;
    await deleteDots(manager, on, choosers(voters));
    const rows = voters.flatMap((i) =>
      Object.entries(dotsOf(prepared[i])).map(([id, n]) => [i, id, n] as const),
    );
    if (rows.length > 0)
      await insertDots(manager, on, {
        ...choosers(rows.map(([i]) => i)),
        targetIds: rows.map(([, id]) => id),
        dots: rows.map(([, , n]) => n),
      });
  }
  const positions = stored.filter((i) => prepared[i]!.kind === 'spectrum');
  if (positions.length > 0)
    await upsertPositions(manager, {
      ...choosers(positions),
      positions: positions.map((i) => (prepared[i] as { position: number }).position),
    });
  const answers = stored.filter((i) => prepared[i]!.kind === 'poll');
  if (answers.length > 0)
    await upsertAnswers(manager, {
      ...choosers(answers),
      choices: answers.map((i) => (prepared[i] as { choices: number[] }).choices),
    });
  const recorded: number[] = [];
  prepared.forEach((p, i) => {
    if (!p) return;
    outcomes[i] = {
      ok: true,
      value: { mine: p.mine, options: byId.get(items[i].activityId)!.options, repeat: false },
    };
    recorded.push(i);
  });
  if (recorded.length > 0) {
    // The operations are recorded last, with their results: a concurrent retry of the same
    // clientId waits on its row's unique key, then finds it taken and rolls back.
    const taken = await recordOperations(manager, workshopId, {
      clientIds: recorded.map((i) => items[i].clientId),
      participantIds: recorded.map((i) => items[i].actor.participantId),
      results: recorded.map((i) => ({ mine: prepared[i]!.mine })),
    });
    // Which one was taken is for the batch written again one choice at a time to find out.
    if (taken !== recorded.length) throw new AlreadyRecorded();
  }
  // The same clientId twice in the batch: the second gets the first's answer.
  for (const [index, item] of items.entries()) {
    if (outcomes[index]) continue;
    const first = firstOf.get(item.clientId)!;
    const outcome = outcomes[first]!;
    outcomes[index] =
      items[first].actor.participantId !== item.actor.participantId
        ? {
            ok: false,
            error: new DomainError(
              'conflict',
              'This clientId belongs to another contribution',
              'clientId',
            ),
          }
        : outcome.ok
          ? { ok: true, value: { ...outcome.value, repeat: true } }
          : outcome;
  }
  return outcomes as Array<Outcome<ChoiceResult>>;
}
