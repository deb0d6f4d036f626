import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  IDEA_CATEGORY_MAX_LENGTH,
  IDEA_MAX_LENGTH,
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
import { DomainError } from '../common/domain-error';
import { IDEA_SELECT, IdeaRow, toIdeaView } from './live-views';
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

/**
 * Posting ideas, the live protocol's core: durable before acknowledged (the result is
 * returned after the transaction commits), idempotent on the phone's clientId, and each new
 * idea recorded as an ordered event in the same transaction.
 */
@Injectable()
export class IdeasService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly log: WorkshopEventLog,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly choices: ChoicesService,
    private readonly paper: PaperParticipantsService,
  ) {}

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
      const [row]: IdeaRow[] = await manager.query(
        `${IDEA_SELECT} WHERE i.id = $1 AND i.workshop_id = $2 FOR UPDATE OF i`,
        [ideaId, workshopId],
      );
      if (!row) throw new DomainError('not_found', `No idea ${ideaId} in this workshop`);
      if ((row.hidden_at !== null) === hidden) return [];
      await manager.query(`UPDATE ideas SET hidden_at = $2 WHERE id = $1`, [
        ideaId,
        hidden ? this.clock.now() : null,
      ]);
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
      const [merged]: Array<{ n: number }> = await manager.query(
        `SELECT count(*)::int AS n FROM ideas WHERE duplicate_of = $1`,
        [ideaId],
      );
      const tallies = merged.n > 0 ? await this.choices.retallyIdeaVotes(manager, workshopId) : [];
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
    const result = await this.dataSource.transaction(async (manager) => {
      const category = await this.checkActivity(manager, author, activityId, request.category);
      const inserted: Array<{ id: string }> = await manager.query(
        `INSERT INTO ideas (workshop_id, activity_id, participant_id, entered_by, client_id, text, category, origin)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (workshop_id, client_id) DO NOTHING
         RETURNING id`,
        [
          author.workshopId,
          activityId,
          author.participantId,
          author.enteredBy,
          clientId,
          text,
          category,
          author.origin,
        ],
      );
      if (inserted.length === 0) return null; // a concurrent retry of the same clientId won
      const [row]: IdeaRow[] = await manager.query(`${IDEA_SELECT} WHERE i.id = $1`, [
        inserted[0].id,
      ]);
      const idea = toIdeaView(row);
      const event = await this.log.append(manager, author.workshopId, 'idea.posted', idea, row.id);
      return { idea, event };
    });
    if (!result) {
      const existing = await this.findByClientId(author.workshopId, clientId);
      return this.duplicate(existing!, author.participantId);
    }
    // Committed: only now is it acknowledged and fanned out.
    this.log.publish(author.workshopId, [result.event as LiveEvent]);
    return {
      idea: { ...result.idea, ...(author.participantId ? { mine: true } : {}) },
      duplicate: false,
    };
  }

  private async checkActivity(
    manager: EntityManager,
    author: Author,
    activityId: string,
    categoryInput: unknown,
  ): Promise<string | null> {
    const [activity]: Array<{
      kind: string;
      status: string;
      categories: string[];
      workshop_status: string;
    }> = await manager.query(
      `SELECT a.kind, a.status, a.categories, w.status AS workshop_status
       FROM activities a JOIN workshops w ON w.id = a.workshop_id
       WHERE a.id = $1 AND a.workshop_id = $2
       FOR SHARE OF a`,
      [activityId, author.workshopId],
    );
    if (!activity)
      throw new DomainError(
        'not_found',
        'This activity is not part of your workshop',
        'activityId',
      );
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

  private async findByClientId(workshopId: string, clientId: string): Promise<IdeaRow | null> {
    const [row]: IdeaRow[] = await this.dataSource.query(
      `${IDEA_SELECT} WHERE i.workshop_id = $1 AND i.client_id = $2`,
      [workshopId, clientId],
    );
    return row ?? null;
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
