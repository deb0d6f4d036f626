import type { ParticipantSelfResponse, WorkshopParticipantView } from '@permanente/contracts';
import { ApiError } from '@web/shared/api/http';
import { useApi } from '@web/shared/hooks/useApi';
import { participantApi } from '../api/participant.api';

export interface ParticipantSpace {
  participant: ParticipantSelfResponse;
  workshop: WorkshopParticipantView;
}

const STORAGE_PREFIX = 'permanente.space.';

/** The last answer, kept on the phone for a reload without network (with the same credential). */
function readKept(workshopId: string, token: string): ParticipantSpace | null {
  try {
    const raw = window.localStorage.getItem(STORAGE_PREFIX + workshopId);
    const kept = raw ? (JSON.parse(raw) as { token?: string; space?: ParticipantSpace }) : null;
    return kept?.token === token && kept.space ? kept.space : null;
  } catch {
    return null;
  }
}

function keep(workshopId: string, token: string, space: ParticipantSpace): void {
  try {
    window.localStorage.setItem(STORAGE_PREFIX + workshopId, JSON.stringify({ token, space }));
  } catch {
    // storage full or disabled: an offline reload then shows the network error
  }
}

export function forgetKeptSpace(workshopId: string): void {
  try {
    window.localStorage.removeItem(STORAGE_PREFIX + workshopId);
  } catch {
    // nothing was kept
  }
}

/**
 * The participant and its workshop, loaded together with the phone's credential. Without
 * network (status 0) the last answer is used, so the workshop page still opens offline.
 */
export const useParticipantSpace = (workshopId: string, token: string) =>
  useApi<ParticipantSpace>(`participant:${workshopId}:${token}`, async (signal) => {
    try {
      const [participant, workshop] = await Promise.all([
        participantApi.me(token, signal),
        participantApi.workshop(workshopId, token, signal),
      ]);
      keep(workshopId, token, { participant, workshop });
      return { participant, workshop };
    } catch (error) {
      const kept = error instanceof ApiError && error.status === 0 && readKept(workshopId, token);
      if (kept) return kept;
      throw error;
    }
  });
