import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DEFAULT_ANSWER_DELAY_DAYS,
  type CampaignResponse,
  type CreateCampaignRequest,
  type UpdateCampaignRequest,
} from '@permanente/contracts';
import { isUUID } from 'class-validator';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { StaffActor } from '../auth/actor';
import { invalidField } from '../common/invalid-fields.exception';
import { TerritoryEntity } from '../territories/territory.entity';
import { CampaignEntity } from './campaign.entity';
import { DomainError } from '../common/domain-error';

export function toCampaignResponse(campaign: CampaignEntity): CampaignResponse {
  return {
    id: campaign.id,
    slug: campaign.slug,
    title: campaign.title,
    description: campaign.description,
    territoryId: campaign.territoryId,
    startsOn: campaign.startsOn,
    endsOn: campaign.endsOn,
    answerDelayDays: campaign.answerDelayDays,
  };
}

/**
 * Campaigns: the seasons of the process. Public to read; organisers create and change them.
 * Tours, workshops, panels and proposals point at one.
 */
@Injectable()
export class CampaignsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<CampaignResponse[]> {
    const campaigns = await this.dataSource
      .getRepository(CampaignEntity)
      .find({ order: { startsOn: 'DESC', title: 'ASC' } });
    return campaigns.map(toCampaignResponse);
  }

  /** By id or by slug; 404 when neither matches. */
  async get(
    idOrSlug: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CampaignEntity> {
    const campaign = await manager
      .getRepository(CampaignEntity)
      .findOneBy(isUUID(idOrSlug, 'all') ? { id: idOrSlug } : { slug: idOrSlug });
    if (!campaign) throw new DomainError('not_found', `No campaign ${idOrSlug}`);
    return campaign;
  }

  async create(
    actor: StaffActor | null,
    request: CreateCampaignRequest,
  ): Promise<CampaignResponse> {
    checkDates(request.startsOn, request.endsOn);
    return this.dataSource.transaction(async (manager) => {
      await assertTerritory(manager, request.territoryId);
      const repository = manager.getRepository(CampaignEntity);
      let saved: CampaignEntity;
      try {
        saved = await repository.save(
          repository.create({
            slug: request.slug,
            title: request.title.trim(),
            description: request.description?.trim() ?? '',
            territoryId: request.territoryId,
            startsOn: request.startsOn,
            endsOn: request.endsOn,
            answerDelayDays: request.answerDelayDays ?? DEFAULT_ANSWER_DELAY_DAYS,
          }),
        );
      } catch (error) {
        if (
          error instanceof QueryFailedError &&
          (error.driverError as { constraint?: string }).constraint === 'campaigns_slug_key'
        )
          throw new DomainError('conflict', `A campaign named ${request.slug} already exists`);
        throw error;
      }
      await this.audit.record(manager, {
        actorUserId: actor?.userId ?? null,
        action: 'campaign.created',
        targetType: 'campaign',
        targetId: saved.id,
        details: { slug: saved.slug },
      });
      return toCampaignResponse(await repository.findOneByOrFail({ id: saved.id }));
    });
  }

  async update(
    actor: StaffActor,
    idOrSlug: string,
    request: UpdateCampaignRequest,
  ): Promise<CampaignResponse> {
    return this.dataSource.transaction(async (manager) => {
      const campaign = await this.get(idOrSlug, manager);
      if (request.territoryId !== undefined) await assertTerritory(manager, request.territoryId);
      checkDates(request.startsOn ?? campaign.startsOn, request.endsOn ?? campaign.endsOn);
      const changes: Partial<CampaignEntity> = {};
      if (request.title !== undefined) changes.title = request.title.trim();
      if (request.description !== undefined) changes.description = request.description.trim();
      if (request.territoryId !== undefined) changes.territoryId = request.territoryId;
      if (request.startsOn !== undefined) changes.startsOn = request.startsOn;
      if (request.endsOn !== undefined) changes.endsOn = request.endsOn;
      if (request.answerDelayDays !== undefined) changes.answerDelayDays = request.answerDelayDays;
      const repository = manager.getRepository(CampaignEntity);
      await repository.update({ id: campaign.id }, changes);
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'campaign.updated',
        targetType: 'campaign',
        targetId: campaign.id,
        details: { fields: Object.keys(changes) },
      });
      return toCampaignResponse(await repository.findOneByOrFail({ id: campaign.id }));
    });
  }
}

function checkDates(startsOn: string, endsOn: string): void {
  if (endsOn < startsOn)
    throw invalidField(
      'body.endsOn',
      `endsOn (${endsOn}) is before startsOn (${startsOn})`,
      'dateOrder',
    );
}

async function assertTerritory(manager: EntityManager, territoryId: string): Promise<void> {
  const exists = await manager.getRepository(TerritoryEntity).existsBy({ id: territoryId });
  if (!exists)
    throw invalidField('body.territoryId', `Unknown territory ${territoryId}`, 'unknownTerritory');
}
