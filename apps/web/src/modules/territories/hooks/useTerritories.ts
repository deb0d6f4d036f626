import { queryKeys } from '@web/shared/query/query-keys';
import { useApiQuery } from '@web/shared/query/useApiQuery';
import { territoriesApi } from '../api/territories.api';

export const useTerritoryTree = () =>
  useApiQuery(queryKeys.territories.tree, (signal) => territoriesApi.tree(signal));
export const useTerritory = (id: string) =>
  useApiQuery(queryKeys.territories.one(id), (signal) => territoriesApi.get(id, signal));
