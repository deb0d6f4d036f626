import { DomainError } from './domain-error';

/** 429 (`rate_limited`) with a Retry-After in seconds, set by the exception filter. */
export class TooManyRequestsException extends DomainError {
  constructor(message: string, retryAfterMs: number) {
    super('rate_limited', message, undefined, { retryAfterMs });
    this.name = 'TooManyRequestsException';
  }

  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.extra.retryAfterMs ?? 0) / 1000));
  }
}
