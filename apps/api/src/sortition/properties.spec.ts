import fc from 'fast-check';
import { drawFromDistribution } from './draw';
import { InfeasibleQuotasError } from './errors';
import { checkFeasibility } from './feasibility';
import { computeDistribution } from './maximin';
import { panelSatisfiesQuotas } from './problem';
import { getHighs } from './solver';
import { bruteFeasible, bruteLeximin, bruteMaximin, feasiblePanels } from './testing/brute-force';
import type { PanelDistribution, Quota, SortitionInstance, Volunteer } from './types';

/**
 * Random small instances: up to 11 volunteers with two features (one sometimes missing), 1 to 5
 * seats, and random quotas on some values: feasible and infeasible ones alike, and small enough
 * to check against exhaustive enumeration.
 */
const instances: fc.Arbitrary<SortitionInstance> = fc
  .record({
    volunteers: fc.array(
      fc.record({
        g: fc.constantFrom('a', 'b', 'c', 'a', 'b', 'c', null),
        h: fc.constantFrom('x', 'y'),
      }),
      { minLength: 3, maxLength: 11 },
    ),
    panelShare: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
    quotas: fc.array(
      fc.record({
        key: fc.constantFrom(
          ['g', 'a'],
          ['g', 'b'],
          ['g', 'c'],
          ['h', 'x'],
          ['h', 'y'],
          ['g', 'd'],
        ),
        min: fc.integer({ min: 0, max: 3 }),
        width: fc.integer({ min: 0, max: 3 }),
      }),
      { maxLength: 5 },
    ),
  })
  .map(({ volunteers, panelShare, quotas }) => {
    const pool: Volunteer[] = volunteers.map((v, i) => {
      const features: Record<string, string> = { h: v.h };
      if (v.g !== null) features.g = v.g;
      return { id: `v${String(i).padStart(2, '0')}`, features };
    });
    const panelSize = 1 + Math.floor(panelShare * Math.min(5, pool.length));
    const seen = new Set<string>();
    const unique: Quota[] = [];
    for (const q of quotas) {
      const id = q.key.join('=');
      if (seen.has(id)) continue;
      seen.add(id);
      unique.push({ feature: q.key[0], value: q.key[1], min: q.min, max: q.min + q.width });
    }
    return { pool, panelSize, quotas: unique };
  });

describe('sortition properties (fast-check, against exhaustive enumeration)', () => {
  it('draws a valid panel exactly when one exists, with maximin and leximin optimal probabilities', async () => {
    const highs = await getHighs();
    let feasibleCases = 0;
    let infeasibleCases = 0;
    await fc.assert(
      fc.asyncProperty(instances, fc.string({ minLength: 1 }), async (instance, seed) => {
        const panels = feasiblePanels(instance);
        const outcome = await computeDistribution(instance).catch((e: unknown) => e);
        if (panels.length === 0) {
          infeasibleCases += 1;
          expect(outcome).toBeInstanceOf(InfeasibleQuotasError);
          const { issues } = outcome as InfeasibleQuotasError;
          expect(issues.length).toBeGreaterThan(0);
          for (const issue of issues) {
            if (issue.kind !== 'jointly-infeasible') continue;
            // The conflict is irreducible: infeasible as given, feasible without any one bound.
            const bounds = issue.conflictingBounds ?? [];
            const only = (kept: typeof bounds): Quota[] =>
              instance.quotas.map((quota) => ({
                ...quota,
                min: kept.some((b) => b.quota === quota && b.bound === 'min') ? quota.min : 0,
                max: kept.some((b) => b.quota === quota && b.bound === 'max') ? quota.max : 1e9,
              }));
            expect(bruteFeasible(instance, only(bounds))).toBe(false);
            bounds.forEach((_, i) => {
              expect(bruteFeasible(instance, only(bounds.filter((__, j) => j !== i)))).toBe(true);
            });
          }
          return;
        }
        feasibleCases += 1;
        if (outcome instanceof Error) throw outcome;
        const distribution = outcome as PanelDistribution;
        const draw = drawFromDistribution(distribution, seed);
        expect(draw.panel).toHaveLength(instance.panelSize);
        expect(new Set(draw.panel).size).toBe(instance.panelSize);
        expect(panelSatisfiesQuotas(instance, draw.panel)).toBe(true);
        expect(drawFromDistribution(distribution, seed).panel).toEqual(draw.panel);

        const probabilities = [...distribution.selectionProbabilities.values()];
        expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(instance.panelSize, 6);
        const reachable = new Set(panels.flat());
        expect(distribution.unselectableIds).toEqual(
          instance.pool.map((v) => v.id).filter((id) => !reachable.has(id)),
        );
        expect(distribution.minimumProbability).toBeCloseTo(bruteMaximin(highs, instance), 5);
        // Leximin (the default): the whole sorted vector of probabilities is the best possible.
        const expected = bruteLeximin(highs, instance);
        const sorted = [...distribution.selectionProbabilities.entries()]
          .filter(([id]) => reachable.has(id))
          .map(([, p]) => p)
          .sort((a, b) => a - b);
        expect(sorted).toHaveLength(expected.length);
        sorted.forEach((p, i) => expect(p).toBeCloseTo(expected[i], 5));
      }),
      { numRuns: 100 },
    );
    // The generator must exercise both outcomes.
    expect(feasibleCases).toBeGreaterThan(20);
    expect(infeasibleCases).toBeGreaterThan(10);
  });

  it('never calls infeasible quotas feasible, nor the reverse', async () => {
    await fc.assert(
      fc.asyncProperty(instances, async (instance) => {
        const report = await checkFeasibility(instance);
        expect(report.feasible).toBe(feasiblePanels(instance).length > 0);
        expect(report.issues.length === 0).toBe(report.feasible);
      }),
      { numRuns: 150 },
    );
  });
});
