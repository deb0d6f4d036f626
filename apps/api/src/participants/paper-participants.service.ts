import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ParticipantProfile, RecordPaperParticipantResponse } from '@permanente/contracts';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import type { StaffActor } from '../auth/actor';
import { CensusService } from '../territories/census.service';

/**
 * People heard on paper (docs/coverage.md): a facilitator types in the optional profile of a
 * paper sign-in sheet's line or of a paper contribution's writer. No name and no account are
 * kept, so no one can ask for it to be erased nor be traced from it; it goes with the workshop.
 */
@Injectable()
export class PaperParticipantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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
  async store(
    actor: StaffActor,
    workshopId: string,
    clientId: string,
    profile: ParticipantProfile,
  ): Promise<RecordPaperParticipantResponse> {
    const inserted: Array<{ id: string }> = await this.dataSource.query(
      `INSERT INTO paper_participants (workshop_id, client_id, profile, entered_by)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (workshop_id, client_id) DO NOTHING RETURNING id`,
      [workshopId, clientId, JSON.stringify(profile), actor.userId],
    );
    if (inserted.length > 0) return { id: inserted[0].id, duplicate: false };
    const [existing]: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM paper_participants WHERE workshop_id = $1 AND client_id = $2`,
      [workshopId, clientId],
    );
    return { id: existing.id, duplicate: true };
  }
}
