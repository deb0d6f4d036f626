import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '@web/shared/api/http';

// Every query and mutation fails with an ApiError (http.ts; status 0 for the network), so
// `query.error` and `mutation.error` are typed as one without a cast.
declare module '@tanstack/react-query' {
  interface Register {
    defaultError: ApiError;
  }
}

/** Anything a load threw, as the ApiError the pages show (a bug or a parse error: status 0). */
export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, null);
}

/**
 * The query function of one API read: `load` gets the query's abort signal (handed to
 * http.ts, so leaving the page cancels the request) and whatever it throws arrives as an
 * ApiError. An abort is passed on as is: TanStack Query drops the cancelled fetch itself.
 */
export const apiRead =
  <T>(load: (signal: AbortSignal) => Promise<T>) =>
  ({ signal }: { signal: AbortSignal }): Promise<T> =>
    load(signal).catch((error: unknown) => {
      throw signal.aborted ? error : asApiError(error);
    });

/**
 * The web app's cache. Its defaults keep the behaviour the hand-written loader had: a failed
 * read is not tried again by itself (the page's "Try again" button does it), and a page is not
 * reloaded when the window gets the focus back (a facilitator's console or a wall would flash).
 * A page opened again shows what it had while it asks again (staleTime 0).
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}
