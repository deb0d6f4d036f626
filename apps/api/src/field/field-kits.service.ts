import { Inject, Injectable } from '@nestjs/common';
import {
  FIELD_KIT_DEFAULT_DAYS,
  type FieldKitStatus,
  type ExtendFieldKitResponse,
  type FieldKitView,
  type IssueFieldKitRequest,
  type IssueFieldKitResponse,
} from '@permanente/contracts';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { isStaff, type StaffActor } from '../auth/actor';
import { CLOCK, type Clock } from '../common/clock';
import { invalidField } from '../common/invalid-fields.exception';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { FieldKitsRepository, type KitRow } from './field-kits.repository';
import {
  EXTENSION_FORMAT,
  KIT_FORMAT,
  type FieldExtensionPayload,
  type FieldKitPayload,
} from './field-payloads';
import { fingerprint, newKeyPair, writeSignedFile } from './field-signing';
import { DomainError } from '../common/domain-error';

const DAY_MS = 86_400_000;

export function kitStatus(kit: KitRow, now: Date): FieldKitStatus {
  if (kit.revoked_at) return 'revoked';
  if (kit.closed_at) return 'closed';
  if (new Date(kit.expires_at).getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/**
 * Field kits on the central server: issue (which checks the workshops out), list, revoke
 * (which ends the checkout at once). The kit file is signed by central's Ed25519 key; central
 * keeps only the kit's public key.
 */
@Injectable()
export class FieldKitsService {
  constructor(
    private readonly repository: FieldKitsRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  centralKey() {
    return this.repository.signingKey(newKeyPair);
  }

  async issue(actor: StaffActor, request: IssueFieldKitRequest): Promise<IssueFieldKitResponse> {
    const workshopIds = [...new Set(request.workshopIds)].sort();
    const facilitatorIds = [...new Set([...(request.facilitatorIds ?? []), actor.userId])].sort();
    const central = await this.centralKey();
    const kitKeys = newKeyPair();
    const kitId = randomUUID();
    const issuedAt = this.clock.now();
    const expiresAt = new Date(
      issuedAt.getTime() + (request.expiresInDays ?? FIELD_KIT_DEFAULT_DAYS) * DAY_MS,
    );
    const label = request.label.trim();
    const payload = await this.repository.transaction(async (manager) => {
      const workshops = await this.repository.lockWorkshops(manager, workshopIds);
      for (const id of workshopIds) {
        const workshop = workshops.find((w) => w.id === id);
        if (!workshop) throw new DomainError('not_found', `No workshop has the id ${id}`);
        await this.access.assertRunsWorkshop(actor, id, manager);
        if (workshop.checked_out_by)
          throw new DomainError(
            'conflict',
            `The workshop "${workshop.title}" is already out in the field kit ${workshop.checked_out_by}`,
          );
        if (workshop.status === 'closed')
          throw new DomainError('conflict', `The workshop "${workshop.title}" is closed`);
        if (workshop.ideas > 0)
          throw new DomainError(
            'conflict',
            `The workshop "${workshop.title}" already has contributions: it must run in one place`,
          );
      }
      const facilitators = await this.repository.facilitators(manager, facilitatorIds);
      for (const id of facilitatorIds) {
        const account = facilitators.find((f) => f.id === id);
        if (!account || account.disabled_at)
          throw new DomainError('not_found', `No active account has the id ${id}`);
        const asActor: StaffActor = {
          kind: 'staff',
          userId: account.id,
          displayName: account.display_name,
          roles: account.roles as StaffActor['roles'],
          scopeTerritoryIds: account.scope_ids,
          sessionId: '',
          csrfToken: '',
        };
        if (!isStaff(asActor, 'facilitator', 'organiser'))
          throw new DomainError('forbidden', `${account.email} is not a facilitator`);
        for (const workshop of workshops)
          if (!(await this.access.covers(asActor, workshop.territory_id, manager)))
            throw new DomainError(
              'forbidden',
              `${account.email} may not run the workshop "${workshop.title}"`,
            );
      }
      const campaignIds = [
        ...new Set(workshops.map((w) => w.campaign_id).filter((id): id is string => !!id)),
      ];
      const campaigns = await this.repository.rowsById(manager, 'campaigns', campaignIds);
      const territoryIds = [
        ...workshops.map((w) => w.territory_id),
        ...campaigns.map((c) => (c as { territory_id: string }).territory_id),
      ];
      const kit: FieldKitPayload = {
        format: KIT_FORMAT,
        kitId,
        label,
        centralUrl: this.config.publicUrl,
        issuedAt: issuedAt.toISOString(),
        expiresAt: expiresAt.toISOString(),
        centralPublicKey: central.publicKey,
        kitPrivateKey: kitKeys.privateKey,
        territories: (await this.repository.territoriesWithAncestors(
          manager,
          territoryIds,
        )) as FieldKitPayload['territories'],
        campaigns: campaigns as FieldKitPayload['campaigns'],
        workshops: (await this.repository.rowsById(
          manager,
          'workshops',
          workshopIds,
        )) as FieldKitPayload['workshops'],
        activities: (await this.repository.activities(
          manager,
          workshopIds,
        )) as FieldKitPayload['activities'],
        facilitators: facilitators.map((f) => ({
          id: f.id,
          email: f.email,
          displayName: f.display_name,
          passwordHash: f.password_hash,
        })),
      };
      await this.repository.insertKit(manager, {
        id: kitId,
        label,
        publicKey: kitKeys.publicKey,
        issuedBy: actor.userId,
        issuedAt,
        expiresAt,
        workshopIds,
        facilitatorIds,
      });
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'field.kit_issued',
        targetType: 'field_kit',
        targetId: kitId,
        details: { label, workshopIds, facilitatorIds, expiresAt: expiresAt.toISOString() },
      });
      return kit;
    });
    const view = await this.view(kitId);
    return {
      kit: view,
      file: writeSignedFile(central.privateKey, payload),
      fileName: `field-kit-${kitId}.json`,
      centralKeyFingerprint: fingerprint(central.publicKey),
    };
  }

  async list(actor: StaffActor): Promise<FieldKitView[]> {
    const kits = await this.repository.kits();
    const views: FieldKitView[] = [];
    for (const kit of kits)
      if (await this.mayManage(actor, kit)) views.push(await this.toView(kit));
    return views;
  }

  /** Ends the checkout at once: the kit's syncs and files are refused from now on. */
  async revoke(actor: StaffActor, kitId: string): Promise<FieldKitView> {
    await this.repository.transaction(async (manager) => {
      const kit = await this.repository.kit(manager, kitId, true);
      if (!kit) throw new DomainError('not_found', `No field kit has the id ${kitId}`);
      if (!(await this.mayManage(actor, kit, manager)))
        throw new DomainError('forbidden', 'This kit holds workshops outside your scope');
      if (kit.revoked_at) return;
      await this.repository.markRevoked(manager, kitId, this.clock.now());
      await this.repository.release(manager, kitId);
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'field.kit_revoked',
        targetType: 'field_kit',
        targetId: kitId,
        details: { label: kit.label, workshopIds: kit.workshop_ids },
      });
    });
    return this.view(kitId);
  }

  /**
   * Moves the kit's end to `days` from now, later than it was. An active kit, or an expired one
   * whose workshops nothing touched on central since it expired (then its checkout resumes):
   * a laptop back late is not lost. Answers the extension signed by central, for a laptop
   * that stays offline past the old date.
   */
  async extend(actor: StaffActor, kitId: string, days: number): Promise<ExtendFieldKitResponse> {
    const central = await this.centralKey();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + days * DAY_MS);
    await this.repository.transaction(async (manager) => {
      const kit = await this.repository.kit(manager, kitId, true);
      if (!kit) throw new DomainError('not_found', `No field kit has the id ${kitId}`);
      if (!(await this.mayManage(actor, kit, manager)))
        throw new DomainError('forbidden', 'This kit holds workshops outside your scope');
      const status = kitStatus(kit, now);
      if (status === 'revoked' || status === 'closed')
        throw new DomainError(
          'conflict',
          `The field kit "${kit.label}" is ${status}: it cannot be extended`,
        );
      const current = new Date(kit.expires_at);
      if (expiresAt.getTime() <= current.getTime())
        throw invalidField(
          'body.expiresInDays',
          `the kit already runs until ${current.toISOString()}`,
          'notLater',
        );
      if (status === 'expired') {
        await this.repository.lockWorkshops(manager, kit.workshop_ids);
        const touched = await this.repository.touchedSinceExpiry(manager, kit);
        if (touched.length > 0)
          throw new DomainError(
            'conflict',
            `The field kit "${kit.label}" expired and its workshop(s) changed on central since (${touched.join(', ')}): it cannot be extended`,
          );
      }
      await this.repository.setExpiry(manager, kitId, expiresAt);
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'field.kit_extended',
        targetType: 'field_kit',
        targetId: kitId,
        details: {
          from: current.toISOString(),
          to: expiresAt.toISOString(),
          wasExpired: status === 'expired',
        },
      });
    });
    const extension: FieldExtensionPayload = {
      format: EXTENSION_FORMAT,
      kitId,
      extendedAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
    };
    return {
      kit: await this.view(kitId),
      file: writeSignedFile(central.privateKey, extension),
      fileName: `field-kit-${kitId}-extension.json`,
    };
  }

  /** Refuses (403) a staff member who may not manage the kit (an export file's importer). */
  async assertManages(actor: StaffActor, kitId: string): Promise<void> {
    const kit = await this.repository.kit(this.repository.manager, kitId);
    if (!kit) throw new DomainError('not_found', `No field kit has the id ${kitId}`);
    if (!(await this.mayManage(actor, kit)))
      throw new DomainError('forbidden', 'This kit holds workshops outside your scope');
  }

  async view(kitId: string): Promise<FieldKitView> {
    const kit = await this.repository.kit(this.repository.manager, kitId);
    if (!kit) throw new DomainError('not_found', `No field kit has the id ${kitId}`);
    return this.toView(kit);
  }

  /** Organisers, and facilitators who run every workshop of the kit. */
  private async mayManage(
    actor: StaffActor,
    kit: KitRow,
    // Inside a transaction, its manager: on the embedded database (one connection) a query on
    // another connection would wait for ever.
    manager: EntityManager = this.repository.manager,
  ): Promise<boolean> {
    if (actor.roles.includes('organiser')) return true;
    const workshops = await this.repository.workshopTitles(kit.workshop_ids, manager);
    for (const workshop of workshops)
      if (!(await this.access.covers(actor, workshop.territory_id, manager))) return false;
    return true;
  }

  private async toView(kit: KitRow): Promise<FieldKitView> {
    const workshops = await this.repository.workshopTitles(kit.workshop_ids);
    const iso = (value: Date | null) => (value ? new Date(value).toISOString() : null);
    return {
      id: kit.id,
      label: kit.label,
      status: kitStatus(kit, this.clock.now()),
      workshops: kit.workshop_ids.map((id) => ({
        id,
        title: workshops.find((w) => w.id === id)?.title ?? '',
      })),
      facilitatorIds: kit.facilitator_ids,
      issuedBy: kit.issued_by,
      issuedAt: new Date(kit.issued_at).toISOString(),
      expiresAt: new Date(kit.expires_at).toISOString(),
      revokedAt: iso(kit.revoked_at),
      closedAt: iso(kit.closed_at),
      batches: kit.batches,
    };
  }
}
