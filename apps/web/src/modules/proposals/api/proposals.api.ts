import {
  type ProposalMailRequest,
  SUPPORTER_TOKEN_HEADER,
  type AnswerProposalRequest,
  type AnswerStatesRequest,
  type AnswerStateUsage,
  type CampaignResponse,
  type DraftFromWorkshopRequest,
  type FollowUpRequest,
  type ProposalCommentView,
  type ProposalDetail,
  type ProposalListQuery,
  type ProposalNotification,
  type ProposalPage,
  type PublicSupporterResponse,
  type SupportResponse,
  type TerritoryProposalFigures,
} from '@permanente/contracts';
import { bearer, getJson, postJson, requestJson } from '@web/shared/api/http';
import { readParticipation } from '@web/modules/participant/api/participation.storage';

type Headers = Record<string, string>;
const one = (id: string) => `/api/proposals/${encodeURIComponent(id)}`;
const answerStatesPath = (campaignId: string) =>
  `/api/proposals/campaigns/${encodeURIComponent(campaignId)}/answer-states`;

/** The query string of a list request; empty values are left out. */
export function listQuery(query: ProposalListQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '' || value === null) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const SUPPORTER_KEY = 'permanente.supporterToken';

/** The public supporter token kept in this browser (see docs/proposals.md). */
export function storedSupporterToken(): string | null {
  try {
    return localStorage.getItem(SUPPORTER_KEY);
  } catch {
    return null;
  }
}

/**
 * Who this browser acts as: the participant of a workshop it joined (its pseudonymous
 * credential), else a public supporter identity, created on the first support or comment.
 */
async function supporterHeaders(create: boolean): Promise<Headers> {
  const participation = readParticipation();
  if (participation) return bearer(participation.token);
  let token = storedSupporterToken();
  if (!token && create) {
    token = (await postJson<PublicSupporterResponse>('/api/proposals/supporters')).token;
    try {
      localStorage.setItem(SUPPORTER_KEY, token);
    } catch {
      // Private browsing: the token lives for this page only.
    }
  }
  return token ? { [SUPPORTER_TOKEN_HEADER]: token } : {};
}

export const proposalsApi = {
  list: (query: ProposalListQuery, signal?: AbortSignal) =>
    getJson<ProposalPage>(`/api/proposals${listQuery(query)}`, signal),
  queue: (query: ProposalListQuery, signal?: AbortSignal) =>
    getJson<ProposalPage>(`/api/proposals/queue${listQuery(query)}`, signal),
  figures: (
    campaignId: string | undefined,
    territoryId: string | undefined,
    signal?: AbortSignal,
  ) =>
    getJson<TerritoryProposalFigures[]>(
      `/api/proposals/figures${listQuery({ campaignId, territoryId })}`,
      signal,
    ),
  /** The CSV, its headers in the interface's language. */
  exportUrl: (query: ProposalListQuery, lang: string) =>
    `/api/proposals/export.csv${listQuery({ ...query, lang } as ProposalListQuery)}`,
  get: async (id: string, signal?: AbortSignal) =>
    getJson<ProposalDetail>(one(id), signal, await supporterHeaders(false)),
  comments: (id: string, signal?: AbortSignal) =>
    getJson<ProposalCommentView[]>(`${one(id)}/comments`, signal),
  /** Staff support with their session (CSRF headers); anyone else as a public supporter. */
  support: async (id: string, staffHeaders: Headers | null) =>
    postJson<SupportResponse>(
      `${one(id)}/supports`,
      undefined,
      staffHeaders ?? (await supporterHeaders(true)),
    ),
  follow: async (id: string, staffHeaders: Headers | null) =>
    requestJson<void>('PUT', `${one(id)}/follow`, {
      headers: staffHeaders ?? (await supporterHeaders(true)),
    }),
  /** Gives an address, with consent, to hear of the answer and follow-ups (docs/mail.md). */
  mailOptIn: async (id: string, request: ProposalMailRequest, staffHeaders: Headers | null) =>
    requestJson<void>('PUT', `${one(id)}/mail`, {
      body: request,
      headers: staffHeaders ?? (await supporterHeaders(true)),
    }),
  comment: async (id: string, text: string, staffHeaders: Headers | null) =>
    postJson<ProposalCommentView>(
      `${one(id)}/comments`,
      { text },
      staffHeaders ?? (await supporterHeaders(true)),
    ),
  report: async (id: string, commentId: string, staffHeaders: Headers | null) =>
    postJson<void>(
      `${one(id)}/comments/${encodeURIComponent(commentId)}/report`,
      undefined,
      staffHeaders ?? (await supporterHeaders(true)),
    ),
  notifications: async (signal?: AbortSignal) => {
    const headers = await supporterHeaders(false);
    if (Object.keys(headers).length === 0) return [] as ProposalNotification[];
    return getJson<ProposalNotification[]>('/api/proposals/notifications', signal, headers);
  },
  // Staff writes.
  answer: (id: string, request: AnswerProposalRequest, headers: Headers) =>
    postJson<ProposalDetail>(`${one(id)}/answers`, request, headers),
  followUp: (id: string, request: FollowUpRequest, headers: Headers) =>
    postJson<ProposalDetail>(`${one(id)}/follow-ups`, request, headers),
  review: (id: string, headers: Headers) =>
    postJson<ProposalDetail>(`${one(id)}/review`, undefined, headers),
  publish: (id: string, headers: Headers) =>
    postJson<ProposalDetail>(`${one(id)}/publish`, undefined, headers),
  moderate: (id: string, commentId: string, hide: boolean, headers: Headers) =>
    postJson<void>(
      `${one(id)}/comments/${encodeURIComponent(commentId)}/${hide ? 'hide' : 'restore'}`,
      undefined,
      headers,
    ),
  draftFromWorkshop: (request: DraftFromWorkshopRequest, headers: Headers) =>
    postJson<ProposalDetail>('/api/proposals/from-workshop', request, headers),
  // Organisers: a campaign's answer states.
  campaigns: (signal?: AbortSignal) => getJson<CampaignResponse[]>('/api/campaigns', signal),
  answerStates: (campaignId: string, signal?: AbortSignal) =>
    getJson<AnswerStateUsage[]>(answerStatesPath(campaignId), signal),
  setAnswerStates: (campaignId: string, request: AnswerStatesRequest, headers: Headers) =>
    requestJson<string[]>('PUT', answerStatesPath(campaignId), { body: request, headers }),
};
