import { useApi } from '@web/shared/hooks/useApi';
import { territoriesApi } from '../api/territories.api';

export const useTerritoryTree = () =>
  useApi('territories', (signal) => territoriesApi.tree(signal));
export const useTerritory = (id: string) =>
  useApi(`territory:${id}`, (signal) => territoriesApi.get(id, signal));
