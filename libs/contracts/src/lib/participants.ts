import type { Gender } from './census';

export const WORKSHOP_KINDS = ['fabrik', 'panel_session'] as const;
export type WorkshopKind = (typeof WORKSHOP_KINDS)[number];
export const WORKSHOP_STATUSES = ['draft', 'scheduled', 'live', 'closed'] as const;
export type WorkshopStatus = (typeof WORKSHOP_STATUSES)[number];

/**
 * Join codes: 6 characters. The letters O, I and L are never used: typed, they are read as the
 * digits they look like (O → 0, I and L → 1), so a code works however a look-alike is typed.
 * (Codes drawn before 0 and 1 were added to the alphabet stay valid: it only grew.)
 */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ0123456789';
export const JOIN_CODE_LENGTH = 6;

/** Characters typed for another one: what a person sees on the wall or hears said. */
const JOIN_CODE_LOOK_ALIKES: Record<string, string> = { O: '0', I: '1', L: '1' };

/** Upper case, no spaces or dashes, look-alikes read as the code's own characters. */
export function normaliseJoinCode(input: string): string {
  return [...input.replace(/[\s-]+/g, '').toUpperCase()]
    .map((c) => JOIN_CODE_LOOK_ALIKES[c] ?? c)
    .join('');
}

export function isJoinCode(value: string): boolean {
  return (
    value.length === JOIN_CODE_LENGTH && [...value].every((c) => JOIN_CODE_ALPHABET.includes(c))
  );
}

/** What is wrong with a typed code, after normalisation: the first problem found. */
export type JoinCodeProblem =
  | { reason: 'empty' }
  | { reason: 'character'; position: number; character: string }
  | { reason: 'length'; length: number };

/** Null when the (normalised) code is well formed; positions count from 1. */
export function joinCodeProblem(normalised: string): JoinCodeProblem | null {
  const characters = [...normalised];
  if (characters.length === 0) return { reason: 'empty' };
  const wrong = characters.findIndex((c) => !JOIN_CODE_ALPHABET.includes(c));
  if (wrong >= 0) return { reason: 'character', position: wrong + 1, character: characters[wrong] };
  if (characters.length !== JOIN_CODE_LENGTH)
    return { reason: 'length', length: characters.length };
  return null;
}

export interface CreateWorkshopRequest {
  title: string;
  kind?: WorkshopKind;
  territoryId: string;
  place?: string | null;
  startsAt?: string | null;
}

export interface WorkshopResponse {
  id: string;
  code: string;
  title: string;
  kind: WorkshopKind;
  status: WorkshopStatus;
  /** No new participant may join (the facilitator closed the door). */
  entryLocked: boolean;
  territoryId: string;
  place: string | null;
  startsAt: string | null;
  createdAt: string;
}

/** What a participant sees of its workshop. */
export interface WorkshopParticipantView {
  id: string;
  title: string;
  kind: WorkshopKind;
  status: WorkshopStatus;
  place: string | null;
  startsAt: string | null;
}

/** `GET /api/workshops/:id`: staff get the workshop, a participant what it may see of its own. */
export type WorkshopView = WorkshopResponse | WorkshopParticipantView;

/** Optional, consented, self-declared answers used only for representativeness figures. */
export const AGE_BANDS = ['under_18', '18_24', '25_34', '35_49', '50_64', '65_plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export interface ParticipantProfile {
  ageBand?: AgeBand;
  gender?: Gender;
  /** INSEE code of the commune of residence (found with `GET /api/communes?q=`). */
  communeCode?: string;
  firstParticipation?: boolean;
}

/**
 * A person heard on paper (a line of a paper sign-in sheet, or the writer of a paper
 * contribution): no account, no name, only the optional profile the sheet carries, typed in
 * by a facilitator. Counted in "who have we heard" as a participant of the workshop.
 */
export interface RecordPaperParticipantRequest {
  /** A UUID made by the console: sending it again stores nothing new. */
  clientId: string;
  profile: ParticipantProfile;
  /** The sheet carries the person's consent (a ticked box): must be true. */
  profileConsent: boolean;
}

export interface RecordPaperParticipantResponse {
  id: string;
  /** True when this clientId had already been stored. */
  duplicate: boolean;
}

export interface JoinWorkshopRequest {
  code: string;
  displayName?: string | null;
}

export interface JoinWorkshopResponse {
  /** The pseudonymous credential, scoped to this workshop: keep it on the phone. */
  token: string;
  participant: ParticipantSelfResponse;
  workshop: WorkshopParticipantView;
}

export interface ParticipantSelfResponse {
  id: string;
  workshopId: string;
  displayName: string | null;
  profile: ParticipantProfile;
  joinedAt: string;
  erasedAt: string | null;
}

export interface UpdateParticipantRequest {
  displayName?: string | null;
  profile?: ParticipantProfile;
  /** Must be true to store profile answers. */
  profileConsent?: boolean;
}

/** `GET /api/participants/me/export`: everything the platform keeps about this participant. */
export interface ParticipantExport {
  exportedAt: string;
  participant: ParticipantSelfResponse;
  workshop: WorkshopParticipantView;
  /** Every contribution, oldest first. */
  contributions: ParticipantContribution[];
  /** The address given to hear of proposals by mail (docs/mail.md), or null. */
  mail: { email: string; language: string; consentedAt: string } | null;
}

export const PARTICIPANT_CONTRIBUTION_KINDS = [
  'idea',
  'dots',
  'position',
  'poll_answer',
  'support',
  'comment',
] as const;
export type ParticipantContributionKind = (typeof PARTICIPANT_CONTRIBUTION_KINDS)[number];

/** The activity a live contribution was made in. */
export interface ContributionActivity {
  id: string;
  /** One of ACTIVITY_KINDS. */
  kind: string;
  prompt: string;
}

interface ContributionBase {
  /** When it was made; for a choice one may change (dots, position, answer), the last change. */
  at: string;
  workshop: { id: string; title: string };
}

/** One thing a participant contributed, with its workshop and time. */
export type ParticipantContribution =
  | (ContributionBase & {
      kind: 'idea';
      id: string;
      activity: ContributionActivity;
      text: string;
      category: string | null;
      theme: string | null;
      /** Hidden by the facilitators (moderation): kept, but not shown in the room. */
      hidden: boolean;
    })
  | (ContributionBase & {
      kind: 'dots';
      activity: ContributionActivity;
      target: { kind: 'idea' | 'theme'; id: string; label: string };
      dots: number;
    })
  | (ContributionBase & {
      kind: 'position';
      activity: ContributionActivity;
      /** 1 (strongly disagree) to 5 (strongly agree). */
      position: number;
    })
  | (ContributionBase & {
      kind: 'poll_answer';
      activity: ContributionActivity;
      /** Indexes of the chosen options, and their text. */
      choices: number[];
      options: string[];
    })
  | (ContributionBase & { kind: 'support'; proposal: { id: string; title: string } })
  | (ContributionBase & {
      kind: 'comment';
      id: string;
      proposal: { id: string; title: string };
      text: string;
      hidden: boolean;
    });
