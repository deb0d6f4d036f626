import type {
  PanelContributionRequest,
  PanelContributionResponse,
  ApplyToPanelRequest,
  ApplyToPanelResponse,
  AppointMemberRequest,
  CampaignResponse,
  CreatePanelSessionRequest,
  JoinWorkshopResponse,
  PanelSessionResponse,
  CreateLotteryRequest,
  CreatePanelRequest,
  DrawPanelRequest,
  ImportVolunteersResponse,
  InvitationLinkResponse,
  PanelDrawAudit,
  PanelDrawJob,
  PanelFeasibilityResponse,
  PanelInvitationResponse,
  PanelLotteryResponse,
  PanelMemberResponse,
  PanelPublicResponse,
  PanelQuota,
  PanelRerunResponse,
  PanelResponse,
  PanelSummary,
  PanelVolunteerResponse,
  UpdatePanelRequest,
} from '@permanente/contracts';
import { getJson, patchJson, postJson, requestJson } from '@web/shared/api/http';

type Headers = Record<string, string>;
const panel = (id: string) => `/api/panels/${encodeURIComponent(id)}`;

/** The panels' REST calls; organiser writes carry the CSRF header. */
export const panelsApi = {
  campaigns: (signal?: AbortSignal) => getJson<CampaignResponse[]>('/api/campaigns', signal),
  list: (signal?: AbortSignal) => getJson<PanelSummary[]>('/api/panels', signal),
  get: (id: string, signal?: AbortSignal) => getJson<PanelResponse>(panel(id), signal),
  create: (request: CreatePanelRequest, headers: Headers) =>
    postJson<PanelResponse>('/api/panels', request, headers),
  update: (id: string, request: UpdatePanelRequest, headers: Headers) =>
    patchJson<PanelResponse>(panel(id), request, headers),
  setQuotas: (id: string, quotas: PanelQuota[], headers: Headers) =>
    requestJson<PanelResponse>('PUT', `${panel(id)}/quotas`, { body: { quotas }, headers }),
  feasibility: (id: string, signal?: AbortSignal) =>
    getJson<PanelFeasibilityResponse>(`${panel(id)}/feasibility`, signal),
  volunteers: (id: string, signal?: AbortSignal) =>
    getJson<PanelVolunteerResponse[]>(`${panel(id)}/volunteers`, signal),
  importCsv: (
    id: string,
    csv: string,
    headers: Headers,
    duplicates: 'refuse' | 'merge' = 'refuse',
  ) =>
    postJson<ImportVolunteersResponse>(
      `${panel(id)}/volunteers/import`,
      { csv, consent: true, duplicates },
      headers,
    ),
  /** Starts a draw: answers at once with the job (202); the panel page polls it. */
  draw: (id: string, request: DrawPanelRequest, headers: Headers) =>
    postJson<PanelDrawJob>(`${panel(id)}/draws`, request, headers),
  cancelDrawJob: (id: string, jobId: string, headers: Headers) =>
    postJson<PanelDrawJob>(
      `${panel(id)}/draw-jobs/${encodeURIComponent(jobId)}/cancel`,
      undefined,
      headers,
    ),
  cancelDraw: (id: string, drawId: string, headers: Headers) =>
    postJson<PanelDrawAudit>(
      `${panel(id)}/draws/${encodeURIComponent(drawId)}/cancel`,
      undefined,
      headers,
    ),
  contribute: (id: string, request: PanelContributionRequest, headers: Headers) =>
    postJson<PanelContributionResponse>(`${panel(id)}/contribution`, request, headers),
  replace: (id: string, seed: string, headers: Headers) =>
    postJson<PanelDrawJob>(`${panel(id)}/replacements`, { seed }, headers),
  lottery: (id: string, request: CreateLotteryRequest, headers: Headers) =>
    postJson<PanelLotteryResponse>(`${panel(id)}/lotteries`, request, headers),
  appoint: (id: string, request: AppointMemberRequest, headers: Headers) =>
    postJson<PanelMemberResponse>(`${panel(id)}/members`, request, headers),
  memberStatus: (id: string, memberId: string, status: 'accepted' | 'declined', headers: Headers) =>
    requestJson<PanelMemberResponse>(
      'PUT',
      `${panel(id)}/members/${encodeURIComponent(memberId)}/status`,
      { body: { status }, headers },
    ),
  invitation: (id: string, memberId: string, headers: Headers) =>
    postJson<InvitationLinkResponse>(
      `${panel(id)}/members/${encodeURIComponent(memberId)}/invitation`,
      undefined,
      headers,
    ),
  erasePool: (id: string, headers: Headers) =>
    postJson<PanelResponse>(`${panel(id)}/pool/erase`, undefined, headers),

  createSession: (id: string, request: CreatePanelSessionRequest, headers: Headers) =>
    postJson<PanelSessionResponse>(`${panel(id)}/sessions`, request, headers),

  // Public
  publicView: (id: string, signal?: AbortSignal) =>
    getJson<PanelPublicResponse>(`${panel(id)}/public`, signal),
  apply: (id: string, request: ApplyToPanelRequest) =>
    postJson<ApplyToPanelResponse>(`${panel(id)}/volunteers`, request),
  rerun: (id: string, drawId: string) =>
    postJson<PanelRerunResponse>(`${panel(id)}/draws/${encodeURIComponent(drawId)}/rerun`),
  readInvitation: (token: string, signal?: AbortSignal) =>
    getJson<PanelInvitationResponse>(`/api/panel-invitations/${encodeURIComponent(token)}`, signal),
  answerInvitation: (token: string, answer: 'accept' | 'decline') =>
    postJson<PanelInvitationResponse>(`/api/panel-invitations/${encodeURIComponent(token)}`, {
      answer,
    }),
  joinSession: (token: string, workshopId: string) =>
    postJson<JoinWorkshopResponse>(
      `/api/panel-invitations/${encodeURIComponent(token)}/sessions/${encodeURIComponent(workshopId)}/join`,
    ),
};
