import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  MAX_DOTS,
  type ActivityKind,
  type AnswerPollRequest,
  type ChoiceResponse,
  type DotVoteTarget,
  type LiveEvent,
  type MyChoice,
  type PlaceOnSpectrumRequest,
  type SetDotsRequest,
} from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import type { ParticipantActor } from '../auth/actor';
import { RATE_LIMITER, RateLimiter } from '../common/rate-limiter';
import { GroupCommit, type Outcome } from './group-commit';
import { DomainError } from '../common/domain-error';
import { assertNotCheckedOut } from './checked-out';
import { activityResults } from './choice-results';
import { requireUuid } from './text.util';
import { WorkshopEventLog } from './workshop-event-log.service';

/** Choice changes a participant may make per sliding minute (moving dots, moving on a spectrum). */
export const CHOICES_PER_PARTICIPANT_PER_MINUTE = 60;

/** Where the dots of a vote on ideas or on themes are kept (fixed identifiers, never input). */
const TARGETS = {
  ideas: {
    noun: 'idea',
    source: 'ideas',
    visible: ' AND hidden_at IS NULL',
    table: 'dot_votes',
    column: 'idea_id',
  },
  themes: {
    noun: 'theme',
    source: 'themes',
    visible: '',
    table: 'theme_dot_votes',
    column: 'theme_id',
  },
} as const;

interface OpenActivity {
  id: string;
  kind: ActivityKind;
  dots: number | null;
  vote_on: DotVoteTarget | null;
  options: string[];
  multiple: boolean;
}

/** A concurrent retry of the same clientId committed first: undo this one, answer with that. */
class AlreadyRecorded extends Error {}

/** Choices of a workshop are written together at most this many per transaction… */
export const CHOICE_BATCH_MAX = 100;
/** …an idle workshop's first choice waits this long for company (milliseconds)… */
export const CHOICE_BATCH_DELAY_MS = 2;
/** …and at most this many batches of a workshop are written at a time (they take no counter lock). */
export const CHOICE_BATCH_CONCURRENCY = 3;

/** A choice queued for its workshop's next batch (ids checked, lower case). */
interface PendingChoice {
  actor: ParticipantActor;
  clientId: string;
  activityId: string;
  kind: ActivityKind;
  apply: (manager: EntityManager, activity: OpenActivity) => Promise<MyChoice>;
}

/** A choice written (or a repeat of one in the same batch), and its activity's options. */
interface ChoiceResult {
  mine: MyChoice;
  options: string[];
  repeat: boolean;
}

interface OperationRow {
  client_id: string;
  participant_id: string;
  result: { mine: MyChoice };
}

/** Activities whose participants make choices, and so have results. */
const CHOICE_KINDS: ActivityKind[] = ['dot_vote', 'spectrum', 'poll'];

/**
 * A room's new results are sent at most this often per activity: a tally goes to every phone,
 * so one tally per vote would cost votes × phones deliveries (2,000 phones voting within a
 * minute: 4 million), whereas the phones only need to see the results move.
 */
export const TALLY_INTERVAL_MS = 200;

/**
 * Dot votes, the débat mouvant (spectrum) and polls: a participant's current choice, which it
 * may change while the activity is open. Same protocol as ideas: acknowledged after commit,
 * idempotent on clientId (the first result is kept in live_operations). The choice itself is
 * not an event: the activity's new results are, as an ordered `results.updated` event
 * appended at most every TALLY_INTERVAL_MS per activity after the choices that changed them
 * (and once more when the activity closes), so that votes do not queue one by one behind the
 * workshop's event counter, and a room's phones get a few tallies a second, not one per vote.
 */
