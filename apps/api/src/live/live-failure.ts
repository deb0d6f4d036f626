import { CHECKED_OUT_CODE, type LiveError, type LiveErrorCode } from '@permanente/contracts';

/** A refusal of a live action, carried back in the socket acknowledgement. */
export class LiveFailure extends Error {
  constructor(
    readonly code: LiveErrorCode,
    message: string,
    readonly field?: string,
    readonly extra: Pick<LiveError, 'retryAfterMs' | 'kitId'> = {},
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

/**
 * A change refused because the workshop is out in a field kit (bus mode): a 409 naming the
 * kit, until the kit syncs back or is revoked.
 */
export function checkedOutFailure(kit: { id: string; label: string }): LiveFailure {
  return new LiveFailure(
    'conflict',
    `This workshop is out in the field kit "${kit.label}" (${kit.id}): it changes again once the kit is synced back or revoked`,
    undefined,
    { kitId: kit.id },
  );
}

export { CHECKED_OUT_CODE };

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

/**
 * The code a refused handshake is answered with (the `connect_error` message the phone sees).
 * A LiveFailure says it itself (`unauthorized`: an unknown credential, `forbidden`, …).
 * Anything else is the infrastructure failing (the database does not answer, a pool timeout,
 * a bug), not the person: `unavailable`, which the phone retries with backoff. Calling it
 * `unauthorized` made phones give up for good after a short database outage.
 */
export function handshakeErrorCode(error: unknown): LiveErrorCode {
  return error instanceof LiveFailure ? error.code : 'unavailable';
}
