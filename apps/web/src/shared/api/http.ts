import type { ApiErrorResponse } from '@permanente/contracts';

/** A failed API call: the API's JSON error when there is one, else a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorResponse | null,
    /** Seconds to wait, from the Retry-After header of a 429; null when not given. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(body?.message ?? (status === 0 ? 'network' : `HTTP ${status}`));
    this.name = 'ApiError';
  }

  get isNetworkError(): boolean {
    return this.status === 0;
  }
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

function retryAfter(response: Response): number | null {
  const value = Number(response.headers?.get?.('retry-after'));
  return Number.isFinite(value) && value > 0 ? value : null;
}

/**
 * One JSON call to the API. Resolves with the parsed body (undefined for 204 No Content);
 * rejects with an ApiError (status 0 when the network fails) or the AbortError of `signal`.
 */
export async function requestJson<T>(
  method: HttpMethod,
  path: string,
  { body, headers, signal }: RequestOptions = {},
): Promise<T> {
  const init: RequestInit = {
    method,
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    signal,
    credentials: 'same-origin',
  };
  if (body !== undefined) init.body = JSON.stringify(body);
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, null);
  }
  if (!response.ok) {
    const errorBody = (await response.json().catch(() => null)) as ApiErrorResponse | null;
    throw new ApiError(response.status, errorBody, retryAfter(response));
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const getJson = <T>(path: string, signal?: AbortSignal, headers?: Record<string, string>) =>
  requestJson<T>('GET', path, { signal, headers });

export const postJson = <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
  requestJson<T>('POST', path, { body, headers });

export const patchJson = <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
  requestJson<T>('PATCH', path, { body, headers });

export const deleteJson = <T>(path: string, headers?: Record<string, string>) =>
  requestJson<T>('DELETE', path, { headers });

/** The header that authenticates a participant (no account: the credential kept on the phone). */
export const bearer = (token: string): Record<string, string> => ({
  authorization: `Bearer ${token}`,
});
