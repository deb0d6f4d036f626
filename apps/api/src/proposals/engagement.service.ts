import {
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  ProposalCommentView,
  ProposalNotification,
  PublicSupporterResponse,
  SupportResponse,
} from '@permanente/contracts';
import { timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { isStaff, type Actor, type StaffActor } from '../auth/actor';
import { hashToken, newSecretToken } from '../auth/tokens.util';
import { CLOCK, Clock } from '../common/clock';
import { RATE_LIMITER, RateLimiter } from '../common/rate-limiter';
import { returningRows } from '../common/sql.util';
import { TooManyRequestsException } from '../common/too-many-requests.exception';
import { iso } from './proposal-views';

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
  /** For cookie-authenticated staff writes on these public routes. */
  csrfToken: string | undefined;
  write: boolean;
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
    @InjectDataSource() private readonly dataSource: DataSource,
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
    await this.dataSource.query(
      `INSERT INTO public_supporters (token_hash, created_at) VALUES (decode($1, 'hex'), $2)`,
      [hashToken(secret), this.clock.now()],
    );
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
      if (caller.write) assertCsrf(actor, caller.csrfToken);
      const [user]: Array<{ display_name: string; office: string | null }> =
        await this.dataSource.query(`SELECT display_name, office FROM users WHERE id = $1`, [
          actor.userId,
        ]);
      return {
        key: `staff:${actor.userId}`,
        kind: 'staff',
        label: user.office ? `${user.display_name}, ${user.office}` : user.display_name,
      };
    }
    const token = caller.supporterToken;
    if (!token?.startsWith(PUBLIC_SUPPORTER_PREFIX)) return null;
    const [row]: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM public_supporters WHERE token_hash = decode($1, 'hex')`,
      [hashToken(token.slice(PUBLIC_SUPPORTER_PREFIX.length))],
    );
    return row ? { key: `public:${row.id}`, kind: 'public', label: 'Citoyen·ne' } : null;
  }

  private async required(caller: EngagementCaller): Promise<EngagementIdentity> {
    const identity = await this.identify(caller);
    if (!identity)
      throw new UnauthorizedException(
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
    return this.dataSource.transaction(async (manager) => {
      await this.assertPublic(manager, proposalId, true);
      const now = this.clock.now();
      const inserted = await returningRows(
        manager,
        `INSERT INTO proposal_supports (proposal_id, supporter_key, supporter_kind, created_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING proposal_id`,
        [proposalId, identity.key, identity.kind, now],
      );
      let count: number;
      if (inserted.length > 0) {
        [{ supports_count: count }] = await returningRows<{ supports_count: number }>(
          manager,
          `UPDATE proposals SET supports_count = supports_count + 1 WHERE id = $1 RETURNING supports_count`,
          [proposalId],
        );
        await this.followIn(manager, identity, proposalId);
      } else {
        [{ supports_count: count }] = await manager.query(
          `SELECT supports_count FROM proposals WHERE id = $1`,
          [proposalId],
        );
      }
      return { supported: true, created: inserted.length > 0, supportsCount: count };
    });
  }

  async follow(caller: EngagementCaller, proposalId: string): Promise<void> {
    const identity = await this.required(caller);
    await this.limit(identity, 'act', ACTIONS_PER_IDENTITY_PER_HOUR);
    await this.dataSource.transaction(async (manager) => {
      await this.assertPublic(manager, proposalId, false);
      await this.followIn(manager, identity, proposalId);
    });
  }

  async unfollow(caller: EngagementCaller, proposalId: string): Promise<void> {
    const identity = await this.required(caller);
    await this.dataSource.transaction(async (manager) => {
      await this.assertPublic(manager, proposalId, false);
      await manager.query(
        `DELETE FROM proposal_followers WHERE proposal_id = $1 AND follower_key = $2`,
        [proposalId, identity.key],
      );
    });
  }

  private async followIn(
    manager: EntityManager,
    identity: EngagementIdentity,
    proposalId: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO proposal_followers (proposal_id, follower_key, created_at) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING`,
      [proposalId, identity.key, this.clock.now()],
    );
  }

  /**
   * Answers and follow-ups on the proposals the caller supports or follows, newest first. A
   * participant also hears of the proposals built from their workshop (`fromWorkshop`): the
   * provenance is public, and it is what the phone's workshop page is about.
   */
  async notifications(caller: EngagementCaller, since?: string): Promise<ProposalNotification[]> {
    const identity = await this.required(caller);
    const workshopId = caller.actor.kind === 'participant' ? caller.actor.workshopId : null;
    const rows: Array<{
      proposal_id: string;
      title: string;
      kind: 'answered' | 'follow_up';
      detail: string;
      at: Date;
      from_workshop: boolean;
    }> = await this.dataSource.query(
      `WITH mine AS (
         SELECT proposal_id FROM proposal_followers WHERE follower_key = $1
         UNION SELECT proposal_id FROM proposal_supports WHERE supporter_key = $1
         UNION SELECT id FROM proposals WHERE $3::uuid IS NOT NULL AND workshop_id = $3::uuid
       )
       SELECT events.*, p.title, coalesce(p.workshop_id = $3::uuid, false) AS from_workshop FROM (
         SELECT a.proposal_id, 'answered' AS kind, a.state AS detail, a.answered_at AS at
         FROM proposal_answers a JOIN mine m ON m.proposal_id = a.proposal_id
         UNION ALL
         SELECT f.proposal_id, 'follow_up', f.progress::text, f.created_at
         FROM proposal_follow_ups f JOIN mine m ON m.proposal_id = f.proposal_id
       ) events
       JOIN proposals p ON p.id = events.proposal_id
       WHERE $2::timestamptz IS NULL OR at > $2::timestamptz
       ORDER BY at DESC LIMIT 50`,
      [identity.key, since ?? null, workshopId],
    );
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
    const territoryId = await this.assertPublic(this.dataSource.manager, proposalId, false);
    const moderator = isStaff(actor) && (await this.access.covers(actor, territoryId));
    const rows: Array<{
      id: string;
      author_label: string;
      text: string;
      created_at: Date;
      hidden: boolean;
      reports: number;
    }> = await this.dataSource.query(
      `SELECT c.id, c.author_label, c.text, c.created_at, c.hidden_at IS NOT NULL AS hidden,
              (SELECT count(*)::int FROM proposal_comment_reports r WHERE r.comment_id = c.id) AS reports
       FROM proposal_comments c
       WHERE c.proposal_id = $1 AND ($2 OR c.hidden_at IS NULL)
       ORDER BY c.created_at, c.id`,
      [proposalId, moderator],
    );
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
    return this.dataSource.transaction(async (manager) => {
      await this.assertPublic(manager, proposalId, false);
      const [row]: Array<{ id: string; created_at: Date }> = await manager.query(
        `INSERT INTO proposal_comments (proposal_id, author_key, author_label, text, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at`,
        [proposalId, identity.key, identity.label, text.trim(), this.clock.now()],
      );
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
    await this.dataSource.transaction(async (manager) => {
      await this.assertPublic(manager, proposalId, false);
      await this.findComment(manager, proposalId, commentId);
      await manager.query(
        `INSERT INTO proposal_comment_reports (comment_id, reporter_key, created_at) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING`,
        [commentId, identity.key, this.clock.now()],
      );
    });
  }

  /** Facilitators and officials in scope, and organisers, hide or restore a comment (audited). */
  async moderate(
    actor: StaffActor,
    proposalId: string,
    commentId: string,
    hide: boolean,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [proposal]: Array<{ territory_id: string }> = await manager.query(
        `SELECT territory_id FROM proposals WHERE id = $1`,
        [proposalId],
      );
      if (!proposal) throw new NotFoundException(`No proposal ${proposalId}`);
      await this.access.assertCan(
        actor,
        ['facilitator', 'official'],
        proposal.territory_id,
        manager,
      );
      await this.findComment(manager, proposalId, commentId);
      await manager.query(
        hide
          ? `UPDATE proposal_comments SET hidden_at = coalesce(hidden_at, $2), hidden_by = coalesce(hidden_by, $3) WHERE id = $1`
          : `UPDATE proposal_comments SET hidden_at = NULL, hidden_by = NULL WHERE id = $1 AND $2::timestamptz IS NOT NULL AND $3::uuid IS NOT NULL`,
        [commentId, this.clock.now(), actor.userId],
      );
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
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM proposal_comments WHERE id = $1 AND proposal_id = $2`,
      [commentId, proposalId],
    );
    if (rows.length === 0) throw new NotFoundException(`No comment ${commentId} on this proposal`);
  }

  /** 404 for an unknown or draft proposal; returns its territory. */
  private async assertPublic(
    manager: EntityManager,
    proposalId: string,
    forUpdate: boolean,
  ): Promise<string> {
    const [row]: Array<{ status: string; territory_id: string }> = await manager.query(
      `SELECT status, territory_id FROM proposals WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
      [proposalId],
    );
    if (!row || row.status === 'draft') throw new NotFoundException(`No proposal ${proposalId}`);
    return row.territory_id;
  }
}

function assertCsrf(actor: StaffActor, sent: string | undefined): void {
  const left = Buffer.from(sent ?? '');
  const right = Buffer.from(actor.csrfToken);
  if (left.length !== right.length || !timingSafeEqual(left, right))
    throw new ForbiddenException('Missing or wrong x-csrf-token header');
}
