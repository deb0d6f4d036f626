import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  IDEA_CATEGORY_MAX_LENGTH,
  IDEA_MAX_LENGTH,
  type IdeaView,
  type LiveEvent,
  type PaperIdeaRequest,
  type PostIdeaRequest,
  type PostIdeaResponse,
} from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import type { ParticipantActor, StaffActor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { CLOCK, Clock } from '../common/clock';
import { RATE_LIMITER, RateLimiter } from '../common/rate-limiter';
import { PaperParticipantsService } from '../participants/paper-participants.service';
import { ChoicesService } from './choices.service';
import { GroupCommit, type Outcome } from './group-commit';
import { DomainError } from '../common/domain-error';
import { IdeasRepository } from './ideas.repository';
import { IdeaRow, toIdeaView } from './live-views';
import { cleanText, requireUuid } from './text.util';
import { WorkshopEventLog } from './workshop-event-log.service';

/** Ideas a participant may post per sliding minute: far above what a person types. */
export const IDEAS_PER_PARTICIPANT_PER_MINUTE = 20;

interface Author {
  workshopId: string;
  participantId: string | null;
  enteredBy: string | null;
  origin: 'phone' | 'paper';
}

/** New ideas of a workshop are written together at most this many per transaction… */
export const IDEA_BATCH_MAX = 200;
/** …and an idle workshop's first idea waits this long for company (milliseconds). */
export const IDEA_BATCH_DELAY_MS = 2;

/** An idea queued for its workshop's next batch (text cleaned, ids checked, lower case). */
interface PendingIdea {
  author: Author;
  clientId: string;
  activityId: string;
  text: string;
  category: unknown;
}

/** What the batch did with an idea: stored now, a repeat of one in the batch, or stored before. */
type BatchResult =
  | { kind: 'stored'; idea: IdeaView; event: LiveEvent; row: IdeaRow }
  | { kind: 'duplicate'; row: IdeaRow }
  | { kind: 'taken' };

interface ActivityCheck {
  kind: string;
  status: string;
  categories: string[];
  workshop_status: string;
}

/** Whether this activity takes this author's idea now; the category it is filed under. */
function checkActivity(
  activity: ActivityCheck | undefined,
  author: Author,
  categoryInput: unknown,
): string | null {
  if (!activity)
    throw new DomainError('not_found', 'This activity is not part of your workshop', 'activityId');
  if (activity.kind !== 'idea_board')
    throw new DomainError('invalid', 'This activity does not take ideas', 'activityId');
  if (author.origin === 'phone') {
    if (activity.workshop_status !== 'live')
      throw new DomainError('closed', 'The workshop is not running');
    if (activity.status !== 'open') throw new DomainError('closed', 'This activity is not open');
  } else if (activity.workshop_status === 'draft') {
    throw new DomainError('closed', 'The workshop is still a draft');
  }
  if (categoryInput === undefined || categoryInput === null || categoryInput === '') return null;
  const category = cleanText(categoryInput, 'category', IDEA_CATEGORY_MAX_LENGTH);
  if (activity.categories.length > 0 && !activity.categories.includes(category)) {
    throw new DomainError(
      'invalid',
      `category must be one of: ${activity.categories.join(', ')}`,
      'category',
    );
  }
  return category;
}

/**
 * Posting ideas, the live protocol's core: durable before acknowledged (the result is
 * returned after the transaction commits), idempotent on the phone's clientId, and each new
 * idea recorded as an ordered event in the same transaction. The ideas of a workshop go
 * through its batching writer (group commit, see GroupCommit): one transaction and one
 * acquisition of the event counter's lock per batch, so a room of thousands of phones queues
 * in this process rather than on the pool's connections.
 */
@Injectable()
export class IdeasService implements OnModuleDestroy {
  private readonly writer: GroupCommit<PendingIdea, BatchResult>;
  /** Whether a clientId is stored already: read for many phones at once, off the writer. */
  private readonly lookups: GroupCommit<string, IdeaRow | null>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly log: WorkshopEventLog,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly choices: ChoicesService,
    private readonly paper: PaperParticipantsService,
    private readonly repository: IdeasRepository,
  ) {
    this.writer = new GroupCommit({
      dataSource,
      maxBatch: IDEA_BATCH_MAX,
      delayMs: IDEA_BATCH_DELAY_MS,
      // Batches of one workshop would only queue on its counter lock: one at a time.
      concurrency: 1,
      write: (manager, workshopId, items) => this.writeBatch(manager, workshopId, items),
      committed: (workshopId, outcomes) => {
        // Committed: fanned out now, in seq order, before any acknowledgement of the batch.
        const events = outcomes.flatMap((o) =>
          o.ok && o.value.kind === 'stored' ? [o.value.event] : [],
        );
        this.log.publish(workshopId, events);
      },
    });
    this.lookups = new GroupCommit({
      dataSource,
      maxBatch: IDEA_BATCH_MAX,
      delayMs: IDEA_BATCH_DELAY_MS,
      concurrency: 2,
      transactional: false,
      write: async (manager, workshopId, clientIds) => {
        const rows = await this.repository.byClientIds(manager, workshopId, clientIds);
        const byClientId = new Map(rows.map((row) => [row.client_id, row]));
        return clientIds.map((id) => ({ ok: true, value: byClientId.get(id) ?? null }));
      },
    });
  }

  onModuleDestroy(): void {
    this.writer.close();
    this.lookups.close();
  }

  /** A participant posts from its phone. */
  async postFromPhone(
    actor: ParticipantActor,
    request: PostIdeaRequest,
  ): Promise<PostIdeaResponse> {
    const clientId = requireUuid(request?.clientId, 'clientId');
    const existing = await this.findByClientId(actor.workshopId, clientId);
    if (existing) return this.duplicate(existing, actor.participantId);
    const decision = await this.limiter.consume(
      `ideas:participant:${actor.participantId}`,
      IDEAS_PER_PARTICIPANT_PER_MINUTE,
      60_000,
    );
    if (!decision.allowed)
      throw new DomainError(
        'rate_limited',
        'Too many ideas in a minute: wait a little',
        undefined,
        {
          retryAfterMs: decision.retryAfterMs,
        },
      );
    return this.post(
      {
        workshopId: actor.workshopId,
        participantId: actor.participantId,
        enteredBy: null,
        origin: 'phone',
      },
      clientId,
      request,
    );
  }

  /**
   * A facilitator types in an idea written on paper in the room, with the writer's optional
   * profile from the sheet: the writer then counts as a paper participant (docs/coverage.md),
   * recorded under the idea's clientId, so a retry records the writer once.
   */
  async postFromPaper(
    actor: StaffActor,
    workshopId: string,
    request: PaperIdeaRequest,
  ): Promise<PostIdeaResponse> {
    await this.access.assertRunsWorkshop(actor, workshopId);
    const clientId = requireUuid(request?.clientId, 'clientId');
    const writer =
      request.writer !== undefined
        ? await this.paper.check(request.writer, request.writerConsent, 'body.writer')
        : null;
    const existing = await this.findByClientId(workshopId, clientId);
    const result = existing
      ? this.duplicate(existing, null)
      : await this.post(
          { workshopId, participantId: null, enteredBy: actor.userId, origin: 'paper' },
          clientId,
          request,
        );
    if (writer) await this.paper.store(actor, workshopId, clientId, writer);
    return result;
  }

  /** Moderation: hidden ideas never reach participants; the change is audit-logged. */
  async setHidden(
    actor: StaffActor,
    workshopId: string,
    ideaId: string,
    hidden: boolean,
  ): Promise<void> {
    await this.access.assertRunsWorkshop(actor, workshopId);
    const events = await this.dataSource.transaction(async (manager) => {
      const row = await this.repository.lock(manager, workshopId, ideaId);
      if (!row) throw new DomainError('not_found', `No idea ${ideaId} in this workshop`);
      if ((row.hidden_at !== null) === hidden) return [];
      await this.repository.setHidden(manager, ideaId, hidden ? this.clock.now() : null);
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: hidden ? 'idea.hide' : 'idea.restore',
        targetType: 'idea',
        targetId: ideaId,
        details: { workshopId, text: row.text },
      });
      const event = hidden
        ? await this.log.append(manager, workshopId, 'idea.hidden', { ideaId }, ideaId)
        : await this.log.append(
            manager,
            workshopId,
            'idea.restored',
            toIdeaView({ ...row, hidden_at: null }),
            ideaId,
          );
      // The dots on this idea's duplicates count for it only while it is shown.
      const merged = await this.repository.duplicatesOf(manager, ideaId);
      const tallies = merged > 0 ? await this.choices.retallyIdeaVotes(manager, workshopId) : [];
      return [event, ...tallies];
    });
    this.log.publish(workshopId, events);
  }

  private async post(
    author: Author,
    clientId: string,
    request: PostIdeaRequest,
  ): Promise<PostIdeaResponse> {
    const activityId = requireUuid(request.activityId, 'activityId');
    const text = cleanText(request.text, 'text', IDEA_MAX_LENGTH);
    // Queued for this workshop's next batch: settled once that batch committed.
    const result = await this.writer.submit(author.workshopId, {
      author,
      clientId: clientId.toLowerCase(),
      activityId: activityId.toLowerCase(),
      text,
      category: request.category,
    });
    if (result.kind === 'taken') {
      // Another instance (or an earlier batch) stored this clientId first.
      const existing = await this.findByClientId(author.workshopId, clientId);
      return this.duplicate(existing!, author.participantId);
    }
    if (result.kind === 'duplicate') return this.duplicate(result.row, author.participantId);
    return {
      idea: { ...result.idea, ...(author.participantId ? { mine: true } : {}) },
      duplicate: false,
    };
  }

  /**
   * One batch of new ideas of a workshop, in one transaction: the activities read (and
   * share-locked) once, the ideas inserted in one statement (a clientId already stored is
   * skipped), then their events appended with one acquisition of the counter lock, in the
   * batch's order. Locks are taken in the order of a single post: activity, workshop, counter.
   */
  private async writeBatch(
    manager: EntityManager,
    workshopId: string,
    items: PendingIdea[],
  ): Promise<Array<Outcome<BatchResult>>> {
    const outcomes: Array<Outcome<BatchResult> | undefined> = items.map(() => undefined);
    const activities = await this.repository.lockActivities(
      manager,
      workshopId,
      items.map((item) => item.activityId),
    );
    const byId = new Map(activities.map((a) => [a.id, a]));
    // The first item of each clientId is written; a repeat in the same batch gets its answer.
    const firstOf = new Map<string, number>();
    const toInsert: Array<{ index: number; category: string | null }> = [];
    items.forEach((item, index) => {
      if (firstOf.has(item.clientId)) return;
      firstOf.set(item.clientId, index);
      try {
        const category = checkActivity(byId.get(item.activityId), item.author, item.category);
        toInsert.push({ index, category });
      } catch (error) {
        outcomes[index] = { ok: false, error };
      }
    });
    const inserted = await this.repository.insertMany(
      manager,
      workshopId,
      toInsert.map(({ index, category }) => ({
        activityId: items[index].activityId,
        participantId: items[index].author.participantId,
        enteredBy: items[index].author.enteredBy,
        clientId: items[index].clientId,
        text: items[index].text,
        category,
        origin: items[index].author.origin,
      })),
    );
    const idOf = new Map(inserted.map((row) => [row.client_id, row.id]));
    const rows = await this.repository.byIds(
      manager,
      inserted.map((row) => row.id),
    );
    const rowById = new Map(rows.map((row) => [row.id, row]));
    const stored: Array<{ index: number; row: IdeaRow }> = [];
    for (const { index } of toInsert) {
      const id = idOf.get(items[index].clientId);
      if (id) stored.push({ index, row: rowById.get(id)! });
      else outcomes[index] = { ok: true, value: { kind: 'taken' } };
    }
    const events = await this.log.appendMany(
      manager,
      workshopId,
      stored.map(({ row }) => ({ type: 'idea.posted', data: toIdeaView(row), subjectId: row.id })),
    );
    stored.forEach(({ index, row }, i) => {
      outcomes[index] = {
        ok: true,
        value: { kind: 'stored', idea: toIdeaView(row), event: events[i], row },
      };
    });
    // Repeats within the batch: the answer of their first.
    items.forEach((item, index) => {
      if (outcomes[index]) return;
      const first = outcomes[firstOf.get(item.clientId)!]!;
      outcomes[index] =
        first.ok && first.value.kind === 'stored'
          ? { ok: true, value: { kind: 'duplicate', row: first.value.row } }
          : first;
    });
    return outcomes as Array<Outcome<BatchResult>>;
  }

  /** Asked together with the other lookups of the workshop in flight (one query a batch). */
  private findByClientId(workshopId: string, clientId: string): Promise<IdeaRow | null> {
    return this.lookups.submit(workshopId, clientId.toLowerCase());
  }

  /** The first result again; a clientId is only ever its author's. */
  private duplicate(row: IdeaRow, participantId: string | null): PostIdeaResponse {
    if (participantId !== null && row.participant_id !== participantId) {
      throw new DomainError(
        'conflict',
        'This clientId belongs to another contribution',
        'clientId',
      );
    }
    return {
      idea: toIdeaView(row, participantId ? { viewerParticipantId: participantId } : {}),
      duplicate: true,
    };
  }
}
