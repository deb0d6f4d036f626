/**
 * Proposals to the institution and the elected officials' answers: provenance (the ideas and
 * workshop a proposal was built from), lifecycle, answers with history, follow-ups, supports,
 * comments. Participants' identities never appear in these shapes.
 */

export const PROPOSAL_STATUSES = ['draft', 'published', 'under_review', 'answered'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const PROPOSAL_SOURCES = ['workshop', 'panel', 'participatory_body', 'public'] as const;
export type ProposalSource = (typeof PROPOSAL_SOURCES)[number];

/** The answer states a campaign starts with; organisers may configure others per campaign. */
export const DEFAULT_ANSWER_STATES = [
  'accepted',
  'partly_accepted',
  'under_study',
  'rejected',
  'already_existing',
] as const;

export const PROPOSAL_SORTS = ['supports', 'recent', 'oldest', 'due'] as const;
export type ProposalSort = (typeof PROPOSAL_SORTS)[number];

/** Header carrying a public supporter's token (see docs/proposals.md). */
export const SUPPORTER_TOKEN_HEADER = 'x-supporter-token';

export const PROPOSAL_LIMITS = {
  title: 200,
  need: 4000,
  action: 4000,
  themes: 8,
  theme: 60,
  authors: 300,
  sourceBody: 120,
  reasons: 4000,
  followUp: 2000,
  comment: 1000,
  pageSize: 100,
  maxOffset: 10_000,
  cursor: 400,
} as const;

/** Where a proposal came from, without anyone's identity. */
export interface ProposalProvenance {
  workshopId: string | null;
  workshopTitle: string | null;
  /** When the workshop was held (its start, else when it was created). */
  workshopDate: string | null;
  themeName: string | null;
  /** How many ideas it was built from (hidden ideas included in the count, not in the list). */
  ideaCount: number;
  /** The visible ideas' texts only: no author, no pseudonym. */
  ideas: Array<{ id: string; text: string }>;
  panelId: string | null;
}

export interface ProposalAnswerView {
  version: number;
  state: string;
  reasons: string;
  officialName: string;
  officialOffice: string | null;
  answeredAt: string;
}

export interface ProposalFollowUpView {
  id: string;
  progress: number;
  text: string;
  authorName: string;
  at: string;
}

/** One line of a list: the public list and the officials' queue. */
export interface ProposalSummary {
  id: string;
  title: string;
  status: ProposalStatus;
  source: ProposalSource;
  sourceBody: string | null;
  authors: string;
  themes: string[];
  territoryId: string;
  territoryName: string;
  campaignId: string;
  publishedAt: string | null;
  answerDueAt: string | null;
  answeredAt: string | null;
  overdue: boolean;
  supportsCount: number;
  /** The current (latest) answer's state, if any. */
  answerState: string | null;
  /** The latest follow-up's progress, if any. */
  progress: number | null;
  ideaCount: number;
}

export interface ProposalDetail extends ProposalSummary {
  need: string;
  action: string;
  campaignTitle: string;
  answerStates: string[];
  provenance: ProposalProvenance;
  /** Newest first; the first is the current answer. */
  answers: ProposalAnswerView[];
  /** Oldest first. */
  followUps: ProposalFollowUpView[];
  /** Supports per day since publication, for the officials' page. */
  supportsOverTime: Array<{ day: string; count: number }>;
  /** Whether the caller (participant, staff or supporter token) supports it. */
  supportedByMe: boolean;
}

export interface ProposalListQuery {
  q?: string;
  territoryId?: string;
  campaignId?: string;
  theme?: string;
  source?: ProposalSource;
  status?: ProposalStatus;
  overdue?: boolean;
  sort?: ProposalSort;
  limit?: number;
  /** The first pages (at most PROPOSAL_LIMITS.maxOffset); deeper pages use `cursor`. */
  offset?: number;
  /** The `nextCursor` of the previous page (same filters and sort): the next page. */
  cursor?: string;
}

/** Beyond this many matches a list says "more than 10,000" instead of counting them all. */
export const PROPOSAL_COUNT_CAP = 10_000;

/**
 * A search whose words match a large share of the proposals (tens of thousands at a million)
 * is counted up to this many matches only: "more than 1,000" (docs/proposals.md).
 */
export const PROPOSAL_FREQUENT_COUNT_CAP = 1_000;

/**
 * With a text search sorted by relevance (`recent` with `q`), only the most recent matches
 * are ranked: this many candidates.
 */
export const PROPOSAL_RANKED_CANDIDATES = 2_000;

export interface ProposalPage {
  items: ProposalSummary[];
  /**
   * The number of matches, at most PROPOSAL_COUNT_CAP, or PROPOSAL_FREQUENT_COUNT_CAP for a
   * frequent search (see totalIsLowerBound).
   */
  total: number;
  /** True when there are more than `total` (the cap) matches. */
  totalIsLowerBound: boolean;
  limit: number;
  /** The position of the page's first item among the matches. */
  offset: number;
  /** Pass it as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface CreateProposalRequest {
  campaignId: string;
  territoryId: string;
  title: string;
  need: string;
  action: string;
  themes?: string[];
  source: ProposalSource;
  /** A participatory body's name (CESER, conseil régional des jeunes...). */
  sourceBody?: string;
  /** Who authored it, as shown publicly: a panel, a workshop, named bodies. */
  authors?: string;
}

/** A facilitator turns a theme, or chosen ideas, of a closed workshop into a draft. */
export interface DraftFromWorkshopRequest {
  workshopId: string;
  themeId?: string;
  ideaIds?: string[];
  campaignId?: string;
  title?: string;
  need?: string;
  action?: string;
}

export type UpdateProposalRequest = Partial<
  Pick<CreateProposalRequest, 'title' | 'need' | 'action' | 'themes' | 'authors' | 'sourceBody'>
>;

export interface AnswerProposalRequest {
  state: string;
  reasons: string;
}

export interface FollowUpRequest {
  progress: number;
  text: string;
}

export interface SupportResponse {
  supported: true;
  /** False when this identity had already supported it (nothing changed). */
  created: boolean;
  supportsCount: number;
}

export interface PublicSupporterResponse {
  /** Send it back in the `x-supporter-token` header; shown once, stored hashed. */
  token: string;
}

export interface ProposalCommentView {
  id: string;
  /** "Participant·e", "Citoyen·ne", or a staff member's name and office. */
  authorLabel: string;
  text: string;
  at: string;
  /** Only in staff views: hidden comments and report counts. */
  hidden?: boolean;
  reports?: number;
}

export interface CommentRequest {
  text: string;
}

export interface ProposalNotification {
  proposalId: string;
  title: string;
  kind: 'answered' | 'follow_up';
  /** The answer state or the follow-up's progress. */
  detail: string;
  at: string;
  /** Built from the ideas of the caller's workshop (participants only; false otherwise). */
  fromWorkshop: boolean;
}

/** One of a campaign's answer states, with how many proposals it is the current answer of. */
export interface AnswerStateUsage {
  state: string;
  /** Proposals whose current (latest) answer has this state. */
  answers: number;
}

export interface AnswerStatesRequest {
  /** In the order officials see them; lower-case letters and underscores. */
  states: string[];
}

/** The shape of an answer state: what `PUT .../answer-states` accepts. */
export const ANSWER_STATE_PATTERN = /^[a-z][a-z_]{1,59}$/;

export interface TerritoryProposalFigures {
  territoryId: string;
  territoryName: string;
  proposals: number;
  answered: number;
  overdue: number;
  /** Mean days from publication to first answer; null when none answered. */
  averageAnswerDays: number | null;
}
