import { Inject, Injectable } from '@nestjs/common';
import type { AnswerProposalRequest, FollowUpRequest, ProposalDetail } from '@permanente/contracts';
import { AuditService } from '../audit/audit.service';
import type { StaffActor } from '../auth/actor';
import { CLOCK, Clock } from '../common/clock';
import { invalidField } from '../common/invalid-fields.exception';
import { ProposalMailService } from './proposal-mail.service';
import { ProposalQueriesService } from './proposal-queries.service';
import { ProposalsRepository } from './proposals.repository';
import { ProposalsService } from './proposals.service';
import { DomainError } from '../common/domain-error';

/**
 * The officials' answers and follow-ups. Answering again adds a version: every version stays
 * (public history), the latest is the current answer. The first answer sets `answered_at`,
 * which the average answer time and the on-time figures are computed from.
 */
@Injectable()
export class AnswersService {
  constructor(
    private readonly repository: ProposalsRepository,
    private readonly proposals: ProposalsService,
    private readonly queries: ProposalQueriesService,
    private readonly audit: AuditService,
    private readonly mail: ProposalMailService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async answer(
    actor: StaffActor,
    id: string,
    request: AnswerProposalRequest,
  ): Promise<ProposalDetail> {
    await this.repository.transaction(async (manager) => {
      const proposal = await this.proposals.lock(manager, id);
      await this.proposals.assertOfficialInScope(actor, proposal.territory_id, manager, false);
      if (proposal.status === 'draft')
        throw new DomainError('conflict', 'A draft is not published yet: it cannot be answered');
      // FOR SHARE: the organiser's change of states waits for this answer (and vice versa).
      const states = (await this.repository.answerStates(manager, proposal.campaign_id, 'share'))!;
      if (!states.includes(request.state))
        throw invalidField(
          'body.state',
          `Unknown answer state ${request.state}; this campaign's are ${states.join(', ')}`,
          'unknownState',
        );
      const official = await this.repository.official(manager, actor.userId);
      const version = await this.repository.addAnswer(manager, {
        proposalId: id,
        state: request.state,
        reasons: request.reasons.trim(),
        officialUserId: actor.userId,
        official,
        at: this.clock.now(),
      });
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'proposal.answered',
        targetType: 'proposal',
        targetId: id,
        details: { version, state: request.state },
      });
      await this.mail.answered(manager, id, {
        version,
        state: request.state,
        reasons: request.reasons.trim(),
        official: official.office
          ? `${official.display_name}, ${official.office}`
          : official.display_name,
      });
    });
    return this.queries.detail(actor, id, null);
  }

  /** A dated progress update after an answer (accountability). */
  async followUp(actor: StaffActor, id: string, request: FollowUpRequest): Promise<ProposalDetail> {
    await this.repository.transaction(async (manager) => {
      const proposal = await this.proposals.lock(manager, id);
      await this.proposals.assertOfficialInScope(actor, proposal.territory_id, manager, true);
      if (proposal.status !== 'answered')
        throw new DomainError('conflict', 'Follow-ups come after an answer');
      const author = await this.repository.official(manager, actor.userId);
      const name = author.office ? `${author.display_name}, ${author.office}` : author.display_name;
      const followUpId = await this.repository.addFollowUp(manager, {
        proposalId: id,
        progress: request.progress,
        text: request.text.trim(),
        authorUserId: actor.userId,
        authorName: name,
        at: this.clock.now(),
      });
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'proposal.follow_up',
        targetType: 'proposal',
        targetId: id,
        details: { followUpId, progress: request.progress },
      });
      await this.mail.followedUp(manager, id, {
        id: followUpId,
        progress: request.progress,
        text: request.text.trim(),
      });
    });
    return this.queries.detail(actor, id, null);
  }
}