@Injectable()
export class ChoicesService implements OnModuleDestroy {
  private readonly tallies = new Map<string, 'waiting' | 'running' | 'again'>();
  private readonly tallyTimers = new Set<NodeJS.Timeout>();
  private readonly logger = new Logger('ChoicesService');
  /** The batching writer of choices (group commit, see GroupCommit). */
  private readonly writer: GroupCommit<PendingChoice, ChoiceResult>;
  /** Whether a clientId was recorded already: read for many phones at once. */
  private readonly lookups: GroupCommit<string, OperationRow | null>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly log: WorkshopEventLog,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
  ) {
    this.writer = new GroupCommit({
      dataSource,
      maxBatch: CHOICE_BATCH_MAX,
      delayMs: CHOICE_BATCH_DELAY_MS,
      concurrency: CHOICE_BATCH_CONCURRENCY,
      write: (manager, workshopId, items) => this.writeBatch(manager, workshopId, items),
    });
    this.lookups = new GroupCommit({
      dataSource,
      maxBatch: 500,
      delayMs: CHOICE_BATCH_DELAY_MS,
      concurrency: 2,
      transactional: false,
      write: async (manager, workshopId, clientIds) => {
        const rows: OperationRow[] = await manager.query(
          `SELECT client_id, participant_id, result FROM live_operations
           WHERE workshop_id = $1 AND client_id = ANY($2::uuid[])`,
          [workshopId, [...new Set(clientIds)]],
        );
        const byClientId = new Map(rows.map((row) => [row.client_id, row]));
        return clientIds.map((id) => ({ ok: true, value: byClientId.get(id) ?? null }));
      },
    });
  }

  onModuleDestroy(): void {
    this.writer.close();
    this.lookups.close();
    for (const timer of this.tallyTimers) clearTimeout(timer);
  }

  /**
   * Appends the activity's results as a `results.updated` event in the caller's transaction
   * (read under the workshop's event lock, see appendComputed); null for an activity without
   * choices.
   */
  async tallyEvent(
    manager: EntityManager,
    workshopId: string,
    activity: { id: string; kind: ActivityKind; options: string[] },
  ): Promise<LiveEvent | null> {
    if (!CHOICE_KINDS.includes(activity.kind)) return null;
    return this.log.appendComputed(
      manager,
      workshopId,
      'results.updated',
      async () => (await activityResults(manager, activity.id, activity.kind, activity.options))!,
      activity.id,
    );
  }

  /**
   * What the dots on ideas count for changed (a merge, an un-merge, an original hidden or shown
   * again: see `results`): every dot vote on ideas of the workshop that has dots gets its new
   * tally, in the caller's transaction.
   */
  async retallyIdeaVotes(manager: EntityManager, workshopId: string): Promise<LiveEvent[]> {
    const votes: Array<{ id: string; options: string[] }> = await manager.query(
      `SELECT a.id, a.options FROM activities a
       WHERE a.workshop_id = $1 AND a.kind = 'dot_vote' AND a.vote_on IS DISTINCT FROM 'themes'
         AND EXISTS (SELECT 1 FROM dot_votes v WHERE v.activity_id = a.id)
       ORDER BY a.position`,
      [workshopId],
    );
    const events: LiveEvent[] = [];
    for (const vote of votes) {
      const tally = await this.tallyEvent(manager, workshopId, {
        id: vote.id,
        kind: 'dot_vote',
        options: vote.options,
      });
      if (tally) events.push(tally);
    }
    return events;
  }

  /**
   * After a choice committed: one tally for this activity within TALLY_INTERVAL_MS, however
   * many choices arrive meanwhile. A choice arriving while a tally is being read triggers one
   * more, so the last tally always counts the last choice.
   */
  private scheduleTally(
    workshopId: string,
    activity: { id: string; kind: ActivityKind; options: string[] },
  ): void {
    const state = this.tallies.get(activity.id);
    if (state === 'running') this.tallies.set(activity.id, 'again');
    if (state) return;
    this.tallies.set(activity.id, 'waiting');
    const timer = setTimeout(() => {
      this.tallyTimers.delete(timer);
      this.tallies.set(activity.id, 'running');
      this.dataSource
        .transaction((manager) => this.tallyEvent(manager, workshopId, activity))
        .then(
          (event) => event && this.log.publish(workshopId, [event]),
          (error: unknown) =>
            // The choices are stored; the next choice or the activity's close tallies them.
            this.logger.warn(`tally of ${activity.id} not sent: ${String(error)}`),
        )
        .finally(() => {
          const again = this.tallies.get(activity.id) === 'again';
          this.tallies.delete(activity.id);
          if (again) this.scheduleTally(workshopId, activity);
        });
    }, TALLY_INTERVAL_MS);
    this.tallyTimers.add(timer);
  }

  setDots(actor: ParticipantActor, request: SetDotsRequest): Promise<ChoiceResponse> {
    return this.change(actor, request, 'dot_vote', async (manager, activity) => {
      const raw = request.dots;
      const target = activity.vote_on === 'themes' ? TARGETS.themes : TARGETS.ideas;
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
          throw new DomainError(
            'invalid',
            `each ${target.noun} gets a whole number of dots`,
            'dots',
          );
        }
        if (count > 0) dots[targetId.toLowerCase()] = count;
      }
      const total = Object.values(dots).reduce((sum, n) => sum + n, 0);
      if (total > activity.dots!)
        throw new DomainError('invalid', `You have ${activity.dots} dots to spend`, 'dots');
      const ids = Object.keys(dots);
      if (ids.length > 0) {
        const found: Array<{ id: string }> = await manager.query(
          `SELECT id FROM ${target.source} WHERE workshop_id = $1 AND id = ANY($2::uuid[])${target.visible}`,
          [actor.workshopId, ids],
        );
        if (found.length !== ids.length)
          throw new DomainError(
            'invalid',
            `Some of these ${target.noun}s cannot be voted for`,
            'dots',
          );
      }
      await manager.query(
        `DELETE FROM ${target.table} WHERE activity_id = $1 AND participant_id = $2`,
        [activity.id, actor.participantId],
      );
      if (ids.length > 0)
        await manager.query(
          `INSERT INTO ${target.table} (activity_id, participant_id, ${target.column}, dots)
           SELECT $1, $2, target, n FROM unnest($3::uuid[], $4::int[]) AS t(target, n)`,
          [activity.id, actor.participantId, ids, ids.map((id) => dots[id])],
        );
      return { activityId: activity.id, kind: 'dot_vote', dots };
    });
  }

  placeOnSpectrum(
    actor: ParticipantActor,
    request: PlaceOnSpectrumRequest,
  ): Promise<ChoiceResponse> {
    return this.change(actor, request, 'spectrum', async (manager, activity) => {
      const position = request.position;
      if (!Number.isInteger(position) || position < 1 || position > 5) {
        throw new DomainError(
          'invalid',
          'position goes from 1 (strongly disagree) to 5 (strongly agree)',
          'position',
        );
      }
      await manager.query(
        `INSERT INTO spectrum_positions (activity_id, participant_id, position) VALUES ($1, $2, $3)
         ON CONFLICT (activity_id, participant_id) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
        [activity.id, actor.participantId, position],
      );
      return { activityId: activity.id, kind: 'spectrum', position };
    });
  }

  answerPoll(actor: ParticipantActor, request: AnswerPollRequest): Promise<ChoiceResponse> {
    return this.change(actor, request, 'poll', async (manager, activity) => {
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
      await manager.query(
        `INSERT INTO poll_answers (activity_id, participant_id, choices) VALUES ($1, $2, $3)
         ON CONFLICT (activity_id, participant_id) DO UPDATE SET choices = EXCLUDED.choices, updated_at = now()`,
        [activity.id, actor.participantId, sorted],
      );
      return { activityId: activity.id, kind: 'poll', choices: sorted };
    });
  }

  private async change(
    actor: ParticipantActor,
    request: { clientId: string; activityId: string },
    kind: ActivityKind,
    apply: (manager: EntityManager, activity: OpenActivity) => Promise<MyChoice>,
  ): Promise<ChoiceResponse> {
    const clientId = requireUuid(request?.clientId, 'clientId').toLowerCase();
    const earlier = await this.earlierResult(actor, clientId);
    if (earlier) return earlier;
    const activityId = requireUuid(request.activityId, 'activityId').toLowerCase();
    const decision = await this.limiter.consume(
      `choices:participant:${actor.participantId}`,
      CHOICES_PER_PARTICIPANT_PER_MINUTE,
      60_000,
    );
    if (!decision.allowed)
      throw new DomainError(
        'rate_limited',
        'Too many changes in a minute: wait a little',
        undefined,
        {
          retryAfterMs: decision.retryAfterMs,
        },
      );
    const outcome = await this.writer
      .submit(actor.workshopId, { actor, clientId, activityId, kind, apply })
      .catch(async (error: unknown) => {
        // A concurrent retry of this clientId committed first (here, or as a unique violation
        // on the same dots): its result is the answer.
        if (error instanceof AlreadyRecorded) return null;
        if (!(error instanceof DomainError) && (await this.earlierResult(actor, clientId)))
          return null;
        throw error;
      });
    if (!outcome) return (await this.earlierResult(actor, clientId))!;
    if (outcome.repeat) return { mine: outcome.mine, duplicate: true };
    this.scheduleTally(actor.workshopId, { id: activityId, kind, options: outcome.options });
    return { mine: outcome.mine, duplicate: false };
  }

  /**
   * One batch of choices of a workshop, in one transaction: the activities read (and
   * share-locked) once, each choice applied in order on this one connection, their operations
   * recorded in one statement. Hundreds of concurrent transactions each share-locking the same
   * activity and key-share-locking the same few ideas (the dots' foreign keys) queued on those
   * rows' locks; a batch takes them once.
   */
  private async writeBatch(
    manager: EntityManager,
    workshopId: string,
    items: PendingChoice[],
  ): Promise<Array<Outcome<ChoiceResult>>> {
    const activities: Array<OpenActivity & { status: string; workshop_status: string }> =
      await manager.query(
        `SELECT a.id, a.kind, a.dots, a.vote_on, a.options, a.multiple, a.status, w.status AS workshop_status
         FROM activities a JOIN workshops w ON w.id = a.workshop_id
         WHERE a.id = ANY($1::uuid[]) AND a.workshop_id = $2
         ORDER BY a.id
         FOR SHARE OF a`,
        [[...new Set(items.map((item) => item.activityId))], workshopId],
      );
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
    const firstOf = new Map<string, number>();
    const recorded: number[] = [];
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
        if (activity.status !== 'open')
          throw new DomainError('closed', 'This activity is not open');
        // A refusal comes before the choice's first write: the batch goes on without it.
        const mine = await item.apply(manager, activity);
        outcomes[index] = { ok: true, value: { mine, options: activity.options, repeat: false } };
        recorded.push(index);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        outcomes[index] = { ok: false, error };
      }
    }
    if (recorded.length > 0) {
      // The operations are recorded last, with their results: a concurrent retry of the same
      // clientId waits on its row's unique key, then finds it taken and rolls back.
      const taken: unknown[] = await manager.query(
        `INSERT INTO live_operations (workshop_id, client_id, participant_id, result)
         SELECT $1, t.client_id, t.participant_id, t.result
         FROM unnest($2::uuid[], $3::uuid[], $4::jsonb[]) AS t(client_id, participant_id, result)
         ON CONFLICT (workshop_id, client_id) DO NOTHING RETURNING 1`,
        [
          workshopId,
          recorded.map((i) => items[i].clientId),
          recorded.map((i) => items[i].actor.participantId),
          recorded.map((i) => {
            const outcome = outcomes[i]!;
            return JSON.stringify({ mine: outcome.ok ? outcome.value.mine : null });
          }),
        ],
      );
      // Which one was taken is for the batch written again one choice at a time to find out.
      if (taken.length !== recorded.length) throw new AlreadyRecorded();
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

  /** The first result of this clientId, for a retry (looked up with the others in flight). */
  private async earlierResult(
    actor: ParticipantActor,
    clientId: string,
  ): Promise<ChoiceResponse | null> {
    const row = await this.lookups.submit(actor.workshopId, clientId.toLowerCase());
    if (!row) return null;
    if (row.participant_id !== actor.participantId) {
      throw new DomainError(
        'conflict',
        'This clientId belongs to another contribution',
        'clientId',
      );
    }
    return { mine: row.result.mine, duplicate: true };
  }
}
