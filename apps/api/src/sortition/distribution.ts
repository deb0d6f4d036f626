import { performance } from 'node:perf_hooks';
import type { Highs } from 'highs';
import { SortitionSolverError } from './errors';
import type { Problem } from './problem';
import { compareCodeUnits, sha256Hex } from './prng';
import {
  PROBABILITY_SCALE,
  SORTITION_ALGORITHM_VERSION,
  type Fairness,
  type PanelDistribution,
  type WeightedComposition,
} from './types';

/** Orders compositions (members per profile) lexicographically. */
export function compareCounts(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i += 1) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return 0;
}

/**
 * Turns LP probabilities into integer weights in units of 1 / PROBABILITY_SCALE summing exactly to
 * PROBABILITY_SCALE, by the largest-remainder method (ties: the earlier panel first).
 */
export function roundToScale(probabilities: readonly number[]): number[] {
  const clamped = probabilities.map((p) => (Number.isFinite(p) && p > 0 ? p : 0));
  const total = clamped.reduce((sum, p) => sum + p, 0);
  if (total <= 0) throw new SortitionSolverError('The distribution has no positive probability');
  const exact = clamped.map((p) => (p / total) * PROBABILITY_SCALE);
  const weights = exact.map((x) => Math.floor(x));
  let missing = PROBABILITY_SCALE - weights.reduce((sum, w) => sum + w, 0);
  const order = exact
    .map((x, i) => ({ remainder: x - Math.floor(x), i }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (let j = 0; missing > 0; j = (j + 1) % order.length) {
    weights[order[j].i] += 1;
    missing -= 1;
  }
  return weights;
}

/** Selection probability of one member of each profile, from integer weights. */
function profileProbabilities(
  problem: Problem,
  compositions: readonly WeightedComposition[],
): number[] {
  return problem.profiles.map((profile, t) => {
    let seats = 0;
    for (const { counts, weight } of compositions) seats += counts[t] * weight;
    return seats / PROBABILITY_SCALE / profile.memberIds.length;
  });
}

function canonicalDistributionJson(
  problem: Problem,
  fairness: Fairness,
  compositions: readonly WeightedComposition[],
): string {
  return JSON.stringify({
    format: 'permanente.sortition-distribution/1',
    algorithmVersion: SORTITION_ALGORITHM_VERSION,
    instanceDigest: problem.instanceDigest,
    fairness,
    seatsToFill: problem.seatsToFill,
    confirmedIds: problem.confirmed.map((v) => v.id),
    probabilityScale: PROBABILITY_SCALE,
    profiles: problem.profiles.map((p) => [p.key, p.memberIds]),
    compositions: compositions.map((c) => [c.counts, c.weight]),
  });
}

export function finish(
  highs: Highs,
  problem: Problem,
  fairness: Fairness,
  compositions: WeightedComposition[],
  reachable: readonly boolean[],
  stats: Omit<PanelDistribution['stats'], 'elapsedMs'>,
  startedAt: number,
): PanelDistribution {
  const sorted = compositions
    .filter((c) => c.weight > 0)
    .sort((a, b) => compareCounts(a.counts, b.counts));
  const perProfile = profileProbabilities(problem, sorted);
  const selectionProbabilities = new Map<string, number>();
  const unselectableIds: string[] = [];
  let minimumProbability = Number.POSITIVE_INFINITY;
  problem.profiles.forEach((profile, t) => {
    for (const id of profile.memberIds) selectionProbabilities.set(id, perProfile[t]);
    if (reachable[t]) minimumProbability = Math.min(minimumProbability, perProfile[t]);
    else unselectableIds.push(...profile.memberIds);
  });
  return {
    algorithmVersion: SORTITION_ALGORITHM_VERSION,
    solverVersion: `HiGHS ${highs.version.string}`,
    instanceDigest: problem.instanceDigest,
    fairness,
    distributionDigest: sha256Hex(canonicalDistributionJson(problem, fairness, sorted)),
    seatsToFill: problem.seatsToFill,
    confirmedIds: problem.confirmed.map((v) => v.id),
    profiles: problem.profiles,
    compositions: sorted,
    selectionProbabilities,
    minimumProbability: Number.isFinite(minimumProbability) ? minimumProbability : 0,
    unselectableIds: unselectableIds.sort(compareCodeUnits),
    stats: { ...stats, elapsedMs: performance.now() - startedAt },
  };
}
