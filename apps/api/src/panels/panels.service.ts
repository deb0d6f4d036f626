import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  CreatePanelRequest,
  FieldError,
  PanelFeature,
  PanelPublicResponse,
  PanelQuota,
  PanelResponse,
  PanelSeats,
  PanelSummary,
  UpdatePanelRequest,
} from '@permanente/contracts';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import type { StaffActor } from '../auth/actor';
import { InvalidFieldsException, invalidField } from '../common/invalid-fields.exception';
import { defaultFeatures, FEATURE_KEY_PATTERN, FEATURE_VALUE_PATTERN } from './panel-defaults';
import { PanelDrawJobsRepository } from './panel-draw-jobs.repository';
import { PanelDrawsRepository } from './panel-draws.repository';
import {
  iso,
  seatsOf,
  toDrawAudit,
  toDrawJob,
  toDrawSummary,
  toLottery,
  toMember,
  toSession,
  toSummary,
} from './panel-views';
import { PanelsRepository, type PanelRow } from './panels.repository';
import { CONTACT_COLUMNS } from './pool-csv';
import { DomainError } from '../common/domain-error';

export type { PanelRow } from './panels.repository';

/**
 * 409 with a field and a code (`featuresLocked`), so that the form can say it in French or English:
 * the answers of the volunteers already in the pool would no longer match the features.
 */
export class FeaturesLockedException extends InvalidFieldsException {
  constructor() {
    super([
      {
        field: 'body.features',
        reason:
          'The features cannot change once volunteers have applied (their answers would not match)',
        code: 'featuresLocked',
      },
    ]);
  }

  override get status(): number {
    return HttpStatus.CONFLICT;
  }
}

/**
 * Panels themselves: reading (with the role and scope check every other panel service uses),
 * creation, settings, features and quotas, and the public view. The pool is in
 * PanelPoolService, members and invitations in PanelMembersService, sessions in
 * PanelSessionsService, draws in PanelDrawsService.
 */
