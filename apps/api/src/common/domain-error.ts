import { HttpException } from '@nestjs/common';
import {
  CHECKED_OUT_CODE,
  type FieldError,
  type LiveError,
  type LiveErrorCode,
} from '@permanente/contracts';

/** The refusals the domain speaks of, the same over HTTP and in a socket acknowledgement. */
export type DomainErrorCode = LiveErrorCode;

/**
 * A refusal by a rule of the domain (a closed workshop, a duplicate, an unknown kit…), with a
 * code. Services throw it; it is mapped once for HTTP (AllExceptionsFilter: DOMAIN_ERROR_STATUS
 * and the ApiErrorResponse shape) and once for socket acknowledgements (`toLiveError`).
 */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly field?: string,
    readonly extra: Pick<LiveError, 'retryAfterMs' | 'kitId'> & {
      /** Over HTTP, the refused fields (`body.startsOn`, a reason, a code), as the pipe's. */
      fields?: FieldError[];
    } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** The HTTP status: the code's, unless a refinement says better (409 or 422 with fields). */
  get status(): number {
    return DOMAIN_ERROR_STATUS[this.code];
  }

  toLiveError(): LiveError {
    const { fields: _fields, ...extra } = this.extra;
    return {
      code: this.code,
      message: this.message,
      ...(this.field ? { field: this.field } : {}),
      ...extra,
    };
  }
}

/** The HTTP status of each code. */
export const DOMAIN_ERROR_STATUS: Record<DomainErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  closed: 409,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

const CODE_OF_STATUS: Record<number, DomainErrorCode> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  429: 'rate_limited',
  503: 'unavailable',
};

/**
 * The domain error an error stands for: itself, or the code of a Nest HTTP exception's
 * status (still thrown by some services and by the framework: `invalid` for any other 4xx);
 * null for anything else (a bug, the database failing).
 */
export function domainErrorOf(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error;
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status >= 500 && status !== 503) return null;
    return new DomainError(CODE_OF_STATUS[status] ?? 'invalid', error.message);
  }
  return null;
}

/**
 * A change refused because the workshop is out in a field kit (bus mode): a 409 naming the
 * kit, until the kit syncs back or is revoked.
 */
export function checkedOutError(kit: { id: string; label: string }): DomainError {
  return new DomainError(
    'conflict',
    `This workshop is out in the field kit "${kit.label}" (${kit.id}): it changes again once the kit is synced back or revoked`,
    undefined,
    { kitId: kit.id },
  );
}

export { CHECKED_OUT_CODE };

/**
 * The code a refused live handshake is answered with (the `connect_error` message the phone
 * sees). A DomainError says it itself (`unauthorized`: an unknown credential, `forbidden`, …).
 * Anything else is the infrastructure failing (the database does not answer, a pool timeout,
 * a bug), not the person: `unavailable`, which the phone retries with backoff. Calling it
 * `unauthorized` made phones give up for good after a short database outage.
 */
export function handshakeErrorCode(error: unknown): DomainErrorCode {
  return error instanceof DomainError ? error.code : 'unavailable';
}
