import { InfeasibleQuotasError } from './errors';
import { checkProblemFeasibility } from './feasibility';
import { initialPanels } from './initial-panels';
import { buildProblem } from './problem';
import { Sha256Prng } from './prng';
import { getHighs } from './solver';
import {
  SORTITION_ALGORITHM_VERSION,
  type ReplacementInstance,
  type SortitionInstance,
} from './types';

/** Volunteers that no quota-satisfying panel includes, grouped by their combination of values. */
export interface UnselectableGroup {
  readonly features: Readonly<Record<string, string>>;
  readonly ids: readonly string[];
}

/**
 * Before a draw: the volunteers whose combination of features is in no panel that meets the
 * quotas (their probability will be zero whatever the fairness, and the minimum probability
 * leaves them out). Found by the same covering integer programs the distribution starts with.
 * Throws InfeasibleQuotasError when no panel meets the quotas at all.
 */
export async function findUnselectable(
  instance: SortitionInstance | ReplacementInstance,
): Promise<UnselectableGroup[]> {
  const problem = buildProblem(instance);
  const highs = await getHighs();
  const report = checkProblemFeasibility(highs, problem);
  if (!report.feasible) throw new InfeasibleQuotasError(report.issues);
  if (problem.seatsToFill === 0) return [];
  const prng = Sha256Prng.fromParts([
    'permanente-sortition/distribution',
    SORTITION_ALGORITHM_VERSION,
    problem.instanceDigest,
  ]);
  const { reachable } = initialPanels(highs, problem, prng, 0);
  return problem.profiles
    .filter((_, t) => !reachable[t])
    .map((profile) => ({ features: profile.features, ids: profile.memberIds }));
}
