import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  CreatePanelSessionRequest,
  JoinWorkshopResponse,
  PanelSessionResponse,
} from '@permanente/contracts';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { StaffActor } from '../auth/actor';
import { ParticipantsService } from '../participants/participants.service';
import { WorkshopEntity } from '../workshops/workshop.entity';
import { WorkshopsService } from '../workshops/workshops.service';
import { PanelMembersService } from './panel-members.service';
import { toSession } from './panel-views';
import { PanelsRepository } from './panels.repository';
import { PanelsService } from './panels.service';
import { DomainError } from '../common/domain-error';

/**
 * Panel sessions: live workshops of the panel's territory and campaign that only its accepted
 * members enter, through their personal invitation link.
 */
@Injectable()
export class PanelSessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly panels: PanelsService,
    private readonly members: PanelMembersService,
    private readonly repository: PanelsRepository,
    private readonly audit: AuditService,
    private readonly workshops: WorkshopsService,
    private readonly participants: ParticipantsService,
  ) {}

  /** A panel session: a live workshop of the panel's territory and campaign, members only. */
  async createSession(
    actor: StaffActor,
    id: string,
    request: CreatePanelSessionRequest,
  ): Promise<PanelSessionResponse> {
    const row = await this.panels.rowFor(actor, id);
    const workshop = await this.workshops.create(actor, {
      title: request.title,
      kind: 'panel_session',
      territoryId: row.territory_id,
      place: request.place ?? null,
      startsAt: request.startsAt ?? null,
    });
    await this.dataSource.transaction(async (manager) => {
      await this.repository.attachSessionToCampaign(manager, workshop.id, row.campaign_id);
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'panel.session.created',
        targetType: 'panel',
        targetId: id,
        details: { workshopId: workshop.id },
      });
    });
    const sessions = (await this.repository.sessions(row)).map(toSession);
    return sessions.find((session) => session.workshopId === workshop.id)!;
  }

  /** An accepted member enters one of the panel's sessions with their personal link. */
  async joinSession(token: string, workshopId: string, ip: string): Promise<JoinWorkshopResponse> {
    await this.members.limitInvitationCalls(ip);
    const invitation = await this.members.invitation(this.dataSource.manager, token);
    const session = invitation.sessions.find((s) => s.workshopId === workshopId);
    if (!session || session.status === 'draft')
      throw new DomainError('not_found', 'This panel has no such session');
    if (session.status === 'closed') throw new DomainError('conflict', 'This session is over');
    if (invitation.status !== 'accepted')
      throw new DomainError(
        'forbidden',
        'Accept the invitation to take part in the panel’s sessions',
      );
    const workshop = await this.dataSource
      .getRepository(WorkshopEntity)
      .findOneByOrFail({ id: workshopId });
    // Their first name, as a workshop display name (they may change it, like any participant).
    return this.participants.admit(workshop, invitation.name?.split(' ')[0] ?? null);
  }
}
