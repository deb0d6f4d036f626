import type { Highs } from 'highs';
import { type BoundKey, solveComposition } from './integer-program';
import { buildProblem, type CanonicalQuota, type Problem } from './problem';
import { getHighs } from './solver';
import type {
  FeasibilityReport,
  Quota,
  QuotaBound,
  QuotaIssue,
  ReplacementInstance,
  SortitionInstance,
} from './types';

const label = (quota: Quota) => `${quota.feature}=${quota.value}`;

function describeMin(q: CanonicalQuota): string {
  return q.confirmed > 0
    ? `at least ${q.quota.min} (${q.confirmed} already confirmed, so ${q.min} more)`
    : `at least ${q.quota.min}`;
}

/**
 * Checks that need no solver: each finds quotas that can never be met and names them.
 * Bounds are those still to fill (for a replacement draw, net of the confirmed members).
 */
export function structuralIssues(problem: Problem): QuotaIssue[] {
  const issues: QuotaIssue[] = [];
  const seats = problem.seatsToFill;
  const seatsText = problem.confirmed.length > 0 ? `${seats} seats left to fill` : `${seats} seats`;

  if (problem.candidates.length < seats) {
    issues.push({
      kind: 'pool-too-small',
      quotas: [],
      features: [],
      message: `Only ${problem.candidates.length} eligible volunteers for ${seatsText}.`,
    });
  }

  for (const q of problem.quotas) {
    const base = { quotas: [q.quota], features: [q.quota.feature] };
    if (q.max < 0) {
      issues.push({
        ...base,
        kind: 'confirmed-exceed-max',
        message: `Quota ${label(q.quota)} allows at most ${q.quota.max} members but ${q.confirmed} confirmed members already have it.`,
      });
    }
    if (q.min > seats) {
      issues.push({
        ...base,
        kind: 'min-exceeds-panel-size',
        message: `Quota ${label(q.quota)} requires ${describeMin(q)} members but the panel has ${seatsText}.`,
      });
    }
    if (q.min > q.available) {
      issues.push({
        ...base,
        kind: 'min-exceeds-available',
        message: `Quota ${label(q.quota)} requires ${describeMin(q)} members but only ${q.available} eligible volunteers have it.`,
      });
    }
  }

  problem.features.forEach((feature, featureIndex) => {
    const quotas = problem.quotas.filter((q) => q.featureIndex === featureIndex);
    const minSum = quotas.reduce((sum, q) => sum + q.min, 0);
    // (Not repeated when one quota's min alone is above the seats: that is already reported.)
    if (minSum > seats && quotas.every((q) => q.min <= seats)) {
      issues.push({
        kind: 'mins-exceed-panel-size',
        quotas: quotas.filter((q) => q.min > 0).map((q) => q.quota),
        features: [feature],
        message: `The minimums of the quotas on "${feature}" add up to ${minSum} but the panel has ${seatsText}.`,
      });
    }
    // Most members the feature's quotas let in: capped values up to their max (and their number
    // of volunteers), plus every volunteer whose value has no quota or who has no value.
    const quotaMembers = quotas.reduce((sum, q) => sum + q.available, 0);
    const capacity =
      quotas.reduce((sum, q) => sum + Math.min(Math.max(q.max, 0), q.available), 0) +
      (problem.candidates.length - quotaMembers);
    if (capacity < seats && problem.candidates.length >= seats) {
      issues.push({
        kind: 'maxes-below-panel-size',
        quotas: quotas.filter((q) => q.max < q.available).map((q) => q.quota),
        features: [feature],
        message: `The quotas on "${feature}" let at most ${capacity} volunteers in (maximums, and volunteers with other values) but the panel has ${seatsText}.`,
      });
    }
  });
  return issues;
}

/** The bounds that can matter: mins above 0, and maxes below both the seats and the supply. */
function activeBounds(problem: Problem): BoundKey[] {
  const bounds: BoundKey[] = [];
  problem.quotas.forEach((q, i) => {
    if (q.min > 0) bounds.push(`${i}:min`);
    if (q.max < Math.min(q.available, problem.seatsToFill)) bounds.push(`${i}:max`);
  });
  return bounds;
}

function isFeasible(highs: Highs, problem: Problem, relaxed: ReadonlySet<BoundKey>): boolean {
  return solveComposition(highs, problem, { relaxed }).status === 'optimal';
}

/**
 * Explains an infeasibility that no single check found, with the integer program:
 * (1) which features' quotas, dropped alone, make the draw feasible; (2) an irreducible
 * conflicting set of quota bounds, by a deletion filter (drop each bound in turn; keep it out if
 * the rest stays infeasible). Costs one small integer program per feature and per bound.
 */
function diagnose(highs: Highs, problem: Problem): QuotaIssue {
  const all = activeBounds(problem);
  const relaxableFeatures = problem.features.filter((_, featureIndex) => {
    const relaxed = new Set<BoundKey>();
    problem.quotas.forEach((q, i) => {
      if (q.featureIndex === featureIndex) relaxed.add(`${i}:min`).add(`${i}:max`);
    });
    return isFeasible(highs, problem, relaxed);
  });

  let kept = new Set<BoundKey>(all);
  for (const bound of all) {
    const candidate = new Set(kept);
    candidate.delete(bound);
    const relaxed = new Set(all.filter((b) => !candidate.has(b)));
    if (!isFeasible(highs, problem, relaxed)) kept = candidate;
  }
  const conflictingBounds: QuotaBound[] = [...kept].map((key) => {
    const [index, bound] = key.split(':') as [string, 'min' | 'max'];
    return { quota: problem.quotas[Number(index)].quota, bound };
  });
  const quotas = [...new Set(conflictingBounds.map((b) => b.quota))];
  const features = [...new Set(quotas.map((q) => q.feature))];
  const described = conflictingBounds
    .map(({ quota, bound }) =>
      bound === 'min' ? `${label(quota)} >= ${quota.min}` : `${label(quota)} <= ${quota.max}`,
    )
    .join(', ');
  const relaxText =
    relaxableFeatures.length > 0
      ? ` Dropping the quotas of any one of these features would make a draw possible: ${relaxableFeatures.join(', ')}.`
      : ' No single feature can be dropped to make a draw possible.';
  return {
    kind: 'jointly-infeasible',
    quotas,
    features,
    conflictingBounds,
    relaxableFeatures,
    message: `These quota bounds cannot all hold on the same panel of ${problem.seatsToFill} seats: ${described}.${relaxText}`,
  };
}

/** Feasibility of a canonical problem (see checkFeasibility). */
export function checkProblemFeasibility(highs: Highs, problem: Problem): FeasibilityReport {
  const issues = structuralIssues(problem);
  if (issues.length > 0) return { feasible: false, issues };
  if (isFeasible(highs, problem, new Set())) return { feasible: true, issues: [] };
  return { feasible: false, issues: [diagnose(highs, problem)] };
}

/**
 * Whether some panel meets every quota, and if not, which quotas are to blame. First the
 * solver-free checks (a min above the seats or the supply, a feature's mins above the seats, a
 * feature's maxes unable to fill the seats), then the integer program, which settles every other
 * case. Throws SortitionInputError on malformed input.
 */
export async function checkFeasibility(
  instance: SortitionInstance | ReplacementInstance,
): Promise<FeasibilityReport> {
  const problem = buildProblem(instance);
  return checkProblemFeasibility(await getHighs(), problem);
}
