import { BadGatewayException, Inject, Injectable } from '@nestjs/common';
import type {
  FieldBatchResult,
  FieldInstanceStatus,
  FieldSignedRequest,
  FieldSyncReport,
  FieldSyncStateResponse,
  ImportedKitSummary,
} from '@permanente/contracts';
import { networkInterfaces } from 'node:os';
import * as QRCode from 'qrcode';
import { CLOCK, type Clock } from '../common/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { FieldInstanceRepository, type ImportedKitRow } from './field-instance.repository';
import {
  BATCH_FORMAT,
  EXPORT_FORMAT,
  EXTENSION_FORMAT,
  KIT_FORMAT,
  STATE_FORMAT,
  type BatchStage,
  type FieldBatchPayload,
  type FieldExportPayload,
  type FieldExtensionPayload,
  type FieldKitPayload,
} from './field-payloads';
import { CHOICE_TABLES, FieldRowsRepository } from './field-rows.repository';
import {
  digestOf,
  fingerprint,
  parsePayload,
  signText,
  SignedFileError,
  splitSignedFile,
  verifyText,
  writeSignedFile,
} from './field-signing';
import { DomainError } from '../common/domain-error';

/** Rows per batch: a batch is one request and one transaction on central. */
export const BATCH_ROWS = 500;

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

const CHOICE_KINDS = new Set(['dot_vote', 'spectrum', 'poll']);

/**
 * The field side of bus mode: imports a kit into this instance's (embedded) database, and
 * sends back what its workshops produced, as signed batches, to central over HTTP or in one
 * export file for a USB key.
 */
