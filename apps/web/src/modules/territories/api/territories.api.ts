import type { TerritoryDetailResponse, TerritoryTreeNode } from '@permanente/contracts';
import { getJson } from '@web/shared/api/http';

export const territoriesApi = {
  tree: (signal?: AbortSignal) => getJson<TerritoryTreeNode[]>('/api/territories', signal),
  get: (id: string, signal?: AbortSignal) =>
    getJson<TerritoryDetailResponse>(`/api/territories/${encodeURIComponent(id)}`, signal),
};
