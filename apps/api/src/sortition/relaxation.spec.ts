import { computeDistribution } from './maximin';
import { buildProblem } from './problem';
import { relaxedLeximin, solveRelaxedStage } from './relaxation';
import { getHighs } from './solver';
import { bruteLeximin } from './testing/brute-force';
import type { SortitionInstance, Volunteer } from './types';

const person = (id: string, features: Record<string, string>): Volunteer => ({ id, features });

/**
 * Where the relaxation is not tight: 2 seats, at most one member with a, with b, with c. Three
 * volunteers have two of the three, one has none. Any two of the first three share a value, so
 * every panel is one of them with "none": she sits on every panel, the others 1/3 each. The
 * relaxation can seat half of each of the three and half of her (a, b and c each at 1): 1/2 for all.
 */
const triangle: SortitionInstance = {
  pool: [
    person('ab', { a: 'yes', b: 'yes', c: 'no' }),
    person('bc', { a: 'no', b: 'yes', c: 'yes' }),
    person('ac', { a: 'yes', b: 'no', c: 'yes' }),
    person('none', { a: 'no', b: 'no', c: 'no' }),
  ],
  panelSize: 2,
  quotas: [
    { feature: 'a', value: 'yes', min: 0, max: 1 },
    { feature: 'b', value: 'yes', min: 0, max: 1 },
    { feature: 'c', value: 'yes', min: 0, max: 1 },
  ],
};

/** Two features (a bipartite structure): the relaxation's vertices are panels, so it is tight. */
const tight: SortitionInstance = {
  pool: [
    ...['w1', 'w2', 'w3'].map((id) => person(id, { gender: 'woman', age: 'old' })),
    person('w4', { gender: 'woman', age: 'young' }),
    ...['m1', 'm2', 'm3', 'm4', 'm5'].map((id) => person(id, { gender: 'man', age: 'young' })),
    person('m6', { gender: 'man', age: 'old' }),
  ],
  panelSize: 4,
  quotas: [
    { feature: 'gender', value: 'woman', min: 2, max: 2 },
    { feature: 'age', value: 'young', min: 2, max: 2 },
  ],
};

const sortedProbabilities = (probabilities: ReadonlyMap<string, number>) =>
  [...probabilities.values()].sort((a, b) => a - b);

describe('the relaxation (leximin over expected seats)', () => {
  it('bounds the lowest probability from above, and can be above what panels achieve', async () => {
    const highs = await getHighs();
    const problem = buildProblem(triangle);
    const reachable = problem.profiles.map(() => true);
    const stage = solveRelaxedStage(highs, problem, reachable, new Map());
    expect(stage.bound).toBeCloseTo(0.5, 9);
    // Scaled like the master LP's prices: the volunteers not fixed weigh 1 in all.
    const weight = problem.profiles.reduce(
      (sum, p, t) => sum + p.memberIds.length * stage.prices[t],
      0,
    );
    expect(weight).toBeCloseTo(1, 9);
    const target = relaxedLeximin(highs, problem, reachable, 1e-6, 1e-8);
    expect(target.firstLevel).toBeCloseTo(0.5, 9);
    for (const seats of target.seats) expect(seats).toBeCloseTo(0.5, 6);
  });

  it('falls back to one stage per level when its leximin is out of reach', async () => {
    const highs = await getHighs();
    const distribution = await computeDistribution(triangle);
    expect(distribution.stats.converged).toBe(true);
    expect(distribution.selectionProbabilities.get('none')).toBeCloseTo(1, 6);
    for (const id of ['ab', 'bc', 'ac']) {
      expect(distribution.selectionProbabilities.get(id)).toBeCloseTo(1 / 3, 6);
    }
    const expected = bruteLeximin(highs, triangle);
    sortedProbabilities(distribution.selectionProbabilities).forEach((p, i) =>
      expect(p).toBeCloseTo(expected[i], 6),
    );
  });

  it('is reached in one column generation when it is tight, with the leximin probabilities', async () => {
    const highs = await getHighs();
    const distribution = await computeDistribution(tight);
    expect(distribution.stats.converged).toBe(true);
    const expected = bruteLeximin(highs, tight);
    sortedProbabilities(distribution.selectionProbabilities).forEach((p, i) =>
      expect(p).toBeCloseTo(expected[i], 6),
    );
    expect(distribution.stats.upperBound - distribution.stats.lowerBound).toBeLessThanOrEqual(1e-6);
  });
});
