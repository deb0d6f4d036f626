import type { ParticipantProfile, WorkshopStatus } from './participants';

/**
 * Citizens' panels: one per département by default, composed of drawn inhabitants (by a fair,
 * auditable sortition among volunteers), organisation representatives and elected officials.
 */

/** The three kinds of seat of a panel. */
export const PANEL_SEAT_CATEGORIES = ['drawn', 'organisation', 'elected'] as const;
export type PanelSeatCategory = (typeof PANEL_SEAT_CATEGORIES)[number];

export const PANEL_FAIRNESS = ['leximin', 'maximin'] as const;
export type PanelFairness = (typeof PANEL_FAIRNESS)[number];

export const PANEL_MEMBER_STATUSES = ['invited', 'accepted', 'declined'] as const;
export type PanelMemberStatus = (typeof PANEL_MEMBER_STATUSES)[number];

/** A feature used by quotas, with the values a volunteer may give. */
export interface PanelFeatureValue {
  /** Stable value, as stored and in the CSV (`woman`, `25-34`, `bv-18-vierzon`). */
  value: string;
  /** What the form shows. */
  label: string;
}

export interface PanelFeature {
  /** Stable key, as in quotas and CSV columns (`gender`, `ageBand`...). */
  key: string;
  label: string;
  values: PanelFeatureValue[];
}

export interface PanelQuota {
  feature: string;
  value: string;
  min: number;
  max: number;
}

export interface PanelSeats {
  drawn: number;
  organisation: number;
  elected: number;
}

export interface PanelSummary {
  id: string;
  campaignId: string;
  territoryId: string;
  territoryName: string;
  title: string;
  /** Total seats: drawn + organisation + elected. */
  size: number;
  seats: PanelSeats;
  /** Whether the public open call accepts applications. */
  callOpen: boolean;
  /** Day after which the pool's personal data is erased (`YYYY-MM-DD`). */
  retentionUntil: string;
  volunteerCount: number;
  /** The active (not cancelled) initial draw, if any. */
  drawnAt: string | null;
}

export interface PanelResponse extends PanelSummary {
  description: string;
  features: PanelFeature[];
  quotas: PanelQuota[];
  /** The seed announced for the next draw (public), or null. */
  announcedSeed: string | null;
  fairness: PanelFairness;
  /** When the pool's contact details were erased, or null. */
  poolErasedAt: string | null;
  draws: PanelDrawSummary[];
  members: PanelMemberResponse[];
  lotteries: PanelLotteryResponse[];
  /** Panel sessions: workshops of kind `panel_session` of the panel's campaign and territory. */
  sessions: PanelSessionResponse[];
  /** The latest draw job (queued, running or finished), or null. */
  drawJob: PanelDrawJob | null;
}

/** A panel session: a live workshop only the panel's members enter (by their personal link). */
export interface PanelSessionResponse {
  workshopId: string;
  title: string;
  status: WorkshopStatus;
  place: string | null;
  startsAt: string | null;
}

export interface CreatePanelSessionRequest {
  title: string;
  place?: string | null;
  startsAt?: string | null;
}

export interface CreatePanelRequest {
  campaignId: string;
  territoryId: string;
  title?: string;
  description?: string;
  seats: PanelSeats;
  /** Defaults: gender, age band, bassin de vie (from the territory), occupation. */
  features?: PanelFeature[];
  retentionUntil: string;
  callOpen?: boolean;
}

export interface UpdatePanelRequest {
  title?: string;
  description?: string;
  seats?: PanelSeats;
  features?: PanelFeature[];
  retentionUntil?: string;
  callOpen?: boolean;
  announcedSeed?: string | null;
  fairness?: PanelFairness;
}

export interface SetQuotasRequest {
  quotas: PanelQuota[];
}

/** Why quotas cannot be met (the sortition library's feasibility diagnosis). */
export type PanelQuotaIssueKind =
  | 'pool-too-small'
  | 'min-exceeds-panel-size'
  | 'min-exceeds-available'
  | 'mins-exceed-panel-size'
  | 'maxes-below-panel-size'
  | 'confirmed-exceed-max'
  | 'jointly-infeasible';

/** A quota or bound that cannot be met, from the library's feasibility diagnosis. */
export interface PanelQuotaIssue {
  kind: PanelQuotaIssueKind;
  message: string;
  /** `gender=woman`... */
  quotas: string[];
  features: string[];
  /** For joint infeasibility: an irreducible set of bounds, e.g. `ageBand=75+ >= 6`. */
  conflictingBounds?: string[];
  relaxableFeatures?: string[];
}

