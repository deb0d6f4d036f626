import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  AppointMemberRequest,
  CreateLotteryRequest,
  InvitationLinkResponse,
  PanelInvitationResponse,
  PanelLotteryResponse,
  PanelMemberResponse,
  PanelMemberStatus,
} from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { StaffActor } from '../auth/actor';
import { hashToken, newSecretToken } from '../auth/tokens.util';
import { CLOCK, type Clock } from '../common/clock';
import { InvalidFieldsException, invalidField } from '../common/invalid-fields.exception';
import { RATE_LIMITER, RateLimiter } from '../common/rate-limiter';
import { TooManyRequestsException } from '../common/too-many-requests.exception';
import { publicLottery, SortitionInputError } from '../sortition';
import { INVITATION_CALLS_PER_IP_PER_MINUTE } from './panel-defaults';
import { toLottery, toMember, toSession } from './panel-views';
import { PanelsRepository } from './panels.repository';
import { PanelsService } from './panels.service';
import { DomainError } from '../common/domain-error';

/** An invitation read from its token, with the member's id (never sent to the holder). */
export type InvitationWithMember = PanelInvitationResponse & { memberId: string };

/**
 * Members of a panel: the public lotteries for the appointed seats and the members those
 * named; the drawn members' answers and their personal invitation links.
 */
