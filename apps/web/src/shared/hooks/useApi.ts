import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/http';

export type ApiState<T> =
  { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; data: T };

const LOADING = { status: 'loading' } as const;

/** Loads once per `key`, cancels on change or unmount, and can be retried. */
export function useApi<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
): ApiState<T> & { retry(): void } {
  const [attempt, setAttempt] = useState(0);
  const request = `${key}#${attempt}`;
  // The settled result remembers which request it answers: a newer request reads as loading.
  const [settled, setSettled] = useState<{ request: string; state: ApiState<T> } | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal).then(
      (data) => setSettled({ request, state: { status: 'ready', data } }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const failure = error instanceof ApiError ? error : new ApiError(0, null);
        setSettled({ request, state: { status: 'error', error: failure } });
      },
    );
    return () => controller.abort();
    // `load` is a new function each render; `request` says when the resource changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const state: ApiState<T> = settled?.request === request ? settled.state : LOADING;
  return { ...state, retry };
}
