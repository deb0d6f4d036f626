import { performance } from 'node:perf_hooks';
import { SortitionInputError } from './errors';
import { buildProblem, type Problem } from './problem';
import { Sha256Prng, compareCodeUnits } from './prng';
import { SORTITION_ALGORITHM_VERSION, type SortitionInstance } from './types';

/** One greedy run: the members drawn, or why it got stuck. */
export type GreedyOutcome =
  | { readonly ok: true; readonly drawn: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/**
 * The naive baseline, for comparison only (it can fail, and it is not fair): fill the seats one
 * at a time; at each step take the quota most below its min, relatively ((min − seated) / min,
 * ties broken at random), and pick uniformly among the remaining volunteers who count for it and
 * whose addition breaks no max; when every min is met, pick uniformly among all who break no
 * max. Fails when nobody fits, or when the seats are full with a min still unmet.
 */
export function greedyDraw(problem: Problem, prng: Sha256Prng): GreedyOutcome {
  const { quotas, profiles, profileQuotas } = problem;
  const remaining = profiles.map((p) => [...p.memberIds]);
  const seated = new Int32Array(quotas.length);
  const allProfiles = profiles.map((_, t) => t);
  const drawn: string[] = [];

  const fits = (t: number) =>
    remaining[t].length > 0 && profileQuotas[t].every((q) => seated[q] + 1 <= quotas[q].max);

  for (let step = 0; step < problem.seatsToFill; step += 1) {
    // The neediest quotas: largest (min − seated) / min, compared exactly by cross-multiplying.
    let neediest: number[] = [];
    for (let q = 0; q < quotas.length; q += 1) {
      const deficit = quotas[q].min - seated[q];
      if (deficit <= 0) continue;
      if (neediest.length === 0) {
        neediest = [q];
        continue;
      }
      const best = neediest[0];
      const order = deficit * quotas[best].min - (quotas[best].min - seated[best]) * quotas[q].min;
      if (order > 0) neediest = [q];
      else if (order === 0) neediest.push(q);
    }
    const target = neediest.length > 0 ? neediest[prng.uniformInt(neediest.length)] : -1;
    const candidates = (target >= 0 ? quotas[target].profileIndices : allProfiles).filter(fits);
    const total = candidates.reduce((sum, t) => sum + remaining[t].length, 0);
    if (total === 0) {
      return {
        ok: false,
        reason:
          target >= 0
            ? `nobody left for ${quotas[target].quota.feature}=${quotas[target].quota.value} without breaking a max`
            : 'nobody left who breaks no max',
      };
    }
    // Uniform over volunteers: a profile in proportion to its remaining members, then one of them.
    let ticket = prng.uniformInt(total);
    let chosen = candidates[0];
    for (const t of candidates) {
      if (ticket < remaining[t].length) {
        chosen = t;
        break;
      }
      ticket -= remaining[t].length;
    }
    const members = remaining[chosen];
    const index = prng.uniformInt(members.length);
    drawn.push(members[index]);
    members[index] = members[members.length - 1];
    members.pop();
    for (const q of profileQuotas[chosen]) seated[q] += 1;
  }
  const unmet = quotas.findIndex((q, i) => seated[i] < q.min);
  if (unmet >= 0) {
    const q = quotas[unmet].quota;
    return { ok: false, reason: `seats full with ${q.feature}=${q.value} below its min` };
  }
  return { ok: true, drawn };
}

export interface GreedyEstimate {
  readonly runs: number;
  /** Runs that produced no valid panel (a real process would have to start again). */
  readonly failedRuns: number;
  /**
   * Each volunteer's estimated probability of selection given a successful run: the greedy is
   * blind to everything but the quota features, so members of one profile are exchangeable and
   * the estimate is pooled per profile (mean seats of the profile per successful run / its size).
   */
  readonly selectionProbabilities: ReadonlyMap<string, number>;
  /** Lowest estimated probability (over volunteers with a positive one, if any run succeeded). */
  readonly minimumProbability: number;
  readonly elapsedMs: number;
}

/** Monte-Carlo estimate of the greedy baseline's selection probabilities. */
export function estimateGreedyProbabilities(
  instance: SortitionInstance,
  options: { readonly runs: number; readonly seed: string },
): GreedyEstimate {
  const startedAt = performance.now();
  if (!Number.isSafeInteger(options.runs) || options.runs < 1) {
    throw new SortitionInputError([`runs must be a positive integer, got ${options.runs}`]);
  }
  const problem = buildProblem(instance);
  const prng = Sha256Prng.fromParts([
    'permanente-sortition/greedy',
    SORTITION_ALGORITHM_VERSION,
    problem.instanceDigest,
    options.seed,
  ]);
  const profileOf = new Map<string, number>();
  problem.profiles.forEach((p, t) => p.memberIds.forEach((id) => profileOf.set(id, t)));
  const seats = new Float64Array(problem.profiles.length);
  let failedRuns = 0;
  for (let run = 0; run < options.runs; run += 1) {
    const outcome = greedyDraw(problem, prng);
    if (!outcome.ok) {
      failedRuns += 1;
      continue;
    }
    for (const id of outcome.drawn) seats[profileOf.get(id) ?? 0] += 1;
  }
  const successes = options.runs - failedRuns;
  const selectionProbabilities = new Map<string, number>();
  let minimumProbability = Number.POSITIVE_INFINITY;
  problem.profiles.forEach((p, t) => {
    const probability = successes > 0 ? seats[t] / successes / p.memberIds.length : 0;
    if (probability < minimumProbability) minimumProbability = probability;
    for (const id of p.memberIds) selectionProbabilities.set(id, probability);
  });
  return {
    runs: options.runs,
    failedRuns,
    selectionProbabilities: new Map(
      [...selectionProbabilities.entries()].sort((a, b) => compareCodeUnits(a[0], b[0])),
    ),
    minimumProbability: Number.isFinite(minimumProbability) ? minimumProbability : 0,
    elapsedMs: performance.now() - startedAt,
  };
}
