import type { PanelResponse, PanelVolunteerResponse } from '@permanente/contracts';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '@web/shared/api/http';
import { panelsApi } from '../api/panels.api';

export interface PanelData {
  panel: PanelResponse;
  volunteers: PanelVolunteerResponse[];
}

async function load(id: string, signal?: AbortSignal): Promise<PanelData> {
  const [panel, volunteers] = await Promise.all([
    panelsApi.get(id, signal),
    panelsApi.volunteers(id, signal),
  ]);
  return { panel, volunteers };
}

/**
 * The organiser's panel and its pool. `refresh()` reloads both in place (the page keeps its
 * forms); the first load shows a loading state.
 */
export function usePanel(id: string) {
  const [data, setData] = useState<PanelData | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const refresh = useCallback(
    (signal?: AbortSignal): Promise<void> =>
      load(id, signal).then(
        (loaded) => {
          setData(loaded);
          setError(null);
        },
        (failure: unknown) => {
          if (signal?.aborted) return;
          setError(failure instanceof ApiError ? failure : new ApiError(0, null));
        },
      ),
    [id],
  );
  useEffect(() => {
    const controller = new AbortController();
    load(id, controller.signal).then(
      (loaded) => setData(loaded),
      (failure: unknown) => {
        if (!controller.signal.aborted)
          setError(failure instanceof ApiError ? failure : new ApiError(0, null));
      },
    );
    return () => controller.abort();
  }, [id]);
  return { data, error, refresh };
}
