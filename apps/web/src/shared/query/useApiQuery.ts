import { useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useCallback } from 'react';
import { apiRead } from './query-client';

/**
 * One API read through TanStack Query: cached under `queryKey` (each module's `...Keys` in its
 * api file), cancelled with its abort signal when nothing shows it any more, failing with an
 * ApiError. The page shows `isPending` as <Loading />, `isError` as <LoadError /> (ApiStatus).
 */
export function useApiQuery<T>(
  queryKey: QueryKey,
  load: (signal: AbortSignal) => Promise<T>,
  options: { enabled?: boolean } = {},
) {
  return useQuery({ queryKey, queryFn: apiRead(load), ...options });
}

/**
 * Marks queries as out of date after a write: the ones on screen are read again at once (the
 * page keeps what it shows until the new answer), the others when next shown. Resolves once
 * the shown ones have been read again.
 */
export function useInvalidate() {
  const client = useQueryClient();
  return useCallback(
    (...keys: QueryKey[]) =>
      Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey }))).then(
        () => undefined,
      ),
    [client],
  );
}
