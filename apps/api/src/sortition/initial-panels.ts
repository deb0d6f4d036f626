import type { Highs } from 'highs';
import { SortitionSolverError } from './errors';
import { solveComposition } from './integer-program';
import { compositionSatisfies, type Problem } from './problem';
import type { Sha256Prng } from './prng';

/** A composition's key, for sets of panels already in the LP. */
export const compositionKey = (counts: readonly number[]) => counts.join(',');

/**
 * Initial panels. First, panels that cover every profile that can be covered: each maximises
 * the number of profiles not yet covered that it includes (ties broken by a small seeded random
 * objective); when none can be added, the remaining profiles are in no feasible panel at all.
 * Then `randomPanels` panels maximising seeded random objectives, for diversity.
 */
export function initialPanels(
  highs: Highs,
  problem: Problem,
  prng: Sha256Prng,
  randomPanels: number,
): { panels: number[][]; reachable: boolean[]; solves: number } {
  const profileCount = problem.profiles.length;
  const reachable = new Array<boolean>(profileCount).fill(false);
  const panels: number[][] = [];
  const seen = new Set<string>();
  let solves = 0;
  const add = (counts: number[]) => {
    if (!compositionSatisfies(problem, counts)) {
      throw new SortitionSolverError('The solver returned a panel that breaks a quota');
    }
    const key = compositionKey(counts);
    if (seen.has(key)) return;
    seen.add(key);
    panels.push(counts);
    counts.forEach((count, t) => {
      if (count > 0) reachable[t] = true;
    });
  };
  // The random tie-breaker adds less than 1/2 in total, less than one covered profile.
  const epsilon = 1 / (2 * (problem.seatsToFill + 1));
  for (;;) {
    const uncovered = reachable.flatMap((covered, t) => (covered ? [] : [t]));
    if (uncovered.length === 0) break;
    const objective = problem.profiles.map(() => epsilon * prng.nextFloat());
    const outcome = solveComposition(highs, problem, {
      objective,
      indicatorProfiles: uncovered,
      indicatorWeight: 1,
    });
    solves += 1;
    if (outcome.status !== 'optimal') {
      throw new SortitionSolverError('The covering integer program found no panel');
    }
    if (!uncovered.some((t) => outcome.counts[t] > 0)) break;
    add(outcome.counts);
  }
  for (let i = 0; i < randomPanels; i += 1) {
    const objective = problem.profiles.map(() => prng.nextFloat());
    const outcome = solveComposition(highs, problem, { objective });
    solves += 1;
    if (outcome.status === 'optimal') add(outcome.counts);
  }
  return { panels, reachable, solves };
}
