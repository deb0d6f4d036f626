/** The signed documents of bus mode (docs/bus-mode.md). Rows travel as `to_jsonb` objects. */

export const KIT_FORMAT = 'permanente-field-kit/1';
export const BATCH_FORMAT = 'permanente-field-batch/1';
export const STATE_FORMAT = 'permanente-field-state/1';
export const EXPORT_FORMAT = 'permanente-field-export/1';
export const EXTENSION_FORMAT = 'permanente-field-extension/1';

export interface FieldKitPayload {
  format: typeof KIT_FORMAT;
  kitId: string;
  label: string;
  centralUrl: string;
  issuedAt: string;
  expiresAt: string;
  /** Central's public key (SPKI, base64): compare its fingerprint with the issue screen's. */
  centralPublicKey: string;
  /** The kit's own Ed25519 key (PKCS#8, base64): it signs what the field instance sends back. */
  kitPrivateKey: string;
  /** Parents first. */
  territories: Array<Record<string, unknown>>;
  campaigns: Array<Record<string, unknown>>;
  workshops: Array<Record<string, unknown>>;
  activities: Array<Record<string, unknown>>;
  /** Only what signing in needs; on the field they are facilitators of the kit's workshops. */
  facilitators: Array<{ id: string; email: string; displayName: string; passwordHash: string }>;
}

/** What a batch carries, applied in this order for a workshop. */
export const BATCH_STAGES = [
  'participants',
  'activities',
  'themes',
  'ideas',
  'idea_links',
  'choices',
  'events',
  'workshop',
] as const;
export type BatchStage = (typeof BATCH_STAGES)[number];

export interface FieldBatchPayload {
  format: typeof BATCH_FORMAT;
  kitId: string;
  workshopId: string;
  /** Unique within the kit: `<workshopId>/<stage>/<n>`. */
  key: string;
  stage: BatchStage;
  /** For `choices`: the activity whose choices the batch replaces. */
  activityId?: string;
  rows: Array<Record<string, unknown>>;
}

export interface FieldStatePayload {
  format: typeof STATE_FORMAT;
  kitId: string;
  at: string;
}

/** The USB-key fallback: every batch, each as signed for the sync. */
export interface FieldExportPayload {
  format: typeof EXPORT_FORMAT;
  kitId: string;
  exportedAt: string;
  batches: Array<{ payload: string; signature: string }>;
}

/** A kit's new end, signed by central (the laptop checks it with the key its kit carries). */
export interface FieldExtensionPayload {
  format: typeof EXTENSION_FORMAT;
  kitId: string;
  extendedAt: string;
  expiresAt: string;
}
