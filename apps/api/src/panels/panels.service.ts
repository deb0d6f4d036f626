import {
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  AppointMemberRequest,
  CreatePanelSessionRequest,
  JoinWorkshopResponse,
  PanelSessionResponse,
  ApplyToPanelRequest,
  ApplyToPanelResponse,
  CreateLotteryRequest,
  CreatePanelRequest,
  FieldError,
  ImportVolunteersRequest,
  ImportVolunteersResponse,
  InvitationLinkResponse,
  PanelDrawAudit,
  PanelDrawSummary,
  PanelFeature,
  PanelInvitationResponse,
  PanelLotteryResponse,
  PanelMemberResponse,
  PanelMemberStatus,
  PanelPublicResponse,
  PanelQuota,
  PanelResponse,
  PanelSeats,
  PanelSummary,
  PanelVolunteerResponse,
  UpdatePanelRequest,
} from '@permanente/contracts';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import type { StaffActor } from '../auth/actor';
import { hashToken, newSecretToken } from '../auth/tokens.util';
import { CLOCK, type Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { InvalidFieldsException, invalidField } from '../common/invalid-fields.exception';
import { RATE_LIMITER, RateLimiter } from '../common/rate-limiter';
import { returningRows } from '../common/sql.util';
import { TooManyRequestsException } from '../common/too-many-requests.exception';
import { ParticipantsService } from '../participants/participants.service';
import { publicLottery, SortitionInputError } from '../sortition';
import { WorkshopEntity } from '../workshops/workshop.entity';
import { WorkshopsService } from '../workshops/workshops.service';
import {
  defaultFeatures,
  FEATURE_KEY_PATTERN,
  FEATURE_VALUE_PATTERN,
  INVITATION_CALLS_PER_IP_PER_MINUTE,
  VOLUNTEER_APPLICATIONS_PER_IP_PER_HOUR,
  volunteerPublicId,
} from './panel-defaults';
import { checkApplication, readApplicationsCsv } from './pool-csv';

export interface PanelRow {
  id: string;
  campaign_id: string;
  territory_id: string;
  territory_name: string;
  title: string;
  description: string;
  drawn_seats: number;
  organisation_seats: number;
  elected_seats: number;
  features: PanelFeature[];
  call_open: boolean;
  retention_day: string;
  announced_seed: string | null;
  fairness: 'leximin' | 'maximin';
  pool_erased_at: Date | null;
  volunteer_count: number;
  drawn_at: Date | null;
}

export interface DrawRow {
  id: string;
  panel_id: string;
  kind: 'initial' | 'replacement';
  seed: string;
  fairness: 'leximin' | 'maximin';
  algorithm_version: string;
  solver_version: string;
  instance_digest: string;
  distribution_digest: string;
  panel_size: number;
  pool_snapshot: Array<{ id: string; features: Record<string, string> }>;
  quotas: PanelQuota[];
  confirmed: string[];
  excluded: string[];
  ticket: string;
  panel: string[];
  drawn: string[];
  probabilities: Record<string, number>;
  minimum_probability: number;
  elapsed_ms: number;
  created_at: Date;
  cancelled_at: Date | null;
}

interface MemberRow {
  id: string;
  category: 'drawn' | 'organisation' | 'elected';
  name: string | null;
  status: PanelMemberStatus;
  volunteer_public_id: string | null;
  appointed_by: string | null;
  draw_id: string | null;
  responded_at: Date | null;
}

interface LotteryRow {
  id: string;
  purpose: string;
  names: string[];
  count: number;
  seed: string;
  list_digest: string;
  algorithm_version: string;
  drawn: string[];
  created_at: Date;
}

const PANEL_SELECT = `
  SELECT p.*, p.retention_until::text AS retention_day, t.name AS territory_name,
    (SELECT count(*)::int FROM panel_volunteers v WHERE v.panel_id = p.id) AS volunteer_count,
    (SELECT d.created_at FROM panel_draws d
      WHERE d.panel_id = p.id AND d.kind = 'initial' AND d.cancelled_at IS NULL) AS drawn_at
  FROM panels p JOIN territories t ON t.id = p.territory_id`;

const iso = (date: Date | string | null): string | null =>
  date === null ? null : new Date(date).toISOString();

export function seatsOf(row: PanelRow): PanelSeats {
  return {
    drawn: row.drawn_seats,
    organisation: row.organisation_seats,
    elected: row.elected_seats,
  };
}

function toSummary(row: PanelRow): PanelSummary {
  const seats = seatsOf(row);
  return {
    id: row.id,
    campaignId: row.campaign_id,
    territoryId: row.territory_id,
    territoryName: row.territory_name,
    title: row.title,
    size: seats.drawn + seats.organisation + seats.elected,
    seats,
    callOpen: row.call_open,
    retentionUntil: row.retention_day,
    volunteerCount: row.volunteer_count,
    drawnAt: iso(row.drawn_at),
  };
}

export function toDrawSummary(row: DrawRow): PanelDrawSummary {
  return {
    id: row.id,
    kind: row.kind,
    seed: row.seed,
    fairness: row.fairness,
    algorithmVersion: row.algorithm_version,
    solverVersion: row.solver_version,
    instanceDigest: row.instance_digest,
    distributionDigest: row.distribution_digest,
    panelSize: row.panel_size,
    panel: row.panel,
    drawn: row.drawn,
    minimumProbability: row.minimum_probability,
    elapsedMs: row.elapsed_ms,
    createdAt: iso(row.created_at)!,
    cancelledAt: iso(row.cancelled_at),
  };
}

export function toDrawAudit(row: DrawRow): PanelDrawAudit {
  return {
    ...toDrawSummary(row),
    ticket: Number(row.ticket),
    quotas: row.quotas,
    confirmed: row.confirmed,
    excluded: row.excluded,
    pool: row.pool_snapshot,
    probabilities: row.probabilities,
  };
}

function toLottery(row: LotteryRow): PanelLotteryResponse {
  return {
    id: row.id,
    purpose: row.purpose,
    names: row.names,
    count: row.count,
    seed: row.seed,
    listDigest: row.list_digest,
    algorithmVersion: row.algorithm_version,
    drawn: row.drawn,
    createdAt: iso(row.created_at)!,
  };
}

function toMember(row: MemberRow): PanelMemberResponse {
  return {
    id: row.id,
    category: row.category,
    name: row.name,
    status: row.status,
    volunteerPublicId: row.volunteer_public_id,
    appointedBy: row.appointed_by,
    drawId: row.draw_id,
    respondedAt: iso(row.responded_at),
  };
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  return (
    error instanceof QueryFailedError &&
    (error.driverError as { constraint?: string }).constraint === constraint
  );
}

/**
 * Panels, their volunteer pool, quotas, members, invitations, appointed-seat lotteries and the
 * erasure of the pool's personal data. Draws are in PanelDrawsService.
 */
@Injectable()
export class PanelsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Panels');
  private retentionTimer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly workshops: WorkshopsService,
    private readonly participants: ParticipantsService,
  ) {}

  onModuleInit(): void {
    // Tests call eraseExpiredPools() themselves, at a time they choose.
    if (this.config.nodeEnv === 'test') return;
    // Pools past their retention date are erased hourly (and once shortly after start).
    const sweep = () =>
      void this.eraseExpiredPools().catch((error: unknown) =>
        this.logger.error(`retention sweep failed: ${String(error)}`),
      );
    this.retentionTimer = setInterval(sweep, 60 * 60 * 1000);
    this.retentionTimer.unref();
    setTimeout(sweep, 5_000).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.retentionTimer);
  }

  // ---- reading --------------------------------------------------------------------------

  async row(id: string, manager: EntityManager = this.dataSource.manager): Promise<PanelRow> {
    const [row] = (await manager.query(`${PANEL_SELECT} WHERE p.id = $1`, [id])) as PanelRow[];
    if (!row) throw new NotFoundException(`No panel has the id ${id}`);
    return row;
  }

  /** The row, after checking the organiser's role and scope (403) — 404 first when unknown. */
  async rowFor(
    actor: StaffActor,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PanelRow> {
    const row = await this.row(id, manager);
    await this.access.assertCan(actor, ['organiser'], row.territory_id, manager);
    return row;
  }

  async list(actor: StaffActor, campaignId?: string): Promise<PanelSummary[]> {
    const scope = await this.access.territoryIdsInScope(actor);
    const rows = (await this.dataSource.query(
      `${PANEL_SELECT}
       WHERE ($1::uuid IS NULL OR p.campaign_id = $1) AND ($2::uuid[] IS NULL OR p.territory_id = ANY($2))
       ORDER BY t.code, p.title`,
      [campaignId ?? null, scope],
    )) as PanelRow[];
    return rows.map(toSummary);
  }

  async get(actor: StaffActor, id: string): Promise<PanelResponse> {
    const row = await this.rowFor(actor, id);
    return this.full(row);
  }

  async quotas(panelId: string, manager: EntityManager = this.dataSource.manager) {
    const rows: PanelQuota[] = await manager.query(
      `SELECT feature, value, min, max FROM panel_quotas WHERE panel_id = $1 ORDER BY feature, value`,
      [panelId],
    );
    return rows;
  }

  async draws(panelId: string, manager: EntityManager = this.dataSource.manager) {
    const rows: DrawRow[] = await manager.query(
      `SELECT * FROM panel_draws WHERE panel_id = $1 ORDER BY created_at, id`,
      [panelId],
    );
    return rows;
  }

  private async members(panelId: string): Promise<PanelMemberResponse[]> {
    const rows: MemberRow[] = await this.dataSource.query(
      `SELECT m.id, m.category, m.name, m.status, v.public_id AS volunteer_public_id,
              m.appointed_by, m.draw_id, m.responded_at
       FROM panel_members m LEFT JOIN panel_volunteers v ON v.id = m.volunteer_id
       WHERE m.panel_id = $1
       ORDER BY CASE m.category WHEN 'drawn' THEN 0 WHEN 'organisation' THEN 1 ELSE 2 END,
                m.created_at, v.public_id, m.name`,
      [panelId],
    );
    return rows.map(toMember);
  }

  private async lotteries(panelId: string): Promise<PanelLotteryResponse[]> {
    const rows: LotteryRow[] = await this.dataSource.query(
      `SELECT * FROM panel_lotteries WHERE panel_id = $1 ORDER BY created_at, id`,
      [panelId],
    );
    return rows.map(toLottery);
  }

  private async full(row: PanelRow): Promise<PanelResponse> {
    return {
      ...toSummary(row),
      description: row.description,
      features: row.features,
      quotas: await this.quotas(row.id),
      announcedSeed: row.announced_seed,
      fairness: row.fairness,
      poolErasedAt: iso(row.pool_erased_at),
      draws: (await this.draws(row.id)).map(toDrawSummary),
      members: await this.members(row.id),
      lotteries: await this.lotteries(row.id),
      sessions: await this.sessions(row),
    };
  }

  /** The panel's sessions: panel_session workshops of its campaign and territory. */
  private async sessions(
    row: Pick<PanelRow, 'campaign_id' | 'territory_id'>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PanelSessionResponse[]> {
    const rows: Array<{
      id: string;
      title: string;
      status: PanelSessionResponse['status'];
      place: string | null;
      starts_at: Date | null;
    }> = await manager.query(
      `SELECT id, title, status, place, starts_at FROM workshops
       WHERE kind = 'panel_session' AND campaign_id = $1 AND territory_id = $2
       ORDER BY starts_at NULLS LAST, created_at`,
      [row.campaign_id, row.territory_id],
    );
    return rows.map((r) => ({
      workshopId: r.id,
      title: r.title,
      status: r.status,
      place: r.place,
      startsAt: iso(r.starts_at),
    }));
  }

  /** A panel session: a live workshop of the panel's territory and campaign, members only. */
  async createSession(
    actor: StaffActor,
    id: string,
    request: CreatePanelSessionRequest,
  ): Promise<PanelSessionResponse> {
    const row = await this.rowFor(actor, id);
    const workshop = await this.workshops.create(actor, {
      title: request.title,
      kind: 'panel_session',
      territoryId: row.territory_id,
      place: request.place ?? null,
      startsAt: request.startsAt ?? null,
    });
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE workshops SET campaign_id = $2 WHERE id = $1`, [
        workshop.id,
        row.campaign_id,
      ]);
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'panel.session.created',
        targetType: 'panel',
        targetId: id,
        details: { workshopId: workshop.id },
      });
    });
    return (await this.sessions(row)).find((session) => session.workshopId === workshop.id)!;
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
      quotas: await this.quotas(row.id),
      announcedSeed: row.announced_seed,
      volunteerCount: row.volunteer_count,
      draws: (await this.draws(row.id)).map(toDrawAudit),
      lotteries: await this.lotteries(row.id),
    };
  }

  // ---- panels ---------------------------------------------------------------------------

  async create(actor: StaffActor | null, request: CreatePanelRequest): Promise<PanelResponse> {
    checkSeats(request.seats);
    if (request.features) checkFeatures(request.features);
    const id = await this.dataSource.transaction(async (manager) => {
      const [campaign] = await manager.query(`SELECT id FROM campaigns WHERE id = $1`, [
        request.campaignId,
      ]);
      if (!campaign)
        throw invalidField(
          'body.campaignId',
          `Unknown campaign ${request.campaignId}`,
          'unknownCampaign',
        );
      const [territory] = await manager.query(`SELECT id, name FROM territories WHERE id = $1`, [
        request.territoryId,
      ]);
      if (!territory)
        throw invalidField(
          'body.territoryId',
          `Unknown territory ${request.territoryId}`,
          'unknownTerritory',
        );
      if (actor) await this.access.assertCan(actor, ['organiser'], request.territoryId, manager);
      const features = request.features ?? defaultFeatures(await bassinsOf(manager, territory.id));
      let inserted: Array<{ id: string }>;
      try {
        inserted = await manager.query(
          `INSERT INTO panels (campaign_id, territory_id, title, description, drawn_seats,
             organisation_seats, elected_seats, features, call_open, retention_until)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
          [
            request.campaignId,
            request.territoryId,
            request.title?.trim() || `Panel citoyen — ${territory.name}`,
            request.description?.trim() ?? '',
            request.seats.drawn,
            request.seats.organisation,
            request.seats.elected,
            JSON.stringify(features),
            request.callOpen ?? true,
            request.retentionUntil,
          ],
        );
      } catch (error) {
        if (isUniqueViolation(error, 'panels_campaign_territory_key'))
          throw new ConflictException('This campaign already has a panel for this territory');
        throw error;
      }
      await this.audit.record(manager, {
        actorUserId: actor?.userId ?? null,
        action: 'panel.created',
        targetType: 'panel',
        targetId: inserted[0].id,
        details: { territoryId: request.territoryId, seats: request.seats },
      });
      return inserted[0].id;
    });
    return this.full(await this.row(id));
  }

  async update(actor: StaffActor, id: string, request: UpdatePanelRequest): Promise<PanelResponse> {
    if (request.seats) checkSeats(request.seats);
    if (request.features) checkFeatures(request.features);
    await this.dataSource.transaction(async (manager) => {
      const row = await this.rowFor(actor, id, manager);
      await manager.query(`SELECT id FROM panels WHERE id = $1 FOR UPDATE`, [id]);
      const drawn = row.drawn_at !== null;
      if (request.features && row.volunteer_count > 0)
        throw new ConflictException(
          'The features cannot change once volunteers have applied (their answers would not match)',
        );
      if (request.seats && drawn && request.seats.drawn !== row.drawn_seats)
        throw new ConflictException(
          'The drawn seats cannot change after the draw: cancel it first',
        );
      const changes: string[] = [];
      const params: unknown[] = [id];
      const set = (column: string, value: unknown) => {
        params.push(value);
        changes.push(`${column} = $${params.length}`);
      };
      if (request.title !== undefined) set('title', request.title.trim());
      if (request.description !== undefined) set('description', request.description.trim());
      if (request.seats) {
        set('drawn_seats', request.seats.drawn);
        set('organisation_seats', request.seats.organisation);
        set('elected_seats', request.seats.elected);
      }
      if (request.features) set('features', JSON.stringify(request.features));
      if (request.retentionUntil !== undefined) set('retention_until', request.retentionUntil);
      if (request.callOpen !== undefined) set('call_open', request.callOpen);
      if (request.announcedSeed !== undefined) set('announced_seed', request.announcedSeed);
      if (request.fairness !== undefined) set('fairness', request.fairness);
      if (changes.length > 0)
        await manager.query(
          `UPDATE panels SET ${changes.join(', ')}, updated_at = now() WHERE id = $1`,
          params,
        );
      if (request.features) {
        // Quotas on a feature or value that no longer exists go with it.
        const quotas = await this.quotas(id, manager);
        for (const quota of quotas)
          if (!featureHas(request.features, quota.feature, quota.value))
            await manager.query(
              `DELETE FROM panel_quotas WHERE panel_id = $1 AND feature = $2 AND value = $3`,
              [id, quota.feature, quota.value],
            );
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
      await manager.query(`SELECT id FROM panels WHERE id = $1 FOR UPDATE`, [id]);
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
      if (errors.length > 0) throw new InvalidFieldsException(errors);
      if (row.drawn_at !== null)
        throw new ConflictException('The panel is drawn: cancel the draw to change its quotas');
      await manager.query(`DELETE FROM panel_quotas WHERE panel_id = $1`, [id]);
      for (const quota of quotas)
        await manager.query(
          `INSERT INTO panel_quotas (panel_id, feature, value, min, max) VALUES ($1, $2, $3, $4, $5)`,
          [id, quota.feature, quota.value, quota.min, quota.max],
        );
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

  // ---- the pool -------------------------------------------------------------------------

  async volunteers(actor: StaffActor, id: string): Promise<PanelVolunteerResponse[]> {
    await this.rowFor(actor, id);
    const [active] = (await this.dataSource.query(
      `SELECT probabilities, panel FROM panel_draws
       WHERE panel_id = $1 AND kind = 'initial' AND cancelled_at IS NULL`,
      [id],
    )) as Array<Pick<DrawRow, 'probabilities' | 'panel'>>;
    const rows: Array<{
      public_id: string;
      name: string | null;
      email: string | null;
      phone: string | null;
      features: Record<string, string>;
      source: 'form' | 'import';
      created_at: Date;
      selected: boolean;
    }> = await this.dataSource.query(
      `SELECT v.public_id, v.name, v.email, v.phone, v.features, v.source, v.created_at,
              EXISTS (SELECT 1 FROM panel_members m WHERE m.volunteer_id = v.id) AS selected
       FROM panel_volunteers v WHERE v.panel_id = $1 ORDER BY v.public_id`,
      [id],
    );
    return rows.map((row) => ({
      publicId: row.public_id,
      name: row.name,
      email: row.email,
      phone: row.phone,
      features: row.features,
      source: row.source,
      createdAt: iso(row.created_at)!,
      probability: active ? (active.probabilities[row.public_id] ?? null) : null,
      selected: row.selected,
    }));
  }

  /** The public open call: one application, with consent, checked against the features. */
  async apply(id: string, request: ApplyToPanelRequest, ip: string): Promise<ApplyToPanelResponse> {
    const decision = await this.limiter.consume(
      `panel-apply:ip:${ip}`,
      VOLUNTEER_APPLICATIONS_PER_IP_PER_HOUR,
      60 * 60 * 1000,
    );
    if (!decision.allowed)
      throw new TooManyRequestsException(
        'Too many applications from this address: try again later',
        decision.retryAfterMs,
      );
    if (request.consent !== true)
      throw invalidField(
        'body.consent',
        'consent is required to apply (the data is kept until the retention date)',
        'consentRequired',
      );
    return this.dataSource.transaction(async (manager) => {
      const row = await this.row(id, manager);
      if (!row.call_open || row.drawn_at !== null || row.pool_erased_at !== null)
        throw new ConflictException('The call for volunteers of this panel is closed');
      const application = {
        name: request.name.trim(),
        email: request.email?.trim() || null,
        phone: request.phone?.trim() || null,
        features: request.features,
      };
      const errors = checkApplication(row.features, application, (column) =>
        ['name', 'email', 'phone'].includes(column) ? `body.${column}` : `body.features.${column}`,
      );
      if (errors.length > 0) throw new InvalidFieldsException(errors);
      const [publicId] = await this.insertVolunteers(manager, id, [application], 'form');
      return { publicId, retentionUntil: row.retention_day };
    });
  }

  /** Paper applications: all rows or none. */
  async importCsv(
    actor: StaffActor,
    id: string,
    request: ImportVolunteersRequest,
  ): Promise<ImportVolunteersResponse> {
    if (request.consent !== true)
      throw invalidField(
        'body.consent',
        'confirm that every paper application carries its consent',
        'consentRequired',
      );
    return this.dataSource.transaction(async (manager) => {
      const row = await this.rowFor(actor, id, manager);
      if (row.drawn_at !== null || row.pool_erased_at !== null)
        throw new ConflictException('The panel is drawn: its pool is closed');
      const { applications, errors } = readApplicationsCsv(request.csv, row.features);
      if (errors.length > 0) throw new InvalidFieldsException(errors);
      await this.insertVolunteers(manager, id, applications, 'import');
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'panel.volunteers.imported',
        targetType: 'panel',
        targetId: id,
        details: { count: applications.length },
      });
      const [{ n }] = await manager.query(
        `SELECT count(*)::int AS n FROM panel_volunteers WHERE panel_id = $1`,
        [id],
      );
      return { imported: applications.length, volunteerCount: n };
    });
  }

  async insertVolunteers(
    manager: EntityManager,
    panelId: string,
    applications: Array<{
      name: string;
      email: string | null;
      phone: string | null;
      features: Record<string, string>;
    }>,
    source: 'form' | 'import',
  ): Promise<string[]> {
    const [range] = await returningRows<{ next: number }>(
      manager,
      `UPDATE panels SET next_volunteer_number = next_volunteer_number + $2
       WHERE id = $1 RETURNING next_volunteer_number - $2 AS next`,
      [panelId, applications.length],
    );
    const ids: string[] = [];
    const now = this.clock.now();
    const chunk = 500;
    for (let start = 0; start < applications.length; start += chunk) {
      const slice = applications.slice(start, start + chunk);
      const values: string[] = [];
      const params: unknown[] = [panelId, source, now];
      slice.forEach((application, offset) => {
        const publicId = volunteerPublicId(range.next + start + offset);
        ids.push(publicId);
        params.push(
          publicId,
          JSON.stringify(application.features),
          application.name,
          application.email,
          application.phone,
        );
        const p = params.length;
        values.push(`($1, $${p - 4}, $${p - 3}, $${p - 2}, $${p - 1}, $${p}, $2, $3)`);
      });
      await manager.query(
        `INSERT INTO panel_volunteers (panel_id, public_id, features, name, email, phone, source, consent_at)
         VALUES ${values.join(', ')}`,
        params,
      );
    }
    return ids;
  }

  // ---- erasure --------------------------------------------------------------------------

  /**
   * Erases the pool's contact details (names, emails, phones) and keeps the anonymous features
   * the audit needs. Only once the panel is formed (an active draw), or automatically after
   * the retention date. Members keep their own contact on the member record.
   */
  async erasePool(actor: StaffActor, id: string): Promise<PanelResponse> {
    await this.dataSource.transaction(async (manager) => {
      const row = await this.rowFor(actor, id, manager);
      if (row.drawn_at === null)
        throw new ConflictException('The pool is erased once the panel is drawn');
      const erased = await this.erase(manager, id);
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'panel.pool.erased',
        targetType: 'panel',
        targetId: id,
        details: { volunteers: erased, reason: 'organiser' },
      });
    });
    return this.full(await this.row(id));
  }

  /** Erases every pool whose retention date has passed; returns the panels erased. */
  async eraseExpiredPools(): Promise<string[]> {
    const today = this.clock.now().toISOString().slice(0, 10);
    const due: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM panels WHERE retention_until < $1 AND pool_erased_at IS NULL`,
      [today],
    );
    for (const { id } of due)
      await this.dataSource.transaction(async (manager) => {
        const erased = await this.erase(manager, id);
        await this.audit.record(manager, {
          actorUserId: null,
          action: 'panel.pool.erased',
          targetType: 'panel',
          targetId: id,
          details: { volunteers: erased, reason: 'retention' },
        });
      });
    if (due.length > 0) this.logger.log(`retention: erased the pools of ${due.length} panel(s)`);
    return due.map((panel) => panel.id);
  }

  private async erase(manager: EntityManager, id: string): Promise<number> {
    const now = this.clock.now();
    const rows = await returningRows<{ id: string }>(
      manager,
      `UPDATE panel_volunteers SET name = NULL, email = NULL, phone = NULL, erased_at = $2
       WHERE panel_id = $1 AND erased_at IS NULL RETURNING id`,
      [id, now],
    );
    await manager.query(
      `UPDATE panels SET pool_erased_at = $2, call_open = false, updated_at = now() WHERE id = $1`,
      [id, now],
    );
    return rows.length;
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
      await this.rowFor(actor, id, manager);
      const [row] = (await manager.query(
        `INSERT INTO panel_lotteries (panel_id, purpose, names, count, seed, list_digest, algorithm_version, drawn)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [
          id,
          request.purpose.trim(),
          JSON.stringify(names),
          request.count,
          request.seed,
          result.listDigest,
          result.algorithmVersion,
          JSON.stringify(result.drawn),
        ],
      )) as LotteryRow[];
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
      const row = await this.rowFor(actor, id, manager);
      await manager.query(`SELECT id FROM panels WHERE id = $1 FOR UPDATE`, [id]);
      const lotteries: Array<{ drawn: string[] }> = await manager.query(
        `SELECT drawn FROM panel_lotteries WHERE panel_id = $1`,
        [id],
      );
      if (!lotteries.some((lottery) => lottery.drawn.includes(request.appointedBy)))
        throw invalidField(
          'body.appointedBy',
          `${request.appointedBy} was not drawn by a lottery of this panel`,
          'notDrawn',
        );
      const seats =
        request.category === 'organisation' ? row.organisation_seats : row.elected_seats;
      const [{ n }] = await manager.query(
        `SELECT count(*)::int AS n FROM panel_members
         WHERE panel_id = $1 AND category = $2 AND status <> 'declined'`,
        [id, request.category],
      );
      if (n >= seats)
        throw new ConflictException(`All ${seats} ${request.category} seats are taken`);
      const [member] = await manager.query(
        `INSERT INTO panel_members (panel_id, category, name, appointed_by)
         VALUES ($1, $2, $3, $4) RETURNING id`,
        [id, request.category, request.name.trim(), request.appointedBy],
      );
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'panel.member.appointed',
        targetType: 'panel',
        targetId: id,
        details: { memberId: member.id, category: request.category },
      });
      return member.id as string;
    });
    return (await this.members(id)).find((member) => member.id === memberId)!;
  }

  // ---- members and invitations ----------------------------------------------------------

  private async memberRow(
    manager: EntityManager,
    panelId: string,
    memberId: string,
  ): Promise<{ id: string; status: PanelMemberStatus; category: string }> {
    const [member] = await manager.query(
      `SELECT id, status, category FROM panel_members WHERE id = $1 AND panel_id = $2 FOR UPDATE`,
      [memberId, panelId],
    );
    if (!member) throw new NotFoundException(`No member ${memberId} in this panel`);
    return member;
  }

  /** A new personal invitation link (the previous one stops working). Shown once. */
  async invitationLink(
    actor: StaffActor,
    id: string,
    memberId: string,
  ): Promise<InvitationLinkResponse> {
    return this.dataSource.transaction(async (manager) => {
      await this.rowFor(actor, id, manager);
      await this.memberRow(manager, id, memberId);
      const token = newSecretToken();
      await manager.query(`UPDATE panel_members SET invitation_token_hash = $2 WHERE id = $1`, [
        memberId,
        hashToken(token),
      ]);
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
      await this.rowFor(actor, id, manager);
      const member = await this.memberRow(manager, id, memberId);
      if (member.status === 'declined')
        throw new ConflictException('This member declined: draw a replacement instead');
      await manager.query(`UPDATE panel_members SET status = $2, responded_at = $3 WHERE id = $1`, [
        memberId,
        status,
        this.clock.now(),
      ]);
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: `panel.member.${status}`,
        targetType: 'panel',
        targetId: id,
        details: { memberId },
      });
    });
    return (await this.members(id)).find((member) => member.id === memberId)!;
  }

  private async limitInvitationCalls(ip: string): Promise<void> {
    const decision = await this.limiter.consume(
      `panel-invitation:ip:${ip}`,
      INVITATION_CALLS_PER_IP_PER_MINUTE,
      60_000,
    );
    if (!decision.allowed)
      throw new TooManyRequestsException('Too many requests: wait a minute', decision.retryAfterMs);
  }

  private async invitation(
    manager: EntityManager,
    token: string,
  ): Promise<PanelInvitationResponse & { memberId: string }> {
    const [row] = await manager.query(
      `SELECT m.id, m.category, m.name, m.status, p.id AS panel_id, p.title, t.name AS territory_name,
              p.campaign_id, p.territory_id
       FROM panel_members m JOIN panels p ON p.id = m.panel_id JOIN territories t ON t.id = p.territory_id
       WHERE m.invitation_token_hash = $1`,
      [hashToken(token)],
    );
    if (!row) throw new NotFoundException('This invitation link is not valid (any more)');
    return {
      memberId: row.id,
      panelId: row.panel_id,
      panelTitle: row.title,
      territoryName: row.territory_name,
      category: row.category,
      name: row.name,
      status: row.status,
      sessions: await this.sessions(row, manager),
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

  /** An accepted member enters one of the panel's sessions with their personal link. */
  async joinSession(token: string, workshopId: string, ip: string): Promise<JoinWorkshopResponse> {
    await this.limitInvitationCalls(ip);
    const invitation = await this.invitation(this.dataSource.manager, token);
    const session = invitation.sessions.find((s) => s.workshopId === workshopId);
    if (!session || session.status === 'draft')
      throw new NotFoundException('This panel has no such session');
    if (session.status === 'closed') throw new ConflictException('This session is over');
    if (invitation.status !== 'accepted')
      throw new ForbiddenException('Accept the invitation to take part in the panel’s sessions');
    const workshop = await this.dataSource
      .getRepository(WorkshopEntity)
      .findOneByOrFail({ id: workshopId });
    // Their first name, as a workshop display name (they may change it, like any participant).
    return this.participants.admit(workshop, invitation.name?.split(' ')[0] ?? null);
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
        throw new ConflictException('You declined this invitation; it cannot be changed here');
      const status = answer === 'accept' ? 'accepted' : 'declined';
      await manager.query(`UPDATE panel_members SET status = $2, responded_at = $3 WHERE id = $1`, [
        memberId,
        status,
        this.clock.now(),
      ]);
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

function featureHas(features: readonly PanelFeature[], key: string, value: string): boolean {
  return features.some(
    (feature) => feature.key === key && feature.values.some((v) => v.value === value),
  );
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
    if (['name', 'email', 'phone'].includes(feature.key) || keys.has(feature.key))
      errors.push({
        field: `${field}.key`,
        reason: `${feature.key} is reserved or repeated`,
        code: 'duplicateFeature',
      });
    keys.add(feature.key);
    const values = new Set<string>();
    feature.values.forEach((value, valueIndex) => {
      if (!FEATURE_VALUE_PATTERN.test(value.value) || values.has(value.value))
        errors.push({
          field: `${field}.values[${valueIndex}].value`,
          reason: `"${value.value}" must be 1 to 60 characters without spaces, commas, semicolons or quotes, and unique`,
          code: 'featureValue',
        });
      values.add(value.value);
    });
  });
  if (errors.length > 0) throw new InvalidFieldsException(errors);
}

async function bassinsOf(
  manager: EntityManager,
  territoryId: string,
): Promise<Array<{ code: string; name: string }>> {
  const rows: Array<{ code: string; name: string }> = await manager.query(
    `WITH RECURSIVE down AS (
       SELECT id, code, name, level FROM territories WHERE id = $1
       UNION
       SELECT t.id, t.code, t.name, t.level FROM territories t JOIN down ON t.parent_id = down.id
     )
     SELECT code, name FROM down WHERE level = 'bassin_de_vie' ORDER BY name`,
    [territoryId],
  );
  if (rows.length > 0) return rows;
  return manager.query(`SELECT code, name FROM territories WHERE id = $1`, [territoryId]);
}
