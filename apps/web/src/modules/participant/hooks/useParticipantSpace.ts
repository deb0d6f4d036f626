import type { ParticipantSelfResponse, WorkshopParticipantView } from '@permanente/contracts';
import { useApi } from '../../../shared/hooks/useApi';
import { participantApi } from '../api/participant.api';

export interface ParticipantSpace {
  participant: ParticipantSelfResponse;
  workshop: WorkshopParticipantView;
}

/** The participant and its workshop, loaded together with the phone's credential. */
export const useParticipantSpace = (workshopId: string, token: string) =>
  useApi<ParticipantSpace>(`participant:${workshopId}:${token}`, async (signal) => {
    const [participant, workshop] = await Promise.all([
      participantApi.me(token, signal),
      participantApi.workshop(workshopId, token, signal),
    ]);
    return { participant, workshop };
  });
