// The live protocol of workshops (see docs/live-protocol.md): typed socket.io event maps
// shared by the API gateway and the phone, so no event name is a string literal in either.

import type { ParticipantProfile, WorkshopStatus } from './participants';

/** socket.io's HTTP path on the API origin. */
export const LIVE_PATH = '/live';

export const ACTIVITY_KINDS = ['idea_board', 'clustering', 'dot_vote', 'spectrum', 'poll'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export const ACTIVITY_STATUSES = ['pending', 'open', 'closed'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/** What a dot vote is on: the ideas, or the themes of the clustering. */
export const DOT_VOTE_TARGETS = ['ideas', 'themes'] as const;
export type DotVoteTarget = (typeof DOT_VOTE_TARGETS)[number];

export const IDEA_MAX_LENGTH = 280;
export const IDEA_CATEGORY_MAX_LENGTH = 60;

export interface ActivityView {
  id: string;
  position: number;
  kind: ActivityKind;
  prompt: string;
  status: ActivityStatus;
  /** Idea board: the categories participants may pick from. */
  categories: string[];
  /** Dot vote: the dots each participant may spend. */
  dots: number | null;
  /** Dot vote: on ideas or on themes (null for other kinds). */
  voteOn: DotVoteTarget | null;
  /** Poll: the choices, and whether several may be picked. */
  options: string[];
  multiple: boolean;
  timerEndsAt: string | null;
}

export type ContributionOrigin = 'phone' | 'paper';

export interface IdeaView {
  id: string;
  activityId: string;
  /** The phone's idempotency key. */
  clientId: string;
  text: string;
  category: string | null;
  origin: ContributionOrigin;
  /** The author's display name when it chose one and has not erased it. */
  authorName: string | null;
  /** True on the author's own ideas (participants only). */
  mine?: boolean;
  /** Staff only: hidden by moderation (participants never receive hidden ideas). */
  hidden?: boolean;
  /** The theme the facilitator put it in (clustering). */
  themeId: string | null;
  /** Merged as a duplicate of this idea (it still counts, with it). */
  duplicateOf: string | null;
  createdAt: string;
}

/** A theme of the clustering: ideas grouped under a name by the facilitator. */
export interface ThemeView {
  id: string;
  name: string;
  position: number;
}

/** Suggestions for the facilitator's clustering (French text similarity; see docs/clustering.md). */
export interface ClusteringSuggestions {
  duplicates: Array<{ ideaIds: [string, string]; score: number }>;
  groups: Array<{ ideaIds: string[]; label: string }>;
}

export interface SaveThemeRequest {
  name: string;
}

export interface ClassifyIdeaRequest {
  /** null takes it out of its theme. */
  themeId?: string | null;
  /** null un-merges it. */
  duplicateOf?: string | null;
}

/** Where an idea stands after a classification. */
export interface IdeaClassificationResponse {
  ideaId: string;
  themeId: string | null;
  duplicateOf: string | null;
}

/** Live results of a vote, a spectrum or a poll. */
export type ActivityResults =
  | { activityId: string; kind: 'dot_vote'; tallies: Record<string, number>; voters: number }
  /** Counts of people at positions 1 (strongly disagree) to 5 (strongly agree). */
  | { activityId: string; kind: 'spectrum'; distribution: number[] }
  | { activityId: string; kind: 'poll'; counts: number[]; respondents: number };

/** A participant's own current choice in an activity. */
export type MyChoice =
  | { activityId: string; kind: 'dot_vote'; dots: Record<string, number> }
  | { activityId: string; kind: 'spectrum'; position: number }
  | { activityId: string; kind: 'poll'; choices: number[] };

/** Everything a client needs to draw the workshop, as of `seq`. */
export interface WorkshopSnapshot {
  seq: number;
  workshop: { id: string; title: string; status: WorkshopStatus; entryLocked: boolean };
  activities: ActivityView[];
  ideas: IdeaView[];
  themes: ThemeView[];
  results: ActivityResults[];
  /** Participants only: their own choices. */
  mine?: MyChoice[];
}

export const DEFAULT_DOTS = 3;
export const MAX_DOTS = 10;
export const POLL_MAX_OPTIONS = 10;

/** One change to a workshop, in the per-workshop order given by `seq`. */
export type LiveEvent =
  | { seq: number; at: string; type: 'idea.posted'; data: IdeaView }
  | { seq: number; at: string; type: 'idea.hidden'; data: { ideaId: string } }
  | { seq: number; at: string; type: 'idea.restored'; data: IdeaView }
  | { seq: number; at: string; type: 'activity.added'; data: ActivityView }
  | { seq: number; at: string; type: 'activity.updated'; data: ActivityView }
  | { seq: number; at: string; type: 'workshop.status'; data: { status: WorkshopStatus } }
  | { seq: number; at: string; type: 'workshop.entry'; data: { locked: boolean } }
  | { seq: number; at: string; type: 'results.updated'; data: ActivityResults }
  | { seq: number; at: string; type: 'theme.saved'; data: ThemeView }
  | { seq: number; at: string; type: 'theme.deleted'; data: { themeId: string } }
  | {
      seq: number;
      at: string;
      type: 'idea.classified';
      data: { ideaId: string; themeId: string | null; duplicateOf: string | null };
    };

export type LiveEventType = LiveEvent['type'];

/** Error codes carried by a refused acknowledgement. */
export const LIVE_ERROR_CODES = [
  'invalid',
  'unauthorized',
  'forbidden',
  'not_found',
  'closed',
  'conflict',
  'rate_limited',
  'unavailable',
] as const;
export type LiveErrorCode = (typeof LIVE_ERROR_CODES)[number];

export interface LiveError {
  code: LiveErrorCode;
  message: string;
  /** The refused field, for `invalid`. */
  field?: string;
  /** For `rate_limited`: when to try again, in milliseconds. */
  retryAfterMs?: number;
  /** For a `conflict` on a workshop out in a field kit: the kit holding it. */
  kitId?: string;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: LiveError };

export interface SyncRequest {
  /** The last seq the client applied; omit on a first join. */
  lastSeq?: number | null;
}

/**
 * Either the missed events, in order, or a snapshot when none were applied or the gap is large.
 * Events come in bounded pages: `seq` is where this page ends (events a participant may not see
 * are left out, so it can be past the last event given) and `more` says that later events
 * exist: ask again from `seq` at once. A snapshot may be a moment old (one read serves a whole
 * room): `more` then says the same, from `snapshot.seq`.
 */
export type SyncResponse =
  | { mode: 'events'; events: LiveEvent[]; seq: number; more?: boolean }
  | { mode: 'snapshot'; snapshot: WorkshopSnapshot; more?: boolean };

export interface PostIdeaRequest {
  /** A UUID made by the phone for this idea: sending it again returns the first result. */
  clientId: string;
  activityId: string;
  text: string;
  category?: string | null;
}

/** A paper contribution typed in by a facilitator, with its writer's optional profile. */
export interface PaperIdeaRequest extends PostIdeaRequest {
  /** The writer's answers on the sheet: the writer then counts as a paper participant. */
  writer?: ParticipantProfile;
  /** The sheet carries the writer's consent: must be true when `writer` is sent. */
  writerConsent?: boolean;
}

export interface PostIdeaResponse {
  idea: IdeaView;
  /** True when this clientId had already been stored: nothing new was written. */
  duplicate: boolean;
}

/** Spend (or move) one's dots: the whole allocation for the activity, replacing the previous one. */
export interface SetDotsRequest {
  clientId: string;
  activityId: string;
  /** ideaId → dots; the total may not exceed the activity's allowance. */
  dots: Record<string, number>;
}

export interface PlaceOnSpectrumRequest {
  clientId: string;
  activityId: string;
  /** 1 strongly disagree … 5 strongly agree. */
  position: number;
}

export interface AnswerPollRequest {
  clientId: string;
  activityId: string;
  /** Indexes into the poll's options; exactly one unless the poll is multiple. */
  choices: number[];
}

/**
 * The acknowledged (stored) state of the participant's choice. The activity's results are not
 * in it: counting them at every choice would make each vote cost as much as the whole room's;
 * they reach every screen as `results.updated` events, a few times a second while choices
 * arrive, and in every snapshot.
 */
export interface ChoiceResponse {
  mine: MyChoice;
  duplicate: boolean;
}

/** Client → server events, each answered by an acknowledgement. */
export interface LiveClientEvents {
  'workshop:sync': (request: SyncRequest, ack: (response: Ack<SyncResponse>) => void) => void;
  'idea:post': (request: PostIdeaRequest, ack: (response: Ack<PostIdeaResponse>) => void) => void;
  'vote:set': (request: SetDotsRequest, ack: (response: Ack<ChoiceResponse>) => void) => void;
  'spectrum:place': (
    request: PlaceOnSpectrumRequest,
    ack: (response: Ack<ChoiceResponse>) => void,
  ) => void;
  'poll:answer': (request: AnswerPollRequest, ack: (response: Ack<ChoiceResponse>) => void) => void;
}

/** Server → client events. */
export interface LiveServerEvents {
  'workshop:event': (event: LiveEvent) => void;
  /** Several events committed together, in seq order (sent to large rooms instead of each). */
  'workshop:events': (events: LiveEvent[]) => void;
  'workshop:presence': (presence: { connected: number }) => void;
}

/** The names, for code that needs them as values. */
export const LIVE_CLIENT_EVENTS = {
  sync: 'workshop:sync',
  postIdea: 'idea:post',
  setDots: 'vote:set',
  placeOnSpectrum: 'spectrum:place',
  answerPoll: 'poll:answer',
} as const satisfies Record<string, keyof LiveClientEvents>;
export const LIVE_SERVER_EVENTS = {
  event: 'workshop:event',
  events: 'workshop:events',
  presence: 'workshop:presence',
} as const satisfies Record<string, keyof LiveServerEvents>;

/** Socket handshake `auth`: a participant sends its bearer credential; staff use the session cookie. */
export interface LiveHandshakeAuth {
  token?: string;
  /** Staff only: which workshop to follow. */
  workshopId?: string;
}

export interface CreateActivityRequest {
  kind: ActivityKind;
  /** The question, or the statement of a spectrum. */
  prompt: string;
  categories?: string[];
  /** Dot vote: dots per participant (default 3). */
  dots?: number;
  /** Dot vote: on ideas (default) or on themes. */
  voteOn?: DotVoteTarget;
  /** Poll: 2 to 10 choices. */
  options?: string[];
  multiple?: boolean;
}

export interface UpdateActivityRequest {
  status?: ActivityStatus;
  prompt?: string;
  /** Seconds from now; null clears the timer. */
  timerSeconds?: number | null;
}

export interface UpdateWorkshopStatusRequest {
  status: WorkshopStatus;
}

/** `PUT /api/workshops/:id/status`: the status now. */
export interface WorkshopStatusResponse {
  status: WorkshopStatus;
}

export interface SetEntryLockRequest {
  /** true: no new phone may join; those already in stay. */
  locked: boolean;
}

/** `PUT /api/workshops/:id/entry`: whether the door is closed now. */
export interface EntryLockResponse {
  locked: boolean;
}

/** A run sheet: an agenda template a facilitator applies to a workshop in one step. */
export interface RunSheetTemplate {
  id: string;
  name: string;
  description: string;
  /** The activities it adds, in order, each with its usual length. */
  activities: Array<CreateActivityRequest & { minutes: number }>;
}

export interface ApplyRunSheetRequest {
  templateId: string;
}

/**
 * The wall by link: a read-only credential for the projection computer, sent as the socket
 * handshake's `token` (no staff account, no cookie). Revocable; dead once the workshop closes.
 */
/** No dot in it: a wall's address /wall/link/<token> must read as a page, not a file. */
export const WALL_TOKEN_PREFIX = 'w1-';

export interface WallLinkResponse {
  /** Starts with WALL_TOKEN_PREFIX; the wall's address is /wall/link/<token>. */
  token: string;
  createdAt: string;
}

/** The facilitator's view of the workshop's wall link: null when there is none. */
export interface WallLinkState {
  link: WallLinkResponse | null;
}

/** What a wall opened from its link needs beyond the live state: how to join. */
export interface WallInfoResponse {
  workshopId: string;
  title: string;
  code: string;
}
