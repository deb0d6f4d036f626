import { Inject, Injectable } from '@nestjs/common';
import type {
  ProposalCommentView,
  ProposalNotification,
  PublicSupporterResponse,
  SupportResponse,
} from '@permanente/contracts';
import type { EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { isStaff, type Actor, type StaffActor } from '../auth/actor';
import { hashToken, newSecretToken } from '../auth/tokens.util';
import { CLOCK, Clock } from '../common/clock';
import { RATE_LIMITER, RateLimiter } from '../common/rate-limiter';
import { TooManyRequestsException } from '../common/too-many-requests.exception';
import { EngagementRepository } from './engagement.repository';
import { iso } from './proposal-views';
import { DomainError } from '../common/domain-error';

/** Who supports, follows, comments or reports: one key per identity. */
export interface EngagementIdentity {
  key: string;
  kind: 'participant' | 'staff' | 'public';
  label: string;
}

/** What the controller hands over from the request. */
export interface EngagementCaller {
  actor: Actor;
  supporterToken: string | undefined;
}

const PUBLIC_SUPPORTER_PREFIX = 's1.';
export const SUPPORTERS_PER_IP_PER_HOUR = 20;
const ACTIONS_PER_IDENTITY_PER_HOUR = 120;
const COMMENTS_PER_IDENTITY_PER_HOUR = 20;
const HOUR = 3_600_000;

/**
 * Supports, follows, comments, reports and notifications. Participants (their workshop
 * bearer), staff (session) and the public (a pseudonymous supporter token from a
 * rate-limited route) each act as one identity: one support per identity and proposal.
 */
@Injectable()
export class EngagementService {
  constructor(
    private readonly engagement: EngagementRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
  ) {}

  /** A pseudonymous public identity: no personal data, only the token's hash is stored. */
  async createPublicSupporter(ip: string): Promise<PublicSupporterResponse> {
    const decision = await this.limiter.consume(
      `supporter:ip:${ip}`,
      SUPPORTERS_PER_IP_PER_HOUR,
      HOUR,
    );
    if (!decision.allowed)
      throw new TooManyRequestsException(
        'Too many supporter identities from this address: try again later',
        decision.retryAfterMs,
      );
    const secret = newSecretToken();
    await this.engagement.insertPublicSupporter(hashToken(secret), this.clock.now());
    return { token: `${PUBLIC_SUPPORTER_PREFIX}${secret}` };
  }

  /** The caller's identity, or null (anonymous without a valid supporter token). */
  async identify(caller: EngagementCaller): Promise<EngagementIdentity | null> {
    const { actor } = caller;
    if (actor.kind === 'participant')
      return {
        key: `participant:${actor.participantId}`,
        kind: 'participant',
        label: 'Participant·e',
      };
    if (actor.kind === 'staff') {
      const user = await this.engagement.staffName(actor.userId);
      return {
        key: `staff:${actor.userId}`,
        kind: 'staff',
        label: user.office ? `${user.display_name}, ${user.office}` : user.display_name,
      };
    }
    const token = caller.supporterToken;
    if (!token?.startsWith(PUBLIC_SUPPORTER_PREFIX)) return null;
    const id = await this.engagement.publicSupporterId(
      hashToken(token.slice(PUBLIC_SUPPORTER_PREFIX.length)),
    );
    return id ? { key: `public:${id}`, kind: 'public', label: 'Citoyen·ne' } : null;
  }

  private async required(caller: EngagementCaller): Promise<EngagementIdentity> {
    const identity = await this.identify(caller);
    if (!identity)
      throw new DomainError(
        'unauthorized',
        'Join a workshop, sign in, or get a supporter identity (POST /api/proposals/supporters) first',
      );
    return identity;
  }

  private async limit(identity: EngagementIdentity, what: string, limit: number): Promise<void> {
    const decision = await this.limiter.consume(`proposals:${what}:${identity.key}`, limit, HOUR);
    if (!decision.allowed)
      throw new TooManyRequestsException(
        'Too many actions: try again later',
        decision.retryAfterMs,
      );
  }

  /** Supporting twice is one support: the second call changes nothing. Supporters follow. */
  async support(caller: EngagementCaller, proposalId: string): Promise<SupportResponse> {
    const identity = await this.required(caller);
    await this.limit(identity, 'act', ACTIONS_PER_IDENTITY_PER_HOUR);
    return this.engagement.transaction(async (manager) => {
      await this.assertPublic(manager, proposalId, true);
      const created = await this.engagement.addSupport(manager, {
        proposalId,
        key: identity.key,
        kind: identity.kind,
        at: this.clock.now(),
      });
      let count: number;
      if (created) {
        count = await this.engagement.incrementSupports(manager, proposalId);
        await this.followIn(manager, identity, proposalId);
      } else {
        count = await this.engagement.supportsCount(manager, proposalId);
      }
      return { supported: true, created, supportsCount: count };
    });
  }

  async follow(caller: EngagementCaller, proposalId: string): Promise<void> {
    const identity = await this.required(caller);
    await this.limit(identity, 'act', ACTIONS_PER_IDENTITY_PER_HOUR);
    await this.engagement.transaction(async (manager) => {
      await this.assertPublic(manager, proposalId, false);
      await this.followIn(manager, identity, proposalId);
    });
  }

  async unfollow(caller: EngagementCaller, proposalId: string): Promise<void> {
    const identity = await this.required(caller);
    await this.engagement.transaction(async (manager) => {
      await this.assertPublic(manager, proposalId, false);
      await this.engagement.unfollow(manager, proposalId, identity.key);
    });
  }

  private async followIn(
    manager: EntityManager,
    identity: EngagementIdentity,
    proposalId: string,
  ): Promise<void> {
    await this.engagement.follow(manager, proposalId, identity.key, this.clock.now());
  }

  /**
   * Answers and follow-ups on the proposals the caller supports or follows, newest first. A
   * participant also hears of the proposals built from their workshop (`fromWorkshop`): the
   * provenance is public, and it is what the phone's workshop page is about.
   */
  async notifications(caller: EngagementCaller, since?: string): Promise<ProposalNotification[]> {
    const identity = await this.required(caller);
    const workshopId = caller.actor.kind === 'participant' ? caller.actor.workshopId : null;
    const rows = await this.engagement.notifications(identity.key, since ?? null, workshopId);
    return rows.map((row) => ({
      proposalId: row.proposal_id,
      title: row.title,
      kind: row.kind,
      detail: row.detail,
      at: iso(row.at)!,
      fromWorkshop: row.from_workshop,
    }));
  }

  // ---- comments ----

  /** Visible comments; staff whose scope covers the proposal also see hidden ones and reports. */
  async comments(actor: Actor, proposalId: string): Promise<ProposalCommentView[]> {
    const territoryId = await this.assertPublic(this.engagement.manager, proposalId, false);
    const moderator = isStaff(actor) && (await this.access.covers(actor, territoryId));
    const rows = await this.engagement.comments(proposalId, moderator);
    return rows.map((row) => ({
      id: row.id,
      authorLabel: row.author_label,
      text: row.text,
      at: iso(row.created_at)!,
      ...(moderator ? { hidden: row.hidden, reports: row.reports } : {}),
    }));
  }

  async comment(
    caller: EngagementCaller,
    proposalId: string,
    text: string,
  ): Promise<ProposalCommentView> {
    const identity = await this.required(caller);
    await this.limit(identity, 'comment', COMMENTS_PER_IDENTITY_PER_HOUR);
    return this.engagement.transaction(async (manager) => {
      await this.assertPublic(manager, proposalId, false);
      const row = await this.engagement.insertComment(manager, {
        proposalId,
        key: identity.key,
        label: identity.label,
        text: text.trim(),
        at: this.clock.now(),
      });
      await this.followIn(manager, identity, proposalId);
      return {
        id: row.id,
        authorLabel: identity.label,
        text: text.trim(),
        at: iso(row.created_at)!,
      };
    });
  }

  /** Reporting twice counts once. */
  async report(caller: EngagementCaller, proposalId: string, commentId: string): Promise<void> {
    const identity = await this.required(caller);
    await this.limit(identity, 'act', ACTIONS_PER_IDENTITY_PER_HOUR);
    await this.engagement.transaction(async (manager) => {
      await this.assertPublic(manager, proposalId, false);
      await this.findComment(manager, proposalId, commentId);
      await this.engagement.report(manager, commentId, identity.key, this.clock.now());
    });
  }

  /** Facilitators and officials in scope, and organisers, hide or restore a comment (audited). */
  async moderate(
    actor: StaffActor,
    proposalId: string,
    commentId: string,
    hide: boolean,
  ): Promise<void> {
    await this.engagement.transaction(async (manager) => {
      const territoryId = await this.engagement.territoryOf(manager, proposalId);
      if (!territoryId) throw new DomainError('not_found', `No proposal ${proposalId}`);
      await this.access.assertCan(actor, ['facilitator', 'official'], territoryId, manager);
      await this.findComment(manager, proposalId, commentId);
      await this.engagement.setHidden(manager, commentId, hide, this.clock.now(), actor.userId);
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: hide ? 'proposal.comment_hidden' : 'proposal.comment_restored',
        targetType: 'proposal_comment',
        targetId: commentId,
        details: { proposalId },
      });
    });
  }

  private async findComment(
    manager: EntityManager,
    proposalId: string,
    commentId: string,
  ): Promise<void> {
    if (!(await this.engagement.commentExists(manager, proposalId, commentId)))
      throw new DomainError('not_found', `No comment ${commentId} on this proposal`);
  }

  /** 404 for an unknown or draft proposal; returns its territory. */
  private async assertPublic(
    manager: EntityManager,
    proposalId: string,
    forUpdate: boolean,
  ): Promise<string> {
    const row = await this.engagement.visibility(manager, proposalId, forUpdate);
    if (!row || row.status === 'draft')
      throw new DomainError('not_found', `No proposal ${proposalId}`);
    return row.territory_id;
  }
}
