import {
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  profileFromPanelFeatures,
  type ApplyToPanelRequest,
  type ApplyToPanelResponse,
  type ImportVolunteersRequest,
  type ImportVolunteersResponse,
  type PanelDuplicate,
  type PanelResponse,
  type PanelVolunteerResponse,
} from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { StaffActor } from '../auth/actor';
import { CLOCK, type Clock } from '../common/clock';
import { InvalidFieldsException, invalidField } from '../common/invalid-fields.exception';
import { RATE_LIMITER, RateLimiter } from '../common/rate-limiter';
import { TooManyRequestsException } from '../common/too-many-requests.exception';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CensusService } from '../territories/census.service';
import { VOLUNTEER_APPLICATIONS_PER_IP_PER_HOUR } from './panel-defaults';
import { PanelDrawsRepository } from './panel-draws.repository';
import { PanelPoolRepository, type NewVolunteer } from './panel-pool.repository';
import { iso } from './panel-views';
import { PanelsService } from './panels.service';
import { checkApplication, readApplicationsCsv } from './pool-csv';
import { findDuplicates } from './pool-duplicates';
import { DomainError } from '../common/domain-error';

/** 409: the file has the same person twice (or someone already in the pool); nothing stored. */
export class DuplicateApplicationsException extends InvalidFieldsException {
  constructor(duplicates: PanelDuplicate[]) {
    super(
      duplicates.map((duplicate) => ({
        field: `body.csv.line${duplicate.line}`,
        reason: `line ${duplicate.line} is the same person as ${duplicate.matches} (same ${
          duplicate.reason === 'nameBirthYear' ? 'name and year of birth' : duplicate.reason
        })`,
        code: 'duplicate',
      })),
    );
  }

  override get status(): number {
    return HttpStatus.CONFLICT;
  }
}

/**
 * The volunteer pool: the public open call, paper imports, the organisers' list, and the
 * erasure of the pool's personal data (by an organiser, or hourly once the retention date
 * has passed).
 */
@Injectable()
export class PanelPoolService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Panels');
  private retentionTimer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly panels: PanelsService,
    private readonly repository: PanelPoolRepository,
    private readonly draws: PanelDrawsRepository,
    private readonly audit: AuditService,
    private readonly census: CensusService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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

  async volunteers(actor: StaffActor, id: string): Promise<PanelVolunteerResponse[]> {
    await this.panels.rowFor(actor, id);
    const active = await this.draws.activeProbabilities(id);
    const rows = await this.repository.list(id);
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
    // The optional profile, checked as a participant's; the features' answers count in it.
    const profile =
      request.profile !== undefined || request.profileConsent === true
        ? await this.census.consentedProfile(request.profile ?? {}, request.profileConsent)
        : null;
    return this.dataSource.transaction(async (manager) => {
      const row = await this.panels.row(id, manager);
      if (!row.call_open || row.drawn_at !== null || row.pool_erased_at !== null)
        throw new DomainError('conflict', 'The call for volunteers of this panel is closed');
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
      const [duplicate] = findDuplicates(
        [{ ...application, line: 1, birthYear: null }],
        await this.repository.identities(manager, id),
      );
      if (duplicate)
        throw new DomainError(
          'conflict',
          `An application with this ${duplicate.reason === 'phone' ? 'phone number' : 'email address'} is already in the pool`,
        );
      const [publicId] = await this.insertVolunteers(
        manager,
        id,
        [
          {
            ...application,
            profile: profile && { ...profile, ...profileFromPanelFeatures(application.features) },
          },
        ],
        'form',
      );
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
      const row = await this.panels.rowFor(actor, id, manager);
      if (row.drawn_at !== null || row.pool_erased_at !== null)
        throw new DomainError('conflict', 'The panel is drawn: its pool is closed');
      const { applications, errors } = readApplicationsCsv(request.csv, row.features);
      if (errors.length > 0) throw new InvalidFieldsException(errors);
      const duplicates = findDuplicates(
        applications,
        await this.repository.identities(manager, id),
      );
      if (duplicates.length > 0 && request.duplicates !== 'merge')
        throw new DuplicateApplicationsException(duplicates);
      const skipped = new Set(duplicates.map((duplicate) => duplicate.line));
      const kept = applications.filter((application) => !skipped.has(application.line));
      await this.insertVolunteers(manager, id, kept, 'import');
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'panel.volunteers.imported',
        targetType: 'panel',
        targetId: id,
        details: { count: kept.length, duplicatesSkipped: duplicates.length },
      });
      const volunteerCount = await this.repository.count(manager, id);
      return { imported: kept.length, volunteerCount, duplicates };
    });
  }

  insertVolunteers(
    manager: EntityManager,
    panelId: string,
    applications: readonly NewVolunteer[],
    source: 'form' | 'import',
  ): Promise<string[]> {
    return this.repository.insert(manager, panelId, applications, source, this.clock.now());
  }

  // ---- erasure --------------------------------------------------------------------------

  /**
   * Erases the pool's contact details (names, emails, phones) and keeps the anonymous features
   * the audit needs. Only once the panel is formed (an active draw), or automatically after
   * the retention date. Members keep their own contact on the member record.
   */
  async erasePool(actor: StaffActor, id: string): Promise<PanelResponse> {
    await this.dataSource.transaction(async (manager) => {
      const row = await this.panels.rowFor(actor, id, manager);
      if (row.drawn_at === null)
        throw new DomainError('conflict', 'The pool is erased once the panel is drawn');
      const erased = await this.repository.erase(manager, id, this.clock.now());
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'panel.pool.erased',
        targetType: 'panel',
        targetId: id,
        details: { volunteers: erased, reason: 'organiser' },
      });
    });
    return this.panels.full(await this.panels.row(id));
  }

  /** Erases every pool whose retention date has passed; returns the panels erased. */
  async eraseExpiredPools(): Promise<string[]> {
    const today = this.clock.now().toISOString().slice(0, 10);
    const due = await this.repository.expired(today);
    for (const id of due)
      await this.dataSource.transaction(async (manager) => {
        const erased = await this.repository.erase(manager, id, this.clock.now());
        await this.audit.record(manager, {
          actorUserId: null,
          action: 'panel.pool.erased',
          targetType: 'panel',
          targetId: id,
          details: { volunteers: erased, reason: 'retention' },
        });
      });
    if (due.length > 0) this.logger.log(`retention: erased the pools of ${due.length} panel(s)`);
    return due;
  }
}
