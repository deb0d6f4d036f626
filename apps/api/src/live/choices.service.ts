import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type ActivityKind,
  type AnswerPollRequest,
  type ChoiceResponse,
  type LiveEvent,
  type PlaceOnSpectrumRequest,
  type SetDotsRequest,
} from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import type { ParticipantActor } from '../auth/actor';
import { RATE_LIMITER, RateLimiter } from '../common/rate-limiter';
import {
  AlreadyRecorded,
  prepareDots,
  preparePollAnswer,
  preparePosition,
  writeChoiceBatch,
  type ChoiceResult,
  type PendingChoice,
  type Prepared,
} from './choice-batch';
import type { OpenActivity } from './choice-batch.repository';
import { GroupCommit } from './group-commit';
import { DomainError } from '../common/domain-error';
import { activityResults } from './choice-results';
import { ChoicesRepository, type OperationRow } from './choices.repository';
import { requireUuid } from './text.util';
import { WorkshopEventLog } from './workshop-event-log.service';

/** Choice changes a participant may make per sliding minute (moving dots, moving on a spectrum). */
export const CHOICES_PER_PARTICIPANT_PER_MINUTE = 60;

/** Choices of a workshop are written together at most this many per transaction… */
export const CHOICE_BATCH_MAX = 100;
/** …an idle workshop's first choice waits this long for company (milliseconds)… */
export const CHOICE_BATCH_DELAY_MS = 2;
/** …and at most this many batches of a workshop are written at a time (they take no counter lock). */
export const CHOICE_BATCH_CONCURRENCY = 3;

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
    private readonly repository: ChoicesRepository,
  ) {
    this.writer = new GroupCommit({
      dataSource,
      maxBatch: CHOICE_BATCH_MAX,
      delayMs: CHOICE_BATCH_DELAY_MS,
      concurrency: CHOICE_BATCH_CONCURRENCY,
      write: (manager, workshopId, items) => writeChoiceBatch(manager, workshopId, items),
    });
    this.lookups = new GroupCommit({
      dataSource,
      maxBatch: 500,
      delayMs: CHOICE_BATCH_DELAY_MS,
      concurrency: 2,
      transactional: false,
      write: async (manager, workshopId, clientIds) => {
        const rows = await this.repository.operations(manager, workshopId, clientIds);
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
    const votes = await this.repository.ideaVotesWithDots(manager, workshopId);
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
    return this.change(actor, request, 'dot_vote', prepareDots(request));
  }

  placeOnSpectrum(
    actor: ParticipantActor,
    request: PlaceOnSpectrumRequest,
  ): Promise<ChoiceResponse> {
    return this.change(actor, request, 'spectrum', preparePosition(request));
  }

  answerPoll(actor: ParticipantActor, request: AnswerPollRequest): Promise<ChoiceResponse> {
    return this.change(actor, request, 'poll', preparePollAnswer(request));
  }

  private async change(
    actor: ParticipantActor,
    request: { clientId: string; activityId: string },
    kind: ActivityKind,
    prepare: (activity: OpenActivity) => Prepared,
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
      .submit(actor.workshopId, { actor, clientId, activityId, kind, prepare })
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
