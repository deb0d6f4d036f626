import { Inject, Injectable } from '@nestjs/common';
import type {
  FieldBatchResult,
  FieldSignedRequest,
  FieldSyncReport,
  FieldSyncStateResponse,
  LiveEvent,
} from '@permanente/contracts';
import { QueryFailedError, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { StaffActor } from '../auth/actor';
import { CLOCK, type Clock } from '../common/clock';
import { RATE_LIMITER, RateLimiter } from '../common/rate-limiter';
import { TooManyRequestsException } from '../common/too-many-requests.exception';
import { WorkshopEventLog } from '../live/workshop-event-log.service';
import { FieldEventsRepository } from './field-events.repository';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { FieldKitsRepository, type KitRow } from './field-kits.repository';
import { kitStatus } from './field-kits.service';
import {
  BATCH_FORMAT,
  BATCH_STAGES,
  EXPORT_FORMAT,
  STATE_FORMAT,
  type FieldBatchPayload,
  type FieldExportPayload,
  type FieldStatePayload,
} from './field-payloads';
import { CHOICE_TABLES, FieldRowsRepository } from './field-rows.repository';
import {
  digestOf,
  parsePayload,
  SignedFileError,
  splitSignedFile,
  verifyText,
} from './field-signing';
import { DomainError } from '../common/domain-error';

/** Sync requests one address may make per minute (a kit sends one per batch). */
export const SYNC_REQUESTS_PER_MINUTE = 600;

type Row = Record<string, unknown>;

/**
 * The central side of sync back: a kit's signed batches, over HTTP or in an export file, go
 * through `apply`. Each batch is one transaction: the kit is checked (signature, expiry,
 * revocation, its own workshops only), the rows are upserted by their global ids, the events
 * re-sequenced into central's log, the batch recorded with its digest and audited; a batch
 * already applied (same key and digest) changes nothing. Events are fanned out once committed.
 */
@Injectable()
export class FieldSyncService {
  constructor(
    private readonly kits: FieldKitsRepository,
    private readonly rows: FieldRowsRepository,
    private readonly events: FieldEventsRepository,
    private readonly log: WorkshopEventLog,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    private readonly outbox: MailOutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async limit(ip: string): Promise<void> {
    const decision = await this.limiter.consume(
      `field-sync:ip:${ip}`,
      SYNC_REQUESTS_PER_MINUTE,
      60_000,
    );
    if (!decision.allowed)
      throw new TooManyRequestsException(
        'Too many sync requests: wait a minute',
        decision.retryAfterMs,
      );
  }

  /** What central holds of the kit, for the field instance to send only the rest. */
  async state(request: FieldSignedRequest): Promise<FieldSyncStateResponse> {
    const kit = await this.authenticate(this.kits.manager, request);
    const payload = parsePayload<FieldStatePayload>(request.payload);
    if (payload.format !== STATE_FORMAT)
      throw new DomainError('invalid', 'Not a sync state request');
    return {
      kitId: kit.id,
      status: kitStatus(kit, this.clock.now()),
      applied: await this.events.appliedBatches(this.kits.manager, kit.id),
    };
  }

  async apply(
    request: FieldSignedRequest,
    via: 'sync' | 'file',
    /** Who brought an export file in (null: the kit itself, over the network). */
    importedBy: string | null = null,
  ): Promise<FieldBatchResult> {
    const published: Array<{ workshopId: string; events: LiveEvent[] }> = [];
    const result = await this.kits
      .transaction(async (manager) => {
        const kit = await this.authenticate(manager, request, true);
        const batch = parsePayload<FieldBatchPayload>(request.payload);
        if (
          batch.format !== BATCH_FORMAT ||
          typeof batch.key !== 'string' ||
          !BATCH_STAGES.includes(batch.stage) ||
          !Array.isArray(batch.rows)
        )
          throw new DomainError('invalid', 'Not a field batch');
        if (!kit.workshop_ids.includes(batch.workshopId))
          throw new DomainError('forbidden', 'This kit does not hold that workshop');
        const digest = digestOf(request.payload);
        const applied = await this.events.appliedBatches(manager, kit.id);
        if (applied[batch.key] === digest)
          return { batchKey: batch.key, applied: false, counts: {} };
        if (kit.closed_at)
          throw new DomainError(
            'conflict',
            'This kit was synced back and closed: it brings nothing more',
          );
        const counts = await this.applyStage(manager, kit, batch, published);
        await this.events.recordBatch(manager, {
          kitId: kit.id,
          key: batch.key,
          digest,
          workshopId: batch.workshopId,
          counts,
          via,
        });
        await this.audit.record(manager, {
          actorUserId: importedBy,
          action: 'field.batch_applied',
          targetType: 'workshop',
          targetId: batch.workshopId,
          details: {
            kitId: kit.id,
            kit: kit.label,
            issuedBy: kit.issued_by,
            batch: batch.key,
            stage: batch.stage,
            via,
            counts,
          },
        });
        return { batchKey: batch.key, applied: true, counts };
      })
      .catch((error: unknown) => {
        // A signed batch whose rows do not fit central's (a missing or duplicate key): the
        // kit's fault, a 400, never a 500. Nothing of the batch was written.
        if (
          error instanceof QueryFailedError &&
          /^23/.test(String((error.driverError as { code?: unknown })?.code))
        )
          throw new DomainError(
            'invalid',
            `The batch does not fit the central data (${String((error.driverError as { constraint?: unknown }).constraint ?? 'constraint')})`,
          );
        throw error;
      });
    for (const { workshopId, events } of published) this.log.publish(workshopId, events);
    return result;
  }

  /** The USB-key fallback: every batch of the file through `apply`, in order. */
  async importFile(
    file: string,
    actor: StaffActor | null = null,
    /** Refuses (throws) when the importer may not bring this kit back. */
    authorize: (kitId: string) => Promise<void> = async () => undefined,
  ): Promise<FieldSyncReport> {
    let payload: FieldExportPayload;
    let signature: string;
    let text: string;
    try {
      ({ payload: text, signature } = splitSignedFile(file));
      payload = parsePayload<FieldExportPayload>(text);
    } catch (error) {
      if (error instanceof SignedFileError) throw new DomainError('invalid', error.message);
      throw error;
    }
    if (payload.format !== EXPORT_FORMAT || !Array.isArray(payload.batches))
      throw new DomainError('invalid', 'Not a field export file');
    // The whole file is signed by the kit: one byte changed anywhere is refused here.
    await this.authenticate(this.kits.manager, { kitId: payload.kitId, payload: text, signature });
    await authorize(payload.kitId);
    const report: FieldSyncReport = {
      kitId: payload.kitId,
      batches: payload.batches.length,
      applied: 0,
      skipped: 0,
      events: 0,
      kitClosed: false,
      notTaken: 0,
    };
    const closed = !!(await this.kits.kit(this.kits.manager, payload.kitId))?.closed_at;
    const held = await this.events.appliedBatches(this.kits.manager, payload.kitId);
    for (const batch of payload.batches) {
      if (typeof batch?.payload !== 'string' || typeof batch?.signature !== 'string')
        throw new DomainError('invalid', 'A batch of the file has no payload or signature');
      // Back home and closed: what central holds is skipped, anything else is not taken.
      if (
        closed &&
        held[parsePayload<{ key?: string }>(batch.payload).key ?? ''] !== digestOf(batch.payload)
      ) {
        report.notTaken += 1;
        continue;
      }
      const result = await this.apply(
        { kitId: payload.kitId, payload: batch.payload, signature: batch.signature },
        'file',
        actor?.userId ?? null,
      );
      if (result.applied) report.applied += 1;
      else report.skipped += 1;
      report.events += result.counts['events'] ?? 0;
    }
    const kit = await this.kits.kit(this.kits.manager, payload.kitId);
    report.kitClosed = !!kit?.closed_at;
    return report;
  }

  /**
   * The kit of a signed request: 401 for an unknown kit or a bad signature, 403 once revoked
   * or expired.
   */
  private async authenticate(
    manager: EntityManager,
    request: FieldSignedRequest,
    lock = false,
  ): Promise<KitRow> {
    const kit = await this.kits.kit(manager, request.kitId, lock);
    if (!kit || !verifyText(kit.public_key, request.payload, request.signature))
      throw new DomainError('unauthorized', 'Unknown kit or bad signature');
    const payload = parsePayload<{ kitId?: unknown }>(request.payload);
    if (payload.kitId !== kit.id)
      throw new DomainError('unauthorized', 'The payload names another kit');
    const status = kitStatus(kit, this.clock.now());
    if (status === 'revoked')
      throw new DomainError('forbidden', `The field kit "${kit.label}" was revoked`);
    if (status === 'expired')
      throw new DomainError('forbidden', `The field kit "${kit.label}" has expired`);
    return kit;
  }

  private async applyStage(
    manager: EntityManager,
    kit: KitRow,
    batch: FieldBatchPayload,
    published: Array<{ workshopId: string; events: LiveEvent[] }>,
  ): Promise<Record<string, number>> {
    const workshopId = batch.workshopId;
    const own = (rows: Row[]) => {
      for (const row of rows)
        if (row['workshop_id'] !== workshopId)
          throw new DomainError('forbidden', 'A row of the batch belongs to another workshop');
      return rows;
    };
    switch (batch.stage) {
      case 'participants': {
        // The field's credentials stay on the field: no token hashes to this value.
        const rows = own(batch.rows).map((row) => ({
          ...row,
          token_hash: `field-${String(row['id'])}`,
        }));
        return {
          participants: await this.rows.upsert(manager, 'participants', rows, {
            sameWorkshop: true,
          }),
        };
      }
      case 'activities':
        return {
          activities: await this.rows.upsert(manager, 'activities', own(batch.rows), {
            sameWorkshop: true,
          }),
        };
      case 'themes': {
        const rows = own(batch.rows);
        const n = await this.rows.upsert(manager, 'themes', rows, { sameWorkshop: true });
        await this.rows.pruneThemes(
          manager,
          workshopId,
          rows.map((row) => String(row['id'])),
        );
        return { themes: n };
      }
      case 'ideas': {
        // Merges come in `idea_links`, once every idea of the workshop is in.
        const rows = own(batch.rows).map((row) => ({ ...row, duplicate_of: null }));
        const n = await this.rows.upsert(manager, 'ideas', rows, {
          sameWorkshop: true,
          keep: ['duplicate_of'],
        });
        await this.assertNoCrossLinks(manager, workshopId);
        return { ideas: n };
      }
      case 'idea_links': {
        const links = batch.rows.map((row) => ({
          id: String(row['id']),
          duplicate_of: (row['duplicate_of'] as string | null) ?? null,
        }));
        const n = await this.rows.setDuplicates(manager, workshopId, links);
        await this.assertNoCrossLinks(manager, workshopId);
        return { links: n };
      }
      case 'choices': {
        const activityId = batch.activityId ?? '';
        if ((await this.rows.activityWorkshop(manager, activityId)) !== workshopId)
          throw new DomainError('forbidden', 'The activity belongs to another workshop');
        await this.rows.clearChoices(manager, activityId);
        let n = 0;
        for (const table of CHOICE_TABLES) {
          const rows = batch.rows
            .filter((entry) => entry['table'] === table)
            .map((entry) => entry['row'] as Row);
          if (rows.some((row) => row['activity_id'] !== activityId))
            throw new DomainError('forbidden', 'A choice of the batch belongs to another activity');
          n += await this.rows.upsert(manager, table, rows);
        }
        if ((await this.rows.foreignChoices(manager, activityId, workshopId)) > 0)
          throw new DomainError('forbidden', 'A choice of the batch points into another workshop');
        return { choices: n };
      }
      case 'events': {
        const events = await this.events.resequence(manager, kit.id, workshopId, batch.rows);
        published.push({ workshopId, events });
        return { events: events.length };
      }
      case 'workshop': {
        const [row] = batch.rows;
        if (!row || row['id'] !== workshopId)
          throw new DomainError('forbidden', 'The batch names another workshop');
        await this.rows.updateWorkshop(manager, row);
        if (row['status'] === 'closed') {
          // Back home and closed: the checkout of this workshop ends; the kit once all are back.
          await this.kits.release(manager, kit.id, [workshopId]);
          if ((await this.kits.stillHeld(manager, kit.id)) === 0) {
            await this.kits.markClosed(manager, kit.id, this.clock.now());
            await this.mailIssuer(manager, kit);
          }
        }
        return { workshop: 1 };
      }
    }
  }

  /** In the transaction that closes the kit: tells the organiser who issued it. */
  private async mailIssuer(manager: EntityManager, kit: KitRow): Promise<void> {
    const email = await this.kits.issuerEmail(manager, kit.id);
    if (!email || !kit.issued_by) return;
    await this.outbox.enqueue(manager, {
      idempotencyKey: `field-kit-back:${kit.id}`,
      category: 'organiser',
      template: 'field_synced',
      params: {
        kit: kit.label,
        workshops: kit.workshop_ids.length,
        url: `${this.config.publicUrl}/facilitator/field`,
      },
      to: email,
      language: 'fr',
      recipientKey: `staff:${kit.issued_by}`,
    });
  }

  private async assertNoCrossLinks(manager: EntityManager, workshopId: string): Promise<void> {
    if ((await this.rows.crossWorkshopLinks(manager, workshopId)) > 0)
      throw new DomainError('forbidden', 'An idea of the batch points into another workshop');
  }
}
