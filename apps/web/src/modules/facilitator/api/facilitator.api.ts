import type {
  ActivityView,
  ClassifyIdeaRequest,
  ClusteringSuggestions,
  CreateActivityRequest,
  CreateWorkshopRequest,
  PaperIdeaRequest,
  PostIdeaResponse,
  RecordPaperParticipantRequest,
  RecordPaperParticipantResponse,
  RunSheetTemplate,
  ThemeView,
  UpdateActivityRequest,
  WallLinkResponse,
  WallLinkState,
  WorkshopResponse,
  WorkshopSnapshot,
  WorkshopStatus,
} from '@permanente/contracts';
import { deleteJson, getJson, patchJson, postJson, requestJson } from '@web/shared/api/http';

type Headers = Record<string, string>;
const workshop = (id: string) => `/api/workshops/${encodeURIComponent(id)}`;

/** The facilitator console's REST calls; every write carries the CSRF header. */
export const facilitatorApi = {
  list: (signal?: AbortSignal) => getJson<WorkshopResponse[]>('/api/workshops', signal),
  get: (id: string, signal?: AbortSignal) => getJson<WorkshopResponse>(workshop(id), signal),
  create: (request: CreateWorkshopRequest, headers: Headers) =>
    postJson<WorkshopResponse>('/api/workshops', request, headers),
  addActivity: (id: string, request: CreateActivityRequest, headers: Headers) =>
    postJson<ActivityView>(`${workshop(id)}/activities`, request, headers),
  updateActivity: (
    id: string,
    activityId: string,
    request: UpdateActivityRequest,
    headers: Headers,
  ) =>
    patchJson<ActivityView>(
      `${workshop(id)}/activities/${encodeURIComponent(activityId)}`,
      request,
      headers,
    ),
  setStatus: (id: string, status: WorkshopStatus, headers: Headers) =>
    requestJson<{ status: WorkshopStatus }>('PUT', `${workshop(id)}/status`, {
      body: { status },
      headers,
    }),
  setEntryLock: (id: string, locked: boolean, headers: Headers) =>
    requestJson<{ locked: boolean }>('PUT', `${workshop(id)}/entry`, {
      body: { locked },
      headers,
    }),
  paperIdea: (id: string, request: PaperIdeaRequest, headers: Headers) =>
    postJson<PostIdeaResponse>(`${workshop(id)}/ideas`, request, headers),
  paperParticipant: (id: string, request: RecordPaperParticipantRequest, headers: Headers) =>
    postJson<RecordPaperParticipantResponse>(
      `${workshop(id)}/paper-participants`,
      request,
      headers,
    ),
  moderate: (id: string, ideaId: string, action: 'hide' | 'restore', headers: Headers) =>
    postJson<void>(
      `${workshop(id)}/ideas/${encodeURIComponent(ideaId)}/${action}`,
      undefined,
      headers,
    ),
  snapshot: (id: string, signal?: AbortSignal) =>
    getJson<WorkshopSnapshot>(`${workshop(id)}/snapshot`, signal),
  suggestions: (id: string, signal?: AbortSignal) =>
    getJson<ClusteringSuggestions>(`${workshop(id)}/clustering-suggestions`, signal),
  createTheme: (id: string, name: string, headers: Headers) =>
    postJson<ThemeView>(`${workshop(id)}/themes`, { name }, headers),
  renameTheme: (id: string, themeId: string, name: string, headers: Headers) =>
    patchJson<ThemeView>(
      `${workshop(id)}/themes/${encodeURIComponent(themeId)}`,
      { name },
      headers,
    ),
  deleteTheme: (id: string, themeId: string, headers: Headers) =>
    deleteJson<void>(`${workshop(id)}/themes/${encodeURIComponent(themeId)}`, headers),
  runSheets: (signal?: AbortSignal) => getJson<RunSheetTemplate[]>('/api/run-sheets', signal),
  applyRunSheet: (id: string, templateId: string, headers: Headers) =>
    postJson<ActivityView[]>(`${workshop(id)}/run-sheet`, { templateId }, headers),
  wallLink: (id: string, signal?: AbortSignal) =>
    getJson<WallLinkState>(`${workshop(id)}/wall-link`, signal),
  createWallLink: (id: string, headers: Headers) =>
    postJson<WallLinkResponse>(`${workshop(id)}/wall-link`, undefined, headers),
  revokeWallLink: (id: string, headers: Headers) =>
    deleteJson<void>(`${workshop(id)}/wall-link`, headers),
  classify: (id: string, ideaId: string, request: ClassifyIdeaRequest, headers: Headers) =>
    requestJson<unknown>(
      'PUT',
      `${workshop(id)}/ideas/${encodeURIComponent(ideaId)}/classification`,
      {
        body: request,
        headers,
      },
    ),
};