@Injectable()
export class PanelMembersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly panels: PanelsService,
    private readonly repository: PanelsRepository,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
  ) {}

  private async member(panelId: string, memberId: string): Promise<PanelMemberResponse> {
    const rows = await this.repository.members(panelId);
    return toMember(rows.find((row) => row.id === memberId)!);
  }

  // ---- lotteries and appointed members --------------------------------------------------

  async createLottery(
    actor: StaffActor,
    id: string,
    request: CreateLotteryRequest,
  ): Promise<PanelLotteryResponse> {
    const names = request.names.map((name) => name.trim());
    let result;
    try {
      result = publicLottery({ names, count: request.count, seed: request.seed });
    } catch (error) {
      if (error instanceof SortitionInputError)
        throw new InvalidFieldsException(
          error.problems.map((problem) => ({
            field: problem.startsWith('count')
              ? 'body.count'
              : problem.includes('seed')
                ? 'body.seed'
                : 'body.names',
            reason: problem,
            code: 'invalidLottery',
          })),
        );
      throw error;
    }
    return this.dataSource.transaction(async (manager) => {
      await this.panels.rowFor(actor, id, manager);
      const row = await this.repository.insertLottery(manager, id, {
        purpose: request.purpose.trim(),
        names,
        count: request.count,
        seed: request.seed,
        list_digest: result.listDigest,
        algorithm_version: result.algorithmVersion,
        drawn: [...result.drawn],
      });
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'panel.lottery.drawn',
        targetType: 'panel',
        targetId: id,
        details: { lotteryId: row.id, count: request.count },
      });
      return toLottery(row);
    });
  }

  /** A member named by someone a lottery drew, into the organisation or elected seats. */
  async appoint(
    actor: StaffActor,
    id: string,
    request: AppointMemberRequest,
  ): Promise<PanelMemberResponse> {
    const memberId = await this.dataSource.transaction(async (manager) => {
      const row = await this.panels.rowFor(actor, id, manager);
      await this.repository.lock(manager, id);
      const lotteries = await this.repository.lotteries(id, manager);
      if (!lotteries.some((lottery) => lottery.drawn.includes(request.appointedBy)))
        throw invalidField(
          'body.appointedBy',
          `${request.appointedBy} was not drawn by a lottery of this panel`,
          'notDrawn',
        );
      const seats =
        request.category === 'organisation' ? row.organisation_seats : row.elected_seats;
      if ((await this.repository.seatedCount(manager, id, request.category)) >= seats)
        throw new DomainError('conflict', `All ${seats} ${request.category} seats are taken`);
      const newId = await this.repository.insertAppointed(manager, id, {
        category: request.category,
        name: request.name.trim(),
        appointedBy: request.appointedBy,
      });
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'panel.member.appointed',
        targetType: 'panel',
        targetId: id,
        details: { memberId: newId, category: request.category },
      });
      return newId;
    });
    return this.member(id, memberId);
  }

  // ---- members and invitations ----------------------------------------------------------

  private async memberRow(
    manager: EntityManager,
    panelId: string,
    memberId: string,
  ): Promise<{ id: string; status: PanelMemberStatus; category: string }> {
    const member = await this.repository.lockMember(manager, panelId, memberId);
    if (!member) throw new DomainError('not_found', `No member ${memberId} in this panel`);
    return member;
  }

  /** A new personal invitation link (the previous one stops working). Shown once. */
  async invitationLink(
    actor: StaffActor,
    id: string,
    memberId: string,
  ): Promise<InvitationLinkResponse> {
    return this.dataSource.transaction(async (manager) => {
      await this.panels.rowFor(actor, id, manager);
      await this.memberRow(manager, id, memberId);
      const token = newSecretToken();
      await this.repository.setInvitationHash(manager, memberId, hashToken(token));
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'panel.member.invited',
        targetType: 'panel',
        targetId: id,
        details: { memberId },
      });
      return { token, path: `/panel-invitation/${token}` };
    });
  }

  /** The organiser records an answer given on paper or by phone. */
  async setMemberStatus(
    actor: StaffActor,
    id: string,
    memberId: string,
    status: 'accepted' | 'declined',
  ): Promise<PanelMemberResponse> {
    await this.dataSource.transaction(async (manager) => {
      await this.panels.rowFor(actor, id, manager);
      const member = await this.memberRow(manager, id, memberId);
      if (member.status === 'declined')
        throw new DomainError('conflict', 'This member declined: draw a replacement instead');
      await this.repository.setMemberStatus(manager, memberId, status, this.clock.now());
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: `panel.member.${status}`,
        targetType: 'panel',
        targetId: id,
        details: { memberId },
      });
    });
    return this.member(id, memberId);
  }

  /** Invitation links are public: a limit per address keeps guessing slow. */
  async limitInvitationCalls(ip: string): Promise<void> {
    const decision = await this.limiter.consume(
      `panel-invitation:ip:${ip}`,
      INVITATION_CALLS_PER_IP_PER_MINUTE,
      60_000,
    );
    if (!decision.allowed)
      throw new TooManyRequestsException('Too many requests: wait a minute', decision.retryAfterMs);
  }

  /** The invitation behind a token (404 when none), with the panel's sessions. */
  async invitation(manager: EntityManager, token: string): Promise<InvitationWithMember> {
    const row = await this.repository.invitationByHash(manager, hashToken(token));
    if (!row) throw new DomainError('not_found', 'This invitation link is not valid (any more)');
    return {
      memberId: row.id,
      panelId: row.panel_id,
      panelTitle: row.title,
      territoryName: row.territory_name,
      category: row.category,
      name: row.name,
      status: row.status,
      sessions: (await this.repository.sessions(row, manager)).map(toSession),
    };
  }

  async readInvitation(token: string, ip: string): Promise<PanelInvitationResponse> {
    await this.limitInvitationCalls(ip);
    const { memberId: _memberId, ...invitation } = await this.invitation(
      this.dataSource.manager,
      token,
    );
    return invitation;
  }

  async answerInvitation(
    token: string,
    answer: 'accept' | 'decline',
    ip: string,
  ): Promise<PanelInvitationResponse> {
    await this.limitInvitationCalls(ip);
    return this.dataSource.transaction(async (manager) => {
      const { memberId, ...invitation } = await this.invitation(manager, token);
      if (invitation.status === 'declined')
        throw new DomainError(
          'conflict',
          'You declined this invitation; it cannot be changed here',
        );
      const status = answer === 'accept' ? 'accepted' : 'declined';
      await this.repository.setMemberStatus(manager, memberId, status, this.clock.now());
      await this.audit.record(manager, {
        actorUserId: null,
        action: `panel.member.${status}`,
        targetType: 'panel',
        targetId: invitation.panelId,
        details: { memberId, via: 'invitation' },
      });
      return { ...invitation, status };
    });
  }
}
