import { Injectable } from '@nestjs/common';
import type { ParticipantProfile, RecordPaperParticipantResponse } from '@permanente/contracts';
import { AccessService } from '../access/access.service';
import type { StaffActor } from '../auth/actor';
import { CensusService } from '../territories/census.service';
import { PaperParticipantsRepository } from './paper-participants.repository';

/**
 * People heard on paper (docs/coverage.md): a facilitator types in the optional profile of a
 * paper sign-in sheet's line or of a paper contribution's writer. No name and no account are
 * kept, so no one can ask for it to be erased nor be traced from it; it goes with the workshop.
 */
@Injectable()
export class PaperParticipantsService {
  constructor(
    private readonly repository: PaperParticipantsRepository,
    private readonly access: AccessService,
    private readonly census: CensusService,
  ) {}

  /** Checks a paper profile as a participant's: consent, known commune. */
  check(
    profile: ParticipantProfile,
    consent: boolean | undefined,
    field: string,
  ): Promise<ParticipantProfile> {
    return this.census.consentedProfile(profile, consent, field);
  }

  /** One person heard on paper; idempotent on the console's clientId. */
  async record(
    actor: StaffActor,
    workshopId: string,
    clientId: string,
    profile: ParticipantProfile,
    consent: boolean | undefined,
  ): Promise<RecordPaperParticipantResponse> {
    await this.access.assertRunsWorkshop(actor, workshopId);
    const answers = await this.check(profile, consent, 'body.profile');
    return this.store(actor, workshopId, clientId, answers);
  }

  /** Stores checked answers (the caller checked access and consent). */
  store(
    actor: StaffActor,
    workshopId: string,
    clientId: string,
    profile: ParticipantProfile,
  ): Promise<RecordPaperParticipantResponse> {
    return this.repository.insertOnce(workshopId, clientId, profile, actor.userId);
  }
}
