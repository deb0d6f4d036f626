import type {
  JoinWorkshopRequest,
  JoinWorkshopResponse,
  ParticipantExport,
  ParticipantSelfResponse,
  ProposalNotification,
  UpdateParticipantRequest,
  WorkshopParticipantView,
} from '@permanente/contracts';
import { bearer, deleteJson, getJson, patchJson, postJson } from '@web/shared/api/http';

/** The participant's calls: joining is public, everything else carries the phone's credential. */
export const participantApi = {
  join: (request: JoinWorkshopRequest) =>
    postJson<JoinWorkshopResponse>('/api/workshops/join', request),
  me: (token: string, signal?: AbortSignal) =>
    getJson<ParticipantSelfResponse>('/api/participants/me', signal, bearer(token)),
  workshop: (id: string, token: string, signal?: AbortSignal) =>
    getJson<WorkshopParticipantView>(
      `/api/workshops/${encodeURIComponent(id)}`,
      signal,
      bearer(token),
    ),
  update: (token: string, request: UpdateParticipantRequest) =>
    patchJson<ParticipantSelfResponse>('/api/participants/me', request, bearer(token)),
  export: (token: string) =>
    getJson<ParticipantExport>('/api/participants/me/export', undefined, bearer(token)),
  /** Answers and follow-ups on proposals supported, followed, or built from the workshop. */
  notifications: (token: string, since: string | null, signal?: AbortSignal) =>
    getJson<ProposalNotification[]>(
      `/api/proposals/notifications${since ? `?since=${encodeURIComponent(since)}` : ''}`,
      signal,
      bearer(token),
    ),
  erase: (token: string) =>
    deleteJson<ParticipantSelfResponse>('/api/participants/me/personal-data', bearer(token)),
};
