import { SortitionInputError } from './errors';
import { computeDistribution, type MaximinOptions } from './maximin';
import { Sha256Prng, compareCodeUnits } from './prng';
import {
  PROBABILITY_SCALE,
  SORTITION_ALGORITHM_VERSION,
  type DrawResult,
  type PanelDistribution,
  type ReplacementInstance,
  type SelectionResult,
  type SortitionInstance,
} from './types';

function assertSeed(seed: unknown): asserts seed is string {
  if (typeof seed !== 'string' || seed.length === 0) {
    throw new SortitionInputError(['the seed must be a non-empty string']);
  }
}

/**
 * Draws one panel from a distribution with the public seed. The random stream is the SHA-256
 * counter PRNG keyed by ('permanente-sortition/draw', algorithm version, instance digest, seed):
 * 1. ticket = uniformInt(PROBABILITY_SCALE); the composition is the first whose cumulative
 *    weight (in the distribution's canonical order) exceeds the ticket;
 * 2. for each profile in canonical order with c > 0 seats in that composition, c members are
 *    drawn uniformly among the profile's members (sorted by id) by a partial Fisher–Yates shuffle.
 * Pure and synchronous: same distribution and seed, same panel.
 */
export function drawFromDistribution(distribution: PanelDistribution, seed: string): DrawResult {
  assertSeed(seed);
  const prng = Sha256Prng.fromParts([
    'permanente-sortition/draw',
    SORTITION_ALGORITHM_VERSION,
    distribution.instanceDigest,
    seed,
  ]);
  const ticket = prng.uniformInt(PROBABILITY_SCALE);
  let cumulative = 0;
  let compositionIndex = -1;
  for (const [index, composition] of distribution.compositions.entries()) {
    cumulative += composition.weight;
    if (ticket < cumulative) {
      compositionIndex = index;
      break;
    }
  }
  if (compositionIndex < 0) {
    throw new SortitionInputError(['the distribution weights do not add up to PROBABILITY_SCALE']);
  }
  const { counts } = distribution.compositions[compositionIndex];
  const drawn: string[] = [];
  distribution.profiles.forEach((profile, t) => {
    if (counts[t] > 0) drawn.push(...prng.sample(profile.memberIds, counts[t]));
  });
  return {
    algorithmVersion: distribution.algorithmVersion,
    solverVersion: distribution.solverVersion,
    instanceDigest: distribution.instanceDigest,
    distributionDigest: distribution.distributionDigest,
    seed,
    ticket,
    compositionIndex,
    panel: [...distribution.confirmedIds, ...drawn].sort(compareCodeUnits),
    drawn,
  };
}

/**
 * The whole draw: feasibility check (InfeasibleQuotasError, never a panel), maximin
 * distribution, then the seeded draw. Same pool, quotas, panel size, seed and algorithm version:
 * same panel.
 */
export async function selectPanel(
  instance: SortitionInstance & { readonly seed: string },
  options: MaximinOptions = {},
): Promise<SelectionResult> {
  assertSeed(instance.seed);
  const distribution = await computeDistribution(
    { pool: instance.pool, panelSize: instance.panelSize, quotas: instance.quotas },
    options,
  );
  return { ...drawFromDistribution(distribution, instance.seed), distribution };
}

/**
 * A replacement draw: the confirmed members stay (they are in every candidate panel and count
 * towards the quotas), the excluded volunteers (decliners...) cannot be drawn, and the remaining
 * seats are filled by the same maximin machinery so that the whole panel meets every quota.
 * `panel` in the result is the full panel; `drawn` the newcomers.
 */
export async function drawReplacement(
  instance: ReplacementInstance & { readonly seed: string },
  options: MaximinOptions = {},
): Promise<SelectionResult> {
  assertSeed(instance.seed);
  const distribution = await computeDistribution(
    {
      pool: instance.pool,
      panelSize: instance.panelSize,
      quotas: instance.quotas,
      confirmed: instance.confirmed,
      excluded: instance.excluded,
    },
    options,
  );
  return { ...drawFromDistribution(distribution, instance.seed), distribution };
}
