/**
 * Test support: exhaustive answers for tiny instances, to check the real algorithms against.
 * Enumerates every k-subset of the pool, so keep C(n, k) to a few thousand.
 */
import type { Highs } from 'highs';
import { panelSatisfiesQuotas } from '../problem';
import type { Quota, SortitionInstance } from '../types';

/** Every k-subset of `items`, in lexicographic order of positions. */
export function* subsets<T>(items: readonly T[], k: number): Generator<T[]> {
  const positions = Array.from({ length: k }, (_, i) => i);
  if (k > items.length) return;
  for (;;) {
    yield positions.map((p) => items[p]);
    let i = k - 1;
    while (i >= 0 && positions[i] === items.length - k + i) i -= 1;
    if (i < 0) return;
    positions[i] += 1;
    for (let j = i + 1; j < k; j += 1) positions[j] = positions[j - 1] + 1;
  }
}

/** All panels (as id lists) that meet every quota. */
export function feasiblePanels(instance: SortitionInstance): string[][] {
  const ids = instance.pool.map((v) => v.id);
  const panels: string[][] = [];
  for (const panel of subsets(ids, instance.panelSize)) {
    if (panelSatisfiesQuotas(instance, panel)) panels.push(panel);
  }
  return panels;
}

/** Whether some panel meets the given quotas (a subset of bounds of the instance, say). */
export function bruteFeasible(instance: SortitionInstance, quotas: readonly Quota[]): boolean {
  const ids = instance.pool.map((v) => v.id);
  const withQuotas = { ...instance, quotas };
  for (const panel of subsets(ids, instance.panelSize)) {
    if (panelSatisfiesQuotas(withQuotas, panel)) return true;
  }
  return false;
}

/**
 * Solves, over every feasible panel at once: maximise Σ_i objective_i · P(i drawn) (+ z if
 * `withZ`), subject to P(i drawn) ≥ z for volunteers in `atLeastZ`, P(i drawn) ≥ lower_i for
 * volunteers in `lower`, probabilities summing to 1. Returns the optimum.
 */
function fullLp(
  highs: Highs,
  panels: readonly string[][],
  volunteers: readonly string[],
  spec: {
    withZ: boolean;
    atLeastZ: ReadonlySet<string>;
    lower: ReadonlyMap<string, number>;
    objective?: string;
  },
): number {
  const row = new Map(volunteers.map((id, i) => [id, i] as const));
  const numRows = volunteers.length + 1;
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  volunteers.forEach((id, i) => {
    if (spec.atLeastZ.has(id)) {
      indices.push(i);
      values.push(-1);
    }
  });
  starts.push(indices.length);
  const colCost = [spec.withZ ? 1 : 0];
  for (const panel of panels) {
    for (const id of panel) {
      indices.push(row.get(id) ?? 0);
      values.push(1);
    }
    indices.push(volunteers.length);
    values.push(1);
    starts.push(indices.length);
    colCost.push(spec.objective !== undefined && panel.includes(spec.objective) ? 1 : 0);
  }
  const numCols = panels.length + 1;
  return highs.withModel(
    {
      numCols,
      numRows,
      sense: highs.constants.objectiveSense.maximize,
      colCost,
      colLower: new Array<number>(numCols).fill(0),
      colUpper: [1, ...new Array<number>(panels.length).fill(highs.infinity)],
      rowLower: [...volunteers.map((id) => spec.lower.get(id) ?? 0), 1],
      rowUpper: [...new Array<number>(volunteers.length).fill(highs.infinity), 1],
      matrix: { format: 'csc', numRows, numCols, starts, indices, values },
    },
    (model) => {
      model.options.set({ output_flag: false });
      model.run();
      return model.getObjectiveValue();
    },
  );
}

/**
 * The maximin value over volunteers who are in at least one feasible panel, by solving the full
 * LP over every feasible panel at once (no column generation, no profiles): maximise z subject to
 * Σ_{P ∋ i} p_P ≥ z for each such volunteer i and Σ p_P = 1.
 */
export function bruteMaximin(highs: Highs, instance: SortitionInstance): number {
  const panels = feasiblePanels(instance);
  const reachable = [...new Set(panels.flat())].sort();
  return fullLp(highs, panels, reachable, {
    withZ: true,
    atLeastZ: new Set(reachable),
    lower: new Map(),
  });
}

/**
 * The leximin selection probabilities, sorted ascending, of the volunteers who are in at least
 * one feasible panel, by the textbook method on the full LP: maximise the minimum z over the
 * volunteers not fixed yet; fix every one of them who cannot get more than z while the others
 * keep z (one LP each); repeat.
 */
export function bruteLeximin(highs: Highs, instance: SortitionInstance): number[] {
  const panels = feasiblePanels(instance);
  const reachable = [...new Set(panels.flat())].sort();
  const fixed = new Map<string, number>();
  const slack = 1e-9;
  while (fixed.size < reachable.length) {
    const unfixed = new Set(reachable.filter((id) => !fixed.has(id)));
    const z = fullLp(highs, panels, reachable, { withZ: true, atLeastZ: unfixed, lower: fixed });
    const lower = new Map(fixed);
    for (const id of unfixed) lower.set(id, z - slack);
    let progress = false;
    for (const id of unfixed) {
      const best = fullLp(highs, panels, reachable, {
        withZ: false,
        atLeastZ: new Set(),
        lower,
        objective: id,
      });
      if (best <= z + 1e-7) {
        fixed.set(id, z - slack);
        progress = true;
      }
    }
    if (!progress) throw new Error('bruteLeximin made no progress');
  }
  return [...fixed.values()].map((v) => v + slack).sort((a, b) => a - b);
}
