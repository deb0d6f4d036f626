import type { Quota, QuotaIssue } from './types';

/** The input is malformed (duplicate ids, non-integer bounds, unknown confirmed id...). */
export class SortitionInputError extends Error {
  override readonly name = 'SortitionInputError';

  constructor(readonly problems: readonly string[]) {
    super(`Invalid sortition input: ${problems.join('; ')}`);
  }
}

/** No panel can satisfy the quotas; `issues` says which quotas and why. Never comes with a panel. */
export class InfeasibleQuotasError extends Error {
  override readonly name = 'InfeasibleQuotasError';

  constructor(readonly issues: readonly QuotaIssue[]) {
    super(`The quotas cannot be met: ${issues.map((issue) => issue.message).join(' | ')}`);
  }

  /** Every quota named by at least one issue, without duplicates, in first-seen order. */
  get quotas(): readonly Quota[] {
    const seen = new Set<Quota>();
    for (const issue of this.issues) {
      for (const quota of issue.quotas) seen.add(quota);
    }
    return [...seen];
  }
}

/** The solver answered something unexpected (numerical trouble, a limit reached...). */
export class SortitionSolverError extends Error {
  override readonly name = 'SortitionSolverError';
}
