// Bus mode: field kits, checkout, sync back and the signed export file (docs/bus-mode.md).

/** The error code of a refused change to a workshop that is out in a field kit (409). */
export const CHECKED_OUT_CODE = 'checked_out';

export const FIELD_KIT_STATUSES = ['active', 'expired', 'revoked', 'closed'] as const;
export type FieldKitStatus = (typeof FIELD_KIT_STATUSES)[number];

/** Days a kit lives by default, and at most. */
export const FIELD_KIT_DEFAULT_DAYS = 7;
export const FIELD_KIT_MAX_DAYS = 30;

export interface IssueFieldKitRequest {
  /** A name for people: "Bus, Vierzon, 12 March". */
  label: string;
  /** The workshops to take out (1 to 10). */
  workshopIds: string[];
  /** Facilitators whose accounts go in the kit (besides the issuer, if a facilitator). */
  facilitatorIds?: string[];
  /** 1 to FIELD_KIT_MAX_DAYS; FIELD_KIT_DEFAULT_DAYS when omitted. */
  expiresInDays?: number;
}

export interface FieldKitView {
  id: string;
  label: string;
  status: FieldKitStatus;
  workshops: Array<{ id: string; title: string }>;
  facilitatorIds: string[];
  issuedBy: string | null;
  issuedAt: string;
  expiresAt: string;
  revokedAt: string | null;
  closedAt: string | null;
  /** Batches brought back so far. */
  batches: number;
}

export interface IssueFieldKitResponse {
  kit: FieldKitView;
  /** The kit file to carry to the laptop (`npm run field:import -- kit.json`). Secret. */
  file: string;
  fileName: string;
  /** SHA-256 of central's public key: compare it with what field:import prints. */
  centralKeyFingerprint: string;
}

/**
 * Moves a kit's end further (before it expires, or after if nothing happened meanwhile on
 * central to its workshops): 1 to FIELD_KIT_MAX_DAYS from now.
 */
export interface ExtendFieldKitRequest {
  expiresInDays: number;
}

export interface ExtendFieldKitResponse {
  kit: FieldKitView;
  /**
   * The extension, signed by central, for a laptop that will not be online before the old
   * date: imported like the kit (`npm run field:import -- <file>` or the screen).
   */
  file: string;
  fileName: string;
}

/** A body signed by a kit: `payload` is the JSON text signed, `signature` its Ed25519 in hex. */
export interface FieldSignedRequest {
  kitId: string;
  payload: string;
  signature: string;
}

/** What central already holds of a kit: the batches applied, by key, with their digests. */
export interface FieldSyncStateResponse {
  kitId: string;
  status: FieldKitStatus;
  applied: Record<string, string>;
}

export interface FieldBatchResult {
  batchKey: string;
  /** false: central had it already (same key and digest), nothing changed. */
  applied: boolean;
  counts: Record<string, number>;
}

/** The end of a sync or a file import. */
export interface FieldSyncReport {
  kitId: string;
  batches: number;
  applied: number;
  skipped: number;
  events: number;
  /** True once every workshop of the kit came back closed: the checkout has ended. */
  kitClosed: boolean;
  /**
   * Batches central no longer takes: changed on the field after the kit came back closed
   * (a vote tally timed after the closing, say). Central keeps what it had.
   */
  notTaken: number;
}

export interface ImportFieldFileRequest {
  /** The export file's text, as written by `npm run field:export`. */
  file: string;
}

/** On a field instance: the kit (or the extension file) just imported. */
export interface ImportedKitSummary {
  kitId: string;
  label: string;
  centralUrl: string;
  expiresAt: string;
  workshops: Array<{ id: string; title: string; code: string }>;
  facilitators: string[];
  centralKeyFingerprint: string;
  /** An extension file: only the kit's end changed. */
  extended?: boolean;
}

/** On a field instance: the kit it runs. */
export interface FieldInstanceStatus {
  kit: {
    id: string;
    label: string;
    centralUrl: string;
    expiresAt: string;
    workshopIds: string[];
    lastSyncedAt: string | null;
  } | null;
  /** Addresses phones on the same Wi-Fi can open. */
  lanUrls: string[];
}

export interface FieldSyncRequest {
  /** Central's URL; the kit's when omitted. */
  centralUrl?: string;
}
