import { checkProblemFeasibility } from './feasibility';
import { solveComposition } from './integer-program';
import { maximinForProblem } from './maximin';
import { buildProblem, compositionSatisfies, type Problem } from './problem';
import { SwapSearch } from './pricing-heuristic';
import { Sha256Prng } from './prng';
import { getHighs } from './solver';
import type { SortitionInstance } from './types';

/** A random skewed pool on 3 features with quotas of about ± `slack` seats around the shares. */
function randomInstance(label: string, size: number, seats: number, slack = 1): SortitionInstance {
  const prng = Sha256Prng.fromParts(['pricing-heuristic.spec', label]);
  const features: Record<string, string[]> = {
    gender: ['woman', 'man'],
    age: ['18-34', '35-64', '65+'],
    area: ['urban', 'rural'],
  };
  const pool = Array.from({ length: size }, (_, i) => ({
    id: `v${String(i).padStart(3, '0')}`,
    features: Object.fromEntries(
      Object.entries(features).map(([name, values]) => {
        // Skewed: the first value is more common.
        const u = prng.nextFloat() ** 1.5;
        return [name, values[Math.floor(u * values.length)]];
      }),
    ),
  }));
  const quotas = Object.entries(features).flatMap(([feature, values]) =>
    values.map((value) => {
      const share = pool.filter((v) => v.features[feature] === value).length / size;
      const target = Math.round(share * seats);
      return { feature, value, min: Math.max(0, target - slack), max: target + slack };
    }),
  );
  return { pool, panelSize: seats, quotas };
}

/**
 * The same problem with one profile per volunteer: the programs then have one variable per
 * person, as if profiles did not exist.
 */
function perVolunteer(problem: Problem): Problem {
  const profiles = problem.profiles.flatMap((profile) =>
    profile.memberIds.map((id) => ({ ...profile, key: `${profile.key}#${id}`, memberIds: [id] })),
  );
  const profileQuotas = problem.profiles.flatMap((profile, t) =>
    profile.memberIds.map(() => problem.profileQuotas[t]),
  );
  const quotas = problem.quotas.map((quota, q) => ({
    ...quota,
    profileIndices: profileQuotas.flatMap((list, t) => (list.includes(q) ? [t] : [])),
  }));
  return { ...problem, profiles, profileQuotas, quotas };
}

describe('SwapSearch (cheap pricing before the integer program)', () => {
  it('keeps every quota, never lowers the price, and stops where no single swap improves', async () => {
    const highs = await getHighs();
    for (const label of ['a', 'b', 'c']) {
      const problem = buildProblem(randomInstance(label, 80, 10));
      const search = new SwapSearch(problem);
      const prng = Sha256Prng.fromParts(['prices', label]);
      for (let round = 0; round < 5; round += 1) {
        const prices = problem.profiles.map(() => prng.nextFloat());
        const start = solveComposition(highs, problem, {
          objective: problem.profiles.map(() => prng.nextFloat()),
        });
        if (start.status !== 'optimal') throw new Error('the test instance must be feasible');
        const startPrice = start.counts.reduce((sum, c, t) => sum + c * prices[t], 0);
        const { counts, price } = search.ascend(start.counts, prices, 1000);
        expect(compositionSatisfies(problem, counts)).toBe(true);
        expect(price).toBeGreaterThanOrEqual(startPrice - 1e-12);
        expect(price).toBeCloseTo(
          counts.reduce((sum, c, t) => sum + c * prices[t], 0),
          12,
        );
        // Local optimum: no swap that keeps the quotas raises the price.
        for (let a = 0; a < counts.length; a += 1) {
          for (let b = 0; b < counts.length; b += 1) {
            if (a === b || counts[a] === 0 || prices[b] <= prices[a] + 1e-9) continue;
            const swapped = [...counts];
            swapped[a] -= 1;
            swapped[b] += 1;
            expect(compositionSatisfies(problem, swapped)).toBe(false);
          }
        }
        // The best pricing panel is at least as good as the local search.
        const best = solveComposition(highs, problem, { objective: prices, exact: true });
        expect(best.status === 'optimal' && best.objective).toBeGreaterThanOrEqual(price - 1e-9);
      }
    }
  });

  it('leaves the start panel untouched and does nothing when no swap is allowed', () => {
    const problem = buildProblem(randomInstance('d', 40, 6));
    const search = new SwapSearch(problem);
    const start = problem.profiles.map(() => 0);
    const prices = problem.profiles.map((_, t) => t);
    const { counts } = search.ascend(start, prices, 0);
    expect(counts).toEqual(start);
    expect(counts).not.toBe(start);
  });
});

describe('profile-level variables', () => {
  it('give the same probabilities as one variable per volunteer (to 1e-6)', async () => {
    const highs = await getHighs();
    const cases: [string, number, number][] = [
      ['e', 24, 5],
      ['f', 30, 6],
      ['g', 36, 6],
    ];
    for (const [label, size, seats] of cases) {
      const problem = buildProblem(randomInstance(label, size, seats));
      expect(checkProblemFeasibility(highs, problem).feasible).toBe(true);
      const split = perVolunteer(problem);
      expect(split.profiles.length).toBe(size);
      expect(problem.profiles.length).toBeLessThan(size);
      for (const fairness of ['leximin', 'maximin'] as const) {
        const byProfile = maximinForProblem(highs, problem, { fairness });
        const byVolunteer = maximinForProblem(highs, split, { fairness });
        expect(byVolunteer.stats.converged).toBe(true);
        expect(
          Math.abs(byProfile.minimumProbability - byVolunteer.minimumProbability),
        ).toBeLessThan(1e-6);
        if (fairness === 'leximin') {
          // The leximin vector is unique: every volunteer's probability must agree.
          for (const [id, p] of byProfile.selectionProbabilities) {
            const q = byVolunteer.selectionProbabilities.get(id) ?? Number.NaN;
            expect(Math.abs(p - q)).toBeLessThan(1e-6);
          }
        }
      }
    }
  });
});
