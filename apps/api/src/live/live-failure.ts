import type { LiveError, LiveErrorCode } from '@permanente/contracts';

/** A refusal of a live action, carried back in the socket acknowledgement. */
export class LiveFailure extends Error {
  constructor(
    readonly code: LiveErrorCode,
    message: string,
    readonly field?: string,
    readonly extra: Pick<LiveError, 'retryAfterMs'> = {},
  ) {
    super(message);
    this.name = 'LiveFailure';
  }

  toError(): LiveError {
    return {
      code: this.code,
      message: this.message,
      ...(this.field ? { field: this.field } : {}),
      ...this.extra,
    };
  }
}

/** The HTTP status of each refusal, when a live action comes through REST. */
export const LIVE_ERROR_STATUS: Record<LiveErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  closed: 409,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};
