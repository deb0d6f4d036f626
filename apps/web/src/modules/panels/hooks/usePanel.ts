import type { PanelResponse, PanelVolunteerResponse } from '@permanente/contracts';
import { useCallback } from 'react';
import { queryKeys } from '@web/shared/query/query-keys';
import { useApiQuery, useInvalidate } from '@web/shared/query/useApiQuery';
import { panelsApi } from '../api/panels.api';

export interface PanelData {
  panel: PanelResponse;
  volunteers: PanelVolunteerResponse[];
}

async function load(id: string, signal: AbortSignal): Promise<PanelData> {
  const [panel, volunteers] = await Promise.all([
    panelsApi.get(id, signal),
    panelsApi.volunteers(id, signal),
  ]);
  return { panel, volunteers };
}

/**
 * The organiser's panel and its pool. `refresh()` (after a write) invalidates the panels'
 * queries: this one is read again in place (the page keeps its forms and what it shows until
 * the answer), the list when next shown; the first load shows a loading state.
 */
export function usePanel(id: string) {
  const query = useApiQuery(queryKeys.panels.one(id), (signal) => load(id, signal));
  const invalidate = useInvalidate();
  const refresh = useCallback(() => invalidate(queryKeys.panels.all), [invalidate]);
  const { refetch } = query;
  const retry = useCallback(() => void refetch(), [refetch]);
  return { data: query.data ?? null, error: query.error, refresh, retry };
}