export interface PanelFeasibilityResponse {
  feasible: boolean;
  issues: PanelQuotaIssue[];
  poolSize: number;
  seatsToDraw: number;
  /**
   * Volunteers no panel meeting the quotas can include, by combination of values: they will
   * have probability zero, and the minimum probability shown leaves them out.
   */
  unselectable: PanelUnselectableGroup[];
}

export interface PanelUnselectableGroup {
  features: Record<string, string>;
  ids: string[];
  /** Why, in words (the combination and the quotas it cannot fit). */
  reason: string;
}

/** A volunteer as organisers see them (contact included until erased). */
export interface PanelVolunteerResponse {
  /** Pseudonymous id, also used in the public audit (`v-0007`). */
  publicId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  features: Record<string, string>;
  source: 'form' | 'import';
  createdAt: string;
  /** Their selection probability in the active draw, when there is one. */
  probability: number | null;
  selected: boolean;
}

/** The public open-call form. */
export interface ApplyToPanelRequest {
  name: string;
  email?: string;
  phone?: string;
  features: Record<string, string>;
  /** Must be true: the applicant agrees to the processing until the retention date. */
  consent: boolean;
  /**
   * The optional "who have we heard" answers (docs/coverage.md), as a participant gives them;
   * the answers the panel's features already give (gender, age band) are taken from them.
   */
  profile?: ParticipantProfile;
  /** Must be true to store profile answers. */
  profileConsent?: boolean;
}

export interface ApplyToPanelResponse {
  publicId: string;
  retentionUntil: string;
}

/** Paper applications: a CSV with `name,email,phone` and one column per feature key. */
export interface ImportVolunteersRequest {
  /** Columns name, email, phone, birthYear (optional), then one per feature key. */
  csv: string;
  /** The organiser confirms each paper form carries the applicant's consent. */
  consent: boolean;
  /**
   * The same person twice (same email, same phone, or same name and year of birth, in the file
   * or already in the pool): `refuse` (default) stores nothing and lists them (409); `merge`
   * keeps the first application and skips the others.
   */
  duplicates?: 'refuse' | 'merge';
}

/** A line of the file that is the same person as an earlier line or a volunteer of the pool. */
export interface PanelDuplicate {
  line: number;
  /** `line 4` or a volunteer's pseudonymous id (`v-0012`). */
  matches: string;
  reason: 'email' | 'phone' | 'nameBirthYear';
}

export interface ImportVolunteersResponse {
  imported: number;
  volunteerCount: number;
  /** Lines skipped as duplicates (merge). */
  duplicates: PanelDuplicate[];
}

export interface DrawPanelRequest {
  /** Public seed, e.g. announced in advance; defaults to the panel's announced seed. */
  seed?: string;
  fairness?: PanelFairness;
}

export interface ReplacementRequest {
  seed: string;
}

export interface PanelDrawSummary {
  id: string;
  kind: 'initial' | 'replacement';
  seed: string;
  fairness: PanelFairness;
  algorithmVersion: string;
  solverVersion: string;
  instanceDigest: string;
  distributionDigest: string;
  /** Seats of the drawn category (confirmed members included for replacements). */
  panelSize: number;
  /** Anonymous ids of the whole drawn panel. */
  panel: string[];
  /** Newly drawn anonymous ids. */
  drawn: string[];
  minimumProbability: number;
  /** Volunteers left out of the minimum: no panel meeting the quotas includes them. */
  unselectableCount: number;
  elapsedMs: number;
  createdAt: string;
  cancelledAt: string | null;
}

/** What anyone can see and re-run. */
export interface PanelDrawAudit extends PanelDrawSummary {
  ticket: number;
  quotas: PanelQuota[];
  confirmed: string[];
  excluded: string[];
  /** The anonymous features of the pool at the time of the draw. */
  pool: Array<{ id: string; features: Record<string, string> }>;
  /** Selection probability of every volunteer of the pool snapshot. */
  probabilities: Record<string, number>;
  /** Volunteers in no quota-satisfying panel: never drawn, left out of the minimum. */
  unselectable: string[];
  /** Every panel composition of the support with its weight (null for draws stored before). */
  distribution: PublishedDistribution | null;
}

/**
 * The distribution a draw was picked from, in the library's canonical form: each profile (a
 * combination of feature values) with its members, each composition of the support as seats per
 * profile with its integer weight out of `probabilityScale`. A volunteer of profile t is drawn
 * with probability Σ counts[t] · weight / probabilityScale / members(t); a confirmed member with
 * probability 1. The draw's ticket picks the first composition whose cumulative weight exceeds it.
 */
export interface PublishedDistribution {
  format: 'permanente.sortition-distribution/1';
  algorithmVersion: string;
  instanceDigest: string;
  fairness: PanelFairness;
  seatsToFill: number;
  confirmedIds: string[];
  probabilityScale: number;
  profiles: Array<[key: string, memberIds: string[]]>;
  compositions: Array<[counts: number[], weight: number]>;
}

