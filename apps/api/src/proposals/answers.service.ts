import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AnswerProposalRequest, FollowUpRequest, ProposalDetail } from '@permanente/contracts';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { StaffActor } from '../auth/actor';
import { CLOCK, Clock } from '../common/clock';
import { invalidField } from '../common/invalid-fields.exception';
import { ProposalsService } from './proposals.service';

/**
 * The officials' answers and follow-ups. Answering again adds a version: every version stays
 * (public history), the latest is the current answer. The first answer sets `answered_at`,
 * which the average answer time and the on-time figures are computed from.
 */
@Injectable()
export class AnswersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly proposals: ProposalsService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async answer(
    actor: StaffActor,
    id: string,
    request: AnswerProposalRequest,
  ): Promise<ProposalDetail> {
    await this.dataSource.transaction(async (manager) => {
      const proposal = await this.proposals.lock(manager, id);
      await this.proposals.assertOfficialInScope(actor, proposal.territory_id, manager, false);
      if (proposal.status === 'draft')
        throw new ConflictException('A draft is not published yet: it cannot be answered');
      const [campaign]: Array<{ answer_states: string[] }> = await manager.query(
        // FOR SHARE: the organiser's change of states waits for this answer (and vice versa).
        `SELECT answer_states FROM campaigns WHERE id = $1 FOR SHARE`,
        [proposal.campaign_id],
      );
      if (!campaign.answer_states.includes(request.state))
        throw invalidField(
          'body.state',
          `Unknown answer state ${request.state}; this campaign's are ${campaign.answer_states.join(', ')}`,
          'unknownState',
        );
      const [official]: Array<{ display_name: string; office: string | null }> =
        await manager.query(`SELECT display_name, office FROM users WHERE id = $1`, [actor.userId]);
      const now = this.clock.now();
      const [{ version }]: Array<{ version: number }> = await manager.query(
        `INSERT INTO proposal_answers (proposal_id, version, state, reasons, official_user_id,
           official_name, official_office, answered_at)
         VALUES ($1, (SELECT coalesce(max(version), 0) + 1 FROM proposal_answers WHERE proposal_id = $1),
                 $2, $3, $4, $5, $6, $7)
         RETURNING version`,
        [
          id,
          request.state,
          request.reasons.trim(),
          actor.userId,
          official.display_name,
          official.office,
          now,
        ],
      );
      await manager.query(
        `UPDATE proposals SET status = 'answered', answered_at = coalesce(answered_at, $2), updated_at = $2
         WHERE id = $1`,
        [id, now],
      );
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'proposal.answered',
        targetType: 'proposal',
        targetId: id,
        details: { version, state: request.state },
      });
    });
    return this.proposals.detail(actor, id, null);
  }

  /** A dated progress update after an answer (accountability). */
  async followUp(actor: StaffActor, id: string, request: FollowUpRequest): Promise<ProposalDetail> {
    await this.dataSource.transaction(async (manager) => {
      const proposal = await this.proposals.lock(manager, id);
      await this.proposals.assertOfficialInScope(actor, proposal.territory_id, manager, true);
      if (proposal.status !== 'answered')
        throw new ConflictException('Follow-ups come after an answer');
      const [author]: Array<{ display_name: string; office: string | null }> = await manager.query(
        `SELECT display_name, office FROM users WHERE id = $1`,
        [actor.userId],
      );
      const name = author.office ? `${author.display_name}, ${author.office}` : author.display_name;
      const [{ id: followUpId }]: Array<{ id: string }> = await manager.query(
        `INSERT INTO proposal_follow_ups (proposal_id, progress, text, author_user_id, author_name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [id, request.progress, request.text.trim(), actor.userId, name, this.clock.now()],
      );
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'proposal.follow_up',
        targetType: 'proposal',
        targetId: id,
        details: { followUpId, progress: request.progress },
      });
    });
    return this.proposals.detail(actor, id, null);
  }
}
