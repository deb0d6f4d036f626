import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  JOIN_CODE_LENGTH,
  joinCodeProblem,
  normaliseJoinCode,
  type JoinCodeProblem,
  PARTICIPANT_TOKEN_PREFIX,
  type JoinWorkshopResponse,
  type ParticipantExport,
  type ParticipantSelfResponse,
  type UpdateParticipantRequest,
} from '@permanente/contracts';
import { DataSource } from 'typeorm';
import type { ParticipantActor } from '../auth/actor';
import { hashToken, newSecretToken } from '../auth/tokens.util';
import { CLOCK, Clock } from '../common/clock';
import { invalidField } from '../common/invalid-fields.exception';
import { RATE_LIMITER, RateLimiter } from '../common/rate-limiter';
import { TooManyRequestsException } from '../common/too-many-requests.exception';
import { MailRepository } from '../mail/mail.repository';
import { CensusService } from '../territories/census.service';
import { assertNotCheckedOut } from '../live/checked-out';
import { WorkshopEntity } from '../workshops/workshop.entity';
import { toParticipantView } from '../workshops/workshop.mapper';
import { ParticipantContributionsRepository } from './participant-contributions.repository';
import { ParticipantEntity } from './participant.entity';
import { DomainError } from '../common/domain-error';

/** Says which character of a typed code is wrong (look-alikes such as O for 0 are accepted). */
function joinCodeReason(problem: JoinCodeProblem): string {
  switch (problem.reason) {
    case 'empty':
      return 'code is empty';
    case 'character':
      return `code: character ${problem.position}, "${problem.character}", is not a letter or digit of a join code`;
    case 'length':
      return `code has ${JOIN_CODE_LENGTH} characters, not ${problem.length}`;
  }
}

/** Joins per client address per minute: a full room behind one NAT stays well under it. */
export const JOINS_PER_IP_PER_MINUTE = 120;

function toSelf(participant: ParticipantEntity): ParticipantSelfResponse {
  return {
    id: participant.id,
    workshopId: participant.workshopId,
    displayName: participant.displayName,
    profile: participant.profile,
    joinedAt: participant.joinedAt.toISOString(),
    erasedAt: participant.erasedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class ParticipantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    private readonly contributions: ParticipantContributionsRepository,
    private readonly mail: MailRepository,
    private readonly census: CensusService,
  ) {}

  /**
   * Joining by code issues a pseudonymous credential scoped to the workshop: no account, no
   * email. Only its hash is kept; the phone stores the token.
   */
  async join(
    codeInput: string,
    displayName: string | null | undefined,
    ip: string,
  ): Promise<JoinWorkshopResponse> {
    const decision = await this.limiter.consume(`join:ip:${ip}`, JOINS_PER_IP_PER_MINUTE, 60_000);
    if (!decision.allowed)
      throw new TooManyRequestsException(
        'Too many joins from this address: wait a minute',
        decision.retryAfterMs,
      );
    const code = normaliseJoinCode(codeInput);
    const problem = joinCodeProblem(code);
    if (problem)
      throw invalidField('body.code', joinCodeReason(problem), `joinCode.${problem.reason}`);
    const workshop = await this.dataSource.getRepository(WorkshopEntity).findOneBy({ code });
    if (!workshop || workshop.status === 'draft')
      throw new DomainError('not_found', 'No open workshop has this code');
    if (workshop.status === 'closed') throw new DomainError('conflict', 'This workshop is closed');
    // Out in a field kit (bus mode): phones join on the field laptop, not here.
    await assertNotCheckedOut(this.dataSource.manager, workshop.id);
    if (workshop.entryLocked)
      throw new DomainError('forbidden', 'The facilitator has closed entries to this workshop');
    // A panel session is for the panel's members: they come in through their personal link.
    if (workshop.kind === 'panel_session')
      throw new DomainError(
        'forbidden',
        'This session is for the panel’s members: use your personal invitation link',
      );
    return this.admit(workshop, displayName);
  }

  /**
   * Issues a participant credential for a workshop the caller may enter (after the code
   * check above, or a panel member's invitation link: PanelsService.joinSession).
   */
  async admit(
    workshop: WorkshopEntity,
    displayName: string | null | undefined,
  ): Promise<JoinWorkshopResponse> {
    const token = newSecretToken();
    const participant = await this.dataSource.getRepository(ParticipantEntity).save({
      workshopId: workshop.id,
      tokenHash: hashToken(token),
      displayName: displayName?.trim() || null,
      profile: {},
      profileConsentAt: null,
      joinedAt: this.clock.now(),
      erasedAt: null,
    });
    return {
      token: `${PARTICIPANT_TOKEN_PREFIX}${token}`,
      participant: toSelf(participant),
      workshop: toParticipantView(workshop),
    };
  }

  async me(actor: ParticipantActor): Promise<ParticipantSelfResponse> {
    return toSelf(await this.load(actor));
  }

  async update(
    actor: ParticipantActor,
    request: UpdateParticipantRequest,
  ): Promise<ParticipantSelfResponse> {
    const participant = await this.load(actor);
    if (request.displayName !== undefined)
      participant.displayName = request.displayName?.trim() || null;
    if (request.profile !== undefined) {
      // The answers sent replace those kept: an answer left out is withdrawn.
      participant.profile = await this.census.consentedProfile(
        request.profile,
        request.profileConsent,
      );
      participant.profileConsentAt = this.clock.now();
    }
    // Out in a field kit (bus mode): the workshop's record changes only on the laptop.
    await this.dataSource.transaction(async (manager) => {
      await assertNotCheckedOut(manager, participant.workshopId);
      await manager.getRepository(ParticipantEntity).save(participant);
    });
    return toSelf(participant);
  }

  /** Everything kept about this participant, for download. */
  async export(actor: ParticipantActor): Promise<ParticipantExport> {
    const participant = await this.load(actor);
    const workshop = await this.dataSource
      .getRepository(WorkshopEntity)
      .findOneByOrFail({ id: participant.workshopId });
    return {
      exportedAt: this.clock.now().toISOString(),
      participant: toSelf(participant),
      workshop: toParticipantView(workshop),
      contributions: await this.contributions.forParticipant(participant.id),
      mail: await this.mail.contactExport(`participant:${participant.id}`),
    };
  }

  /**
   * Erases the personal trace (display name, profile answers, consent, mail address). The participant row
   * stays, so its contributions stay in the workshop record, attributed to no one nameable.
   */
  async erase(actor: ParticipantActor): Promise<ParticipantSelfResponse> {
    const participant = await this.load(actor);
    participant.displayName = null;
    participant.profile = {};
    participant.profileConsentAt = null;
    participant.erasedAt = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      // Out in a field kit: refused until the kit is back, revoked or expired (the erasure is
      // then done here; the laptop's copy comes back without it otherwise).
      await assertNotCheckedOut(manager, participant.workshopId);
      await manager.getRepository(ParticipantEntity).save(participant);
      // The address given to hear of a proposal's answer, and every mail kept for it.
      await this.mail.eraseIdentity(manager, `participant:${participant.id}`);
    });
    return toSelf(participant);
  }

  private async load(actor: ParticipantActor): Promise<ParticipantEntity> {
    const participant = await this.dataSource
      .getRepository(ParticipantEntity)
      .findOneBy({ id: actor.participantId });
    if (!participant) throw new DomainError('not_found', 'Unknown participant');
    return participant;
  }
}