export const PANEL_DRAW_JOB_STATUSES = [
  'queued',
  'running',
  'done',
  'failed',
  'cancelled',
] as const;
export type PanelDrawJobStatus = (typeof PANEL_DRAW_JOB_STATUSES)[number];

/** Where a running draw stands (the solver's last report). */
export interface PanelDrawJobProgress {
  /** 1 for maximin; leximin adds a stage per level of probabilities fixed. */
  stage: number;
  iterations: number;
  /** Lowest probability reached in this stage. */
  lowerBound: number;
  /** Proven upper bound on it (null until proven). */
  upperBound: number | null;
  /** upperBound − lowerBound (null until proven). */
  gap: number | null;
  fixedVolunteers: number;
  volunteers: number;
}

/** A draw computed in the background: started at once, stored when done. */
export interface PanelDrawJob {
  id: string;
  panelId: string;
  /** The initial draw, or a replacement of the drawn members who declined. */
  kind: 'initial' | 'replacement';
  status: PanelDrawJobStatus;
  seed: string;
  fairness: PanelFairness;
  progress: PanelDrawJobProgress | null;
  /** Why it failed: an error code (quotasInfeasible, solverTimeout, ...) and the reason. */
  error: { code: string; message: string } | null;
  /** The stored draw once done. */
  drawId: string | null;
  /** Times it was started (more than 1: resumed after a restart of the server). */
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface PanelRerunResponse {
  drawId: string;
  /** Same panel, same digests as stored. */
  identical: boolean;
  panel: string[];
  instanceDigest: string;
  distributionDigest: string;
  elapsedMs: number;
}

export interface PanelLotteryResponse {
  id: string;
  purpose: string;
  names: string[];
  count: number;
  seed: string;
  listDigest: string;
  algorithmVersion: string;
  drawn: string[];
  createdAt: string;
}

export interface CreateLotteryRequest {
  purpose: string;
  names: string[];
  count: number;
  seed: string;
}

export interface PanelMemberResponse {
  id: string;
  category: PanelSeatCategory;
  name: string | null;
  status: PanelMemberStatus;
  /** Drawn members: their pseudonymous volunteer id. */
  volunteerPublicId: string | null;
  /** Appointed members: who named them (a name drawn by a lottery). */
  appointedBy: string | null;
  drawId: string | null;
  respondedAt: string | null;
}

export interface AppointMemberRequest {
  category: 'organisation' | 'elected';
  name: string;
  appointedBy: string;
}

export interface MemberStatusRequest {
  status: 'accepted' | 'declined';
}

export interface InvitationLinkResponse {
  /** Shown once: the personal link to send to the member. */
  token: string;
  path: string;
}

/** `POST /api/panels/:id/members/:memberId/invitation-mail`. */
export interface InvitationMailResponse {
  /** False when the address unsubscribed: the link is new, but no mail leaves. */
  queued: boolean;
}

/** What the holder of an invitation link sees. */
export interface PanelInvitationResponse {
  panelId: string;
  panelTitle: string;
  territoryName: string;
  category: PanelSeatCategory;
  name: string | null;
  status: PanelMemberStatus;
  /** The panel's sessions; an accepted member joins them with this link. */
  sessions: PanelSessionResponse[];
}

export interface InvitationAnswerRequest {
  answer: 'accept' | 'decline';
}

/** The public page of a panel: the open call and the audit. */
export interface PanelPublicResponse {
  id: string;
  title: string;
  description: string;
  territoryName: string;
  seats: PanelSeats;
  callOpen: boolean;
  retentionUntil: string;
  features: PanelFeature[];
  quotas: PanelQuota[];
  announcedSeed: string | null;
  volunteerCount: number;
  draws: PanelDrawAudit[];
  lotteries: PanelLotteryResponse[];
}

/** Error codes of the draw routes (in `fields[].code` or the message). */
export const PANEL_DRAW_ERRORS = {
  infeasible: 'quotasInfeasible',
  timeout: 'solverTimeout',
  busy: 'solverBusy',
  cancelled: 'drawCancelled',
  failed: 'solverFailed',
} as const;

/** The most proposals one contribution submits together. */
export const PANEL_CONTRIBUTION_MAX = 30;

/**
 * `POST /api/panels/:id/contribution`: the proposals the panel adopted, submitted together to
 * the council. Each becomes a published proposal with the panel as source and author.
 */
export interface PanelContributionRequest {
  proposals: Array<{ title: string; need: string; action: string; themes?: string[] }>;
}

export interface PanelContributionResponse {
  proposalIds: string[];
}