@Injectable()
export class PanelsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: PanelsRepository,
    private readonly drawsRepository: PanelDrawsRepository,
    private readonly jobsRepository: PanelDrawJobsRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  // ---- reading --------------------------------------------------------------------------

  async row(id: string, manager?: EntityManager): Promise<PanelRow> {
    const row = await this.repository.find(id, manager);
    if (!row) throw new DomainError('not_found', `No panel has the id ${id}`);
    return row;
  }

  /** The row, after checking the organiser's role and scope (403) — 404 first when unknown. */
  async rowFor(actor: StaffActor, id: string, manager?: EntityManager): Promise<PanelRow> {
    const row = await this.row(id, manager);
    await this.access.assertCan(actor, ['organiser'], row.territory_id, manager);
    return row;
  }

  async list(actor: StaffActor, campaignId?: string): Promise<PanelSummary[]> {
    const scope = await this.access.territoryIdsInScope(actor);
    const rows = await this.repository.list(campaignId ?? null, scope);
    return rows.map(toSummary);
  }

  async get(actor: StaffActor, id: string): Promise<PanelResponse> {
    const row = await this.rowFor(actor, id);
    return this.full(row);
  }

  quotas(panelId: string, manager?: EntityManager): Promise<PanelQuota[]> {
    return this.repository.quotas(panelId, manager);
  }

  /**
   * The whole panel as organisers see it, read in one snapshot: a draw job that commits while
   * the panel is read shows "done" only together with the members it drew (the page stops
   * polling once the job is done, so a half-old view stayed on screen).
   */
  async full(row: PanelRow): Promise<PanelResponse> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => ({
      ...toSummary(row),
      description: row.description,
      features: row.features,
      quotas: await this.repository.quotas(row.id, manager),
      announcedSeed: row.announced_seed,
      fairness: row.fairness,
      poolErasedAt: iso(row.pool_erased_at),
      draws: (await this.drawsRepository.list(row.id, manager)).map(toDrawSummary),
      members: (await this.repository.members(row.id, manager)).map(toMember),
      lotteries: (await this.repository.lotteries(row.id, manager)).map(toLottery),
      sessions: (await this.repository.sessions(row, manager)).map(toSession),
      drawJob: await this.jobsRepository
        .latest(row.id, manager)
        .then((job) => job && toDrawJob(job)),
    }));
  }

  async publicView(id: string): Promise<PanelPublicResponse> {
    const row = await this.row(id);
    return {
      id: row.id,
      title: row.title,
      description: row.description,
      territoryName: row.territory_name,
      seats: seatsOf(row),
      callOpen: row.call_open && row.drawn_at === null && row.pool_erased_at === null,
      retentionUntil: row.retention_day,
      features: row.features,
      quotas: await this.repository.quotas(row.id),
      announcedSeed: row.announced_seed,
      volunteerCount: row.volunteer_count,
      draws: (await this.drawsRepository.list(row.id)).map(toDrawAudit),
      lotteries: (await this.repository.lotteries(row.id)).map(toLottery),
    };
  }

  // ---- panels ---------------------------------------------------------------------------

  async create(actor: StaffActor | null, request: CreatePanelRequest): Promise<PanelResponse> {
    checkSeats(request.seats);
    if (request.features) checkFeatures(request.features);
    const id = await this.dataSource.transaction(async (manager) => {
      if (!(await this.repository.campaignExists(manager, request.campaignId)))
        throw invalidField(
          'body.campaignId',
          `Unknown campaign ${request.campaignId}`,
          'unknownCampaign',
        );
      const territory = await this.repository.territory(manager, request.territoryId);
      if (!territory)
        throw invalidField(
          'body.territoryId',
          `Unknown territory ${request.territoryId}`,
          'unknownTerritory',
        );
      if (actor) await this.access.assertCan(actor, ['organiser'], request.territoryId, manager);
      const features =
        request.features ?? defaultFeatures(await this.repository.bassinsOf(manager, territory.id));
      let panelId: string;
      try {
        panelId = await this.repository.insert(manager, {
          campaignId: request.campaignId,
          territoryId: request.territoryId,
          title: request.title?.trim() || `Panel citoyen — ${territory.name}`,
          description: request.description?.trim() ?? '',
          seats: request.seats,
          features,
          callOpen: request.callOpen ?? true,
          retentionUntil: request.retentionUntil,
        });
      } catch (error) {
        if (isUniqueViolation(error, 'panels_campaign_territory_key'))
          throw new DomainError('conflict', 'This campaign already has a panel for this territory');
        throw error;
      }
      await this.audit.record(manager, {
        actorUserId: actor?.userId ?? null,
        action: 'panel.created',
        targetType: 'panel',
        targetId: panelId,
        details: { territoryId: request.territoryId, seats: request.seats },
      });
      return panelId;
    });
    return this.full(await this.row(id));
  }

  async update(actor: StaffActor, id: string, request: UpdatePanelRequest): Promise<PanelResponse> {
    if (request.seats) checkSeats(request.seats);
    if (request.features) checkFeatures(request.features);
    await this.dataSource.transaction(async (manager) => {
      const row = await this.rowFor(actor, id, manager);
      await this.repository.lock(manager, id);
      const drawn = row.drawn_at !== null;
      if (request.features && row.volunteer_count > 0) throw new FeaturesLockedException();
      if (request.seats && drawn && request.seats.drawn !== row.drawn_seats)
        throw new DomainError(
          'conflict',
          'The drawn seats cannot change after the draw: cancel it first',
        );
      await this.repository.update(manager, id, {
        title: request.title?.trim(),
        description: request.description?.trim(),
        drawn_seats: request.seats?.drawn,
        organisation_seats: request.seats?.organisation,
        elected_seats: request.seats?.elected,
        features: request.features,
        retention_until: request.retentionUntil,
        call_open: request.callOpen,
        announced_seed: request.announcedSeed,
        fairness: request.fairness,
      });
      if (request.features) {
        // Quotas on a feature or value that no longer exists go with it.
        for (const quota of await this.repository.quotas(id, manager))
          if (!featureHas(request.features, quota.feature, quota.value))
            await this.repository.deleteQuota(manager, id, quota);
      }
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'panel.updated',
        targetType: 'panel',
        targetId: id,
        details: { fields: Object.keys(request) },
      });
    });
    return this.full(await this.row(id));
  }

  // ---- quotas ---------------------------------------------------------------------------

  async setQuotas(actor: StaffActor, id: string, quotas: PanelQuota[]): Promise<PanelResponse> {
    await this.dataSource.transaction(async (manager) => {
      const row = await this.rowFor(actor, id, manager);
      await this.repository.lock(manager, id);
      const errors = quotaErrors(row, quotas);
      if (errors.length > 0) throw new InvalidFieldsException(errors);
      if (row.drawn_at !== null)
        throw new DomainError(
          'conflict',
          'The panel is drawn: cancel the draw to change its quotas',
        );
      await this.repository.replaceQuotas(manager, id, quotas);
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'panel.quotas.set',
        targetType: 'panel',
        targetId: id,
        details: { quotas: quotas.length },
      });
    });
    return this.full(await this.row(id));
  }
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  return (
    error instanceof QueryFailedError &&
    (error.driverError as { constraint?: string }).constraint === constraint
  );
}

