import type { ParticipantSelfResponse, WorkshopParticipantView } from '@permanente/contracts';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '@web/shared/api/http';
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

export type SpaceState =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; data: ParticipantSpace };

const LOADING = { status: 'loading' } as const;

async function loadSpace(
  workshopId: string,
  token: string,
  signal: AbortSignal,
): Promise<ParticipantSpace> {
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
}

/**
 * The participant and its workshop, loaded together with the phone's credential. Without
 * network (status 0) the last answer is used, so the workshop page still opens offline.
 *
 * The participant path's one read, loaded by hand rather than with TanStack Query (the staff
 * and public screens' data layer, docs/architecture.md): the library does not fit the phone's
 * first-download budget (docs/phone.md). Loads once per workshop and credential, cancels on
 * change or unmount, and can be retried.
 */
export function useParticipantSpace(
  workshopId: string,
  token: string,
): SpaceState & { retry(): void } {
  const [attempt, setAttempt] = useState(0);
  const request = `${workshopId}:${token}#${attempt}`;
  // The settled result remembers which request it answers: a newer request reads as loading.
  const [settled, setSettled] = useState<{ request: string; state: SpaceState } | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    loadSpace(workshopId, token, controller.signal).then(
      (data) => setSettled({ request, state: { status: 'ready', data } }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const failure = error instanceof ApiError ? error : new ApiError(0, null);
        setSettled({ request, state: { status: 'error', error: failure } });
      },
    );
    return () => controller.abort();
    // `request` names the workshop, the credential and the attempt.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const state: SpaceState = settled?.request === request ? settled.state : LOADING;
  return { ...state, retry };
}
