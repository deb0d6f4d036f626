import { estimateGreedyProbabilities, greedyDraw } from './greedy';
import { buildProblem, panelSatisfiesQuotas } from './problem';
import { Sha256Prng } from './prng';
import { spread } from './stats';
import type { SortitionInstance, Volunteer } from './types';

function people(prefix: string, count: number, features: Record<string, string>): Volunteer[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i + 1}`, features }));
}

describe('greedy baseline', () => {
  const instance: SortitionInstance = {
    pool: [
      ...people('yw', 3, { gender: 'woman', age: 'young' }),
      ...people('ow', 8, { gender: 'woman', age: 'old' }),
      ...people('ym', 2, { gender: 'man', age: 'young' }),
      ...people('om', 9, { gender: 'man', age: 'old' }),
    ],
    panelSize: 6,
    quotas: [
      { feature: 'gender', value: 'woman', min: 3, max: 3 },
      { feature: 'gender', value: 'man', min: 3, max: 3 },
      { feature: 'age', value: 'young', min: 3, max: 3 },
    ],
  };

  it('produces valid panels when it succeeds, and says why when it fails', () => {
    const problem = buildProblem(instance);
    const prng = Sha256Prng.fromParts(['greedy spec']);
    let failures = 0;
    for (let i = 0; i < 500; i += 1) {
      const outcome = greedyDraw(problem, prng);
      if (outcome.ok) {
        expect(panelSatisfiesQuotas(instance, outcome.drawn)).toBe(true);
      } else {
        failures += 1;
        expect(outcome.reason).toMatch(/nobody left|below its min/);
      }
    }
    expect(failures).toBeGreaterThan(0);
    expect(failures).toBeLessThan(500);
  });

  it('counts failed runs: greedy can paint itself into a corner', () => {
    // Young people are scarce and needed; greedy may fill the men's seats with old men first.
    const estimate = estimateGreedyProbabilities(instance, { runs: 2000, seed: 'x' });
    expect(estimate.failedRuns).toBeGreaterThan(0);
    const total = [...estimate.selectionProbabilities.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(instance.panelSize, 6);
  });

  it('is reproducible with the same seed', () => {
    const a = estimateGreedyProbabilities(instance, { runs: 300, seed: 'same' });
    const b = estimateGreedyProbabilities(instance, { runs: 300, seed: 'same' });
    expect([...b.selectionProbabilities]).toEqual([...a.selectionProbabilities]);
    expect(b.failedRuns).toBe(a.failedRuns);
  });
});

describe('spread', () => {
  it('computes quantiles, the max/min ratio and the Gini coefficient', () => {
    const s = spread([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(s).toMatchObject({ count: 5, min: 0.1, median: 0.3, max: 0.5, maxOverMin: 5 });
    expect(s.p10).toBeCloseTo(0.14, 12);
    expect(s.p90).toBeCloseTo(0.46, 12);
    expect(s.gini).toBeCloseTo(0.2667, 4);
    expect(spread([2, 2, 2]).gini).toBe(0);
    expect(spread([0, 0, 1]).maxOverMin).toBe(Number.POSITIVE_INFINITY);
  });
});