function featureHas(features: readonly PanelFeature[], key: string, value: string): boolean {
  return features.some(
    (feature) => feature.key === key && feature.values.some((v) => v.value === value),
  );
}

function quotaErrors(row: PanelRow, quotas: readonly PanelQuota[]): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  quotas.forEach((quota, index) => {
    const field = `body.quotas[${index}]`;
    if (!row.features.some((feature) => feature.key === quota.feature))
      errors.push({
        field: `${field}.feature`,
        reason: `${quota.feature} is not a feature of this panel`,
        code: 'unknownFeature',
      });
    else if (!featureHas(row.features, quota.feature, quota.value))
      errors.push({
        field: `${field}.value`,
        reason: `${quota.value} is not a value of ${quota.feature}`,
        code: 'unknownValue',
      });
    if (quota.min > quota.max)
      errors.push({
        field: `${field}.max`,
        reason: `max (${quota.max}) is below min (${quota.min})`,
        code: 'boundsOrder',
      });
    if (quota.max > row.drawn_seats && quota.min > row.drawn_seats)
      errors.push({
        field: `${field}.min`,
        reason: `min ${quota.min} is above the ${row.drawn_seats} drawn seats (${quota.feature}=${quota.value})`,
        code: 'minAboveSeats',
      });
    const key = `${quota.feature}=${quota.value}`;
    if (seen.has(key))
      errors.push({ field, reason: `${key} is given twice`, code: 'duplicateQuota' });
    seen.add(key);
  });
  return errors;
}

function checkSeats(seats: PanelSeats): void {
  if (seats.drawn + seats.organisation + seats.elected <= 0)
    throw invalidField('body.seats', 'a panel needs at least one seat', 'noSeats');
}

function checkFeatures(features: readonly PanelFeature[]): void {
  const errors: FieldError[] = [];
  const keys = new Set<string>();
  features.forEach((feature, index) => {
    const field = `body.features[${index}]`;
    if (!FEATURE_KEY_PATTERN.test(feature.key))
      errors.push({
        field: `${field}.key`,
        reason: 'a key is a letter then letters, digits, - or _ (40 at most)',
        code: 'featureKey',
      });
    if ((CONTACT_COLUMNS as readonly string[]).includes(feature.key))
      errors.push({
        field: `${field}.key`,
        reason: `${feature.key} is reserved (a column of the CSV file)`,
        code: 'reservedFeature',
      });
    else if (keys.has(feature.key))
      errors.push({
        field: `${field}.key`,
        reason: `${feature.key} is given twice`,
        code: 'duplicateFeature',
      });
    keys.add(feature.key);
    const values = new Set<string>();
    feature.values.forEach((value, valueIndex) => {
      if (!FEATURE_VALUE_PATTERN.test(value.value))
        errors.push({
          field: `${field}.values[${valueIndex}].value`,
          reason: `"${value.value}" must be 1 to 60 characters without spaces, commas, semicolons or quotes`,
          code: 'featureValue',
        });
      else if (values.has(value.value))
        errors.push({
          field: `${field}.values[${valueIndex}].value`,
          reason: `"${value.value}" is given twice`,
          code: 'duplicateValue',
        });
      values.add(value.value);
    });
  });
  if (errors.length > 0) throw new InvalidFieldsException(errors);
}