@Injectable()
export class FieldInstanceService {
  constructor(
    private readonly repository: FieldInstanceRepository,
    private readonly rows: FieldRowsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A kit file, or the extension of the kit imported here (both signed by central). */
  async importKit(file: string): Promise<ImportedKitSummary> {
    let kit: FieldKitPayload;
    try {
      const { payload, signature } = splitSignedFile(file);
      kit = parsePayload<FieldKitPayload>(payload);
      if ((kit as { format: string }).format === EXTENSION_FORMAT)
        return this.importExtension(payload, signature);
      if (kit.format !== KIT_FORMAT || typeof kit.centralPublicKey !== 'string')
        throw new SignedFileError('Not a field kit');
      if (!verifyText(kit.centralPublicKey, payload, signature))
        throw new SignedFileError('The kit file was altered: its signature does not match');
    } catch (error) {
      if (error instanceof SignedFileError) throw new DomainError('invalid', error.message);
      throw error;
    }
    if (new Date(kit.expiresAt).getTime() <= this.clock.now().getTime())
      throw new DomainError('forbidden', `The field kit "${kit.label}" has expired`);
    const workshops = await this.repository.transaction(async (manager) => {
      const territoryIds = new Map<string, string>();
      for (const row of kit.territories) {
        const parent = row['parent_id']
          ? (territoryIds.get(String(row['parent_id'])) ?? null)
          : null;
        territoryIds.set(String(row['id']), await this.repository.territory(manager, row, parent));
      }
      const local = (id: unknown) => {
        const found = territoryIds.get(String(id));
        if (!found) throw new DomainError('invalid', 'The kit lacks a territory it refers to');
        return found;
      };
      const campaignIds = new Map<string, string>();
      for (const row of kit.campaigns)
        campaignIds.set(
          String(row['id']),
          await this.repository.campaign(manager, row, local(row['territory_id'])),
        );
      for (const row of kit.workshops)
        await this.repository.workshop(
          manager,
          row,
          local(row['territory_id']),
          row['campaign_id'] ? (campaignIds.get(String(row['campaign_id'])) ?? null) : null,
        );
      await this.rows.upsert(manager, 'activities', kit.activities, { insertOnly: true });
      const scope = [...new Set(kit.workshops.map((row) => local(row['territory_id'])))];
      for (const account of kit.facilitators)
        await this.repository.facilitator(manager, account, scope);
      await this.repository.saveKit(manager, {
        id: kit.kitId,
        label: kit.label,
        centralUrl: kit.centralUrl,
        expiresAt: kit.expiresAt,
        centralPublicKey: kit.centralPublicKey,
        privateKey: kit.kitPrivateKey,
        workshopIds: kit.workshops.map((row) => String(row['id'])),
      });
      return kit.workshops.map((row) => ({
        id: String(row['id']),
        title: String(row['title']),
        code: String(row['code']),
      }));
    });
    return {
      kitId: kit.kitId,
      label: kit.label,
      centralUrl: kit.centralUrl,
      expiresAt: kit.expiresAt,
      workshops,
      facilitators: kit.facilitators.map((account) => account.email),
      centralKeyFingerprint: fingerprint(kit.centralPublicKey),
    };
  }

  /**
   * The kit's new end, from central: checked with central's key that came with the kit. The
   * end only moves later (a file replayed from an earlier extension changes nothing).
   */
  private async importExtension(payload: string, signature: string): Promise<ImportedKitSummary> {
    const extension = parsePayload<FieldExtensionPayload>(payload);
    const kit = await this.repository.current();
    if (!kit || kit.id !== extension.kitId)
      throw new DomainError('not_found', 'This extension is for a kit that was not imported here');
    if (!verifyText(kit.central_public_key, payload, signature))
      throw new DomainError(
        'invalid',
        'The extension file was altered: its signature does not match',
      );
    const expiresAt = new Date(extension.expiresAt);
    if (Number.isNaN(expiresAt.getTime()))
      throw new DomainError('invalid', 'The extension has no valid date');
    await this.repository.extendKit(kit.id, expiresAt);
    const current = (await this.repository.current())!;
    return {
      kitId: kit.id,
      label: kit.label,
      centralUrl: kit.central_url,
      expiresAt: new Date(current.expires_at).toISOString(),
      workshops: await this.repository.workshopSummaries(kit.workshop_ids),
      facilitators: [],
      centralKeyFingerprint: fingerprint(kit.central_public_key),
      extended: true,
    };
  }

  async status(): Promise<FieldInstanceStatus> {
    const kit = await this.repository.current();
    return {
      kit: kit
        ? {
            id: kit.id,
            label: kit.label,
            centralUrl: kit.central_url,
            expiresAt: new Date(kit.expires_at).toISOString(),
            workshopIds: kit.workshop_ids,
            lastSyncedAt: kit.last_synced_at ? new Date(kit.last_synced_at).toISOString() : null,
          }
        : null,
      lanUrls: lanUrls(this.config.port),
    };
  }

  /**
   * The QR code phones scan on the field laptop's screen: its `n`th LAN address's join page
   * (the same `qrcode` rendering as the wall's join QR). 404 when it has no such address.
   */
  async lanQrSvg(n: number): Promise<string> {
    const url = lanUrls(this.config.port)[n];
    if (!url) throw new DomainError('not_found', 'This computer has no such network address');
    return QRCode.toString(`${url}/join`, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  }

  /** Every batch of the kit, signed, in the order central applies them. */
  async batches(
    kit?: ImportedKitRow,
  ): Promise<{ kit: ImportedKitRow; batches: FieldSignedRequest[] }> {
    const current = kit ?? (await this.imported());
    const manager = this.rows.manager;
    const batches: FieldSignedRequest[] = [];
    const add = (
      workshopId: string,
      stage: BatchStage,
      n: number,
      rows: Array<Record<string, unknown>>,
      activityId?: string,
    ) => {
      const payload: FieldBatchPayload = {
        format: BATCH_FORMAT,
        kitId: current.id,
        workshopId,
        key: `${workshopId}/${stage}/${activityId ?? n}`,
        stage,
        ...(activityId ? { activityId } : {}),
        rows,
      };
      const text = JSON.stringify(payload);
      batches.push({
        kitId: current.id,
        payload: text,
        signature: signText(current.private_key, text),
      });
    };
    const chunks = <T>(rows: T[]): T[][] => {
      const out: T[][] = [];
      for (let k = 0; k < rows.length; k += BATCH_ROWS) out.push(rows.slice(k, k + BATCH_ROWS));
      return out;
    };
    for (const workshopId of [...current.workshop_ids].sort()) {
      chunks(await this.rows.participants(manager, workshopId)).forEach((rows, n) =>
        add(workshopId, 'participants', n, rows),
      );
      const activities = await this.rows.activities(manager, workshopId);
      add(workshopId, 'activities', 0, activities);
      add(workshopId, 'themes', 0, await this.rows.themes(manager, workshopId));
      const ideas = await this.rows.ideas(manager, workshopId);
      chunks(ideas).forEach((rows, n) => add(workshopId, 'ideas', n, rows));
      add(
        workshopId,
        'idea_links',
        0,
        ideas.map((idea) => ({ id: idea['id'], duplicate_of: idea['duplicate_of'] ?? null })),
      );
      for (const activity of activities) {
        if (!CHOICE_KINDS.has(String(activity['kind']))) continue;
        const rows: Array<Record<string, unknown>> = [];
        for (const table of CHOICE_TABLES)
          for (const row of await this.rows.choices(manager, table, String(activity['id'])))
            rows.push({ table, row });
        add(workshopId, 'choices', 0, rows, String(activity['id']));
      }
      chunks(await this.rows.events(manager, workshopId)).forEach((rows, n) =>
        add(workshopId, 'events', n, rows as unknown as Array<Record<string, unknown>>),
      );
      add(workshopId, 'workshop', 0, await this.rows.workshop(manager, workshopId));
    }
    return { kit: current, batches };
  }

  /**
   * Sends to central what it has not applied yet (it says which, by batch key and digest), in
   * order. Cut at any point, a new run picks up from what central holds.
   */
  async sync(centralUrl?: string, fetchImpl: FetchLike = fetch): Promise<FieldSyncReport> {
    const { kit, batches } = await this.batches();
    const base = (centralUrl ?? kit.central_url).replace(/\/+$/, '');
    const post = async <T>(path: string, body: FieldSignedRequest): Promise<T> => {
      let response: Response;
      try {
        response = await fetchImpl(`${base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      } catch (error) {
        throw new BadGatewayException(
          `Central (${base}) cannot be reached: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      const answer = (await response.json().catch(() => ({}))) as { message?: string };
      if (!response.ok)
        throw new BadGatewayException(
          `Central refused (${response.status}): ${answer.message ?? response.statusText}`,
        );
      return answer as T;
    };
    const statePayload = JSON.stringify({
      format: STATE_FORMAT,
      kitId: kit.id,
      at: this.clock.now().toISOString(),
    });
    const state = await post<FieldSyncStateResponse>('/api/field/sync/state', {
      kitId: kit.id,
      payload: statePayload,
      signature: signText(kit.private_key, statePayload),
    });
    const report: FieldSyncReport = {
      kitId: kit.id,
      batches: batches.length,
      applied: 0,
      skipped: 0,
      events: 0,
      kitClosed: state.status === 'closed',
      notTaken: 0,
    };
    for (const batch of batches) {
      const key = (JSON.parse(batch.payload) as FieldBatchPayload).key;
      if (state.applied[key] === digestOf(batch.payload)) {
        report.skipped += 1;
        continue;
      }
      // Back home and closed: central takes nothing more of this kit.
      if (report.kitClosed) {
        report.notTaken += 1;
        continue;
      }
      const result = await post<FieldBatchResult>('/api/field/sync', batch);
      if (result.applied) report.applied += 1;
      else report.skipped += 1;
      report.events += result.counts['events'] ?? 0;
    }
    await this.repository.markSynced(kit.id);
    if (report.applied > 0) {
      const after = await post<FieldSyncStateResponse>('/api/field/sync/state', {
        kitId: kit.id,
        payload: statePayload,
        signature: signText(kit.private_key, statePayload),
      });
      report.kitClosed = after.status === 'closed';
    }
    return report;
  }

  /** The USB-key fallback: every batch in one file, signed as a whole by the kit's key. */
  async exportFile(): Promise<{ fileName: string; file: string }> {
    const { kit, batches } = await this.batches();
    const payload: FieldExportPayload = {
      format: EXPORT_FORMAT,
      kitId: kit.id,
      exportedAt: this.clock.now().toISOString(),
      batches: batches.map(({ payload: text, signature }) => ({ payload: text, signature })),
    };
    return {
      fileName: `field-export-${kit.id}.json`,
      file: writeSignedFile(kit.private_key, payload),
    };
  }

  private async imported(): Promise<ImportedKitRow> {
    const kit = await this.repository.current();
    if (!kit) throw new DomainError('not_found', 'No field kit was imported on this instance');
    // No check of the kit's end here: central says (403 `expired`), and knows of an extension
    // the laptop may not have heard of yet.
    return kit;
  }
}

/** http://<address>:<port> for each IPv4 address of this machine phones on the LAN can reach. */
export function lanUrls(port: number): string[] {
  const urls: string[] = [];
  for (const addresses of Object.values(networkInterfaces()))
    for (const address of addresses ?? [])
      if (address.family === 'IPv4' && !address.internal)
        urls.push(`http://${address.address}:${port}`);
  return urls;
}
