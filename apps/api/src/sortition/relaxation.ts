import type { Highs } from 'highs';
import { SortitionSolverError } from './errors';
import { PanelRows } from './panel-rows';
import type { Problem } from './problem';
import { DETERMINISTIC_OPTIONS } from './solver';

/** What the relaxation says about one column-generation stage. */
export interface RelaxedStage {
  /**
   * Proven upper bound on the stage's lowest probability (among the profiles not fixed): no
   * distribution over quota-satisfying panels can do better.
   */
  readonly bound: number;
  /**
   * Optimal dual price of each profile's row (per volunteer, ≥ 0, zero for profiles out of the
   * LP), scaled like the master LP's prices: Σ over the profiles not fixed of n_t · y_t = 1.
   */
  readonly prices: number[];
  /** Expected seats per profile at the relaxation's optimum. */
  readonly seats: number[];
}

/**
 * The stage LP of the master program with the panels replaced by their relaxation: expected
 * seats x_t per profile, 0 ≤ x_t ≤ n_t (0 for profiles no panel can include), Σ x_t = seats to
 * fill, every quota's min ≤ Σ x_t ≤ max, then maximise z with x_t ≥ n_t · z for the profiles not
 * fixed and x_t ≥ lower_t for the fixed ones. The expected composition of any distribution over
 * quota-satisfying panels satisfies these constraints, so the optimum bounds the master's stage
 * from above; when it is reached, the stage is over without an integer program. Its optimal duals
 * are prices at which the stage's optimal panels are priced best, which steers the pricing.
 * 694 profiles and ~720 rows: a few milliseconds of dual simplex.
 */
export function solveRelaxedStage(
  highs: Highs,
  problem: Problem,
  reachable: readonly boolean[],
  fixedLower: ReadonlyMap<number, number>,
): RelaxedStage {
  const profileCount = problem.profiles.length;
  const sizes = problem.profiles.map((p) => p.memberIds.length);
  const numCols = profileCount + 1; // x_t, then z
  const rows = PanelRows.ofPanel(problem);
  const profileRow = new Int32Array(profileCount).fill(-1);
  for (let t = 0; t < profileCount; t += 1) {
    if (!reachable[t]) continue;
    profileRow[t] = rows.count;
    rows.push(t, 1);
    const lower = fixedLower.get(t);
    if (lower === undefined) {
      rows.push(profileCount, -sizes[t]);
      rows.end(0, highs.infinity);
    } else {
      rows.end(lower, highs.infinity);
    }
  }
  const numRows = rows.count;
  const { rowLower, rowUpper, starts, indices, values } = rows;
  return highs.withModel(
    {
      numCols,
      numRows,
      sense: highs.constants.objectiveSense.maximize,
      colCost: [...new Array<number>(profileCount).fill(0), 1],
      colLower: new Array<number>(numCols).fill(0),
      colUpper: [...sizes.map((n, t) => (reachable[t] ? n : 0)), 1],
      rowLower,
      rowUpper,
      matrix: { format: 'csr', numRows, numCols, starts, indices, values },
    },
    (model): RelaxedStage => {
      model.options.set({ ...DETERMINISTIC_OPTIONS, presolve: 'off' });
      const { modelStatus } = model.run();
      if (modelStatus !== highs.constants.modelStatus.optimal) {
        throw new SortitionSolverError(
          `The relaxed stage LP ended with HiGHS model status ${modelStatus}`,
        );
      }
      const { rowDual, colValue } = model.getSolution();
      // Rows "≥" of a maximisation have non-positive duals in HiGHS: y_t = −dual.
      const prices = Array.from(profileRow, (row) => (row >= 0 ? Math.max(0, -rowDual[row]) : 0));
      let weight = 0;
      prices.forEach((y, t) => {
        if (profileRow[t] >= 0 && !fixedLower.has(t)) weight += sizes[t] * y;
      });
      return {
        bound: model.getObjectiveValue(),
        prices: weight > 0 ? prices.map((y) => y / weight) : prices,
        seats: Array.from(colValue.subarray(0, profileCount)),
      };
    },
  );
}

/** The leximin of the relaxation: what no distribution over panels can beat, level by level. */
export interface RelaxedLeximin {
  /** Lowest probability (among the reachable profiles): the maximin bound. */
  readonly firstLevel: number;
  /** Levels, i.e. LPs solved. */
  readonly levels: number;
  /** Seats each profile gets at the relaxation's leximin (n_t times its probability). */
  readonly seats: number[];
}

/**
 * Leximin over the relaxation (above), by the same stages as the master program: maximise the
 * lowest probability of the profiles not fixed, fix those whose dual price is positive (or, if
 * none is, those at the level) `slack` below the level, repeat. Every stage is one small LP.
 * Its sorted probabilities are lexicographically at least those of any distribution over
 * quota-satisfying panels; a distribution that gives every profile its seats here is therefore
 * leximin-optimal.
 */
export function relaxedLeximin(
  highs: Highs,
  problem: Problem,
  reachable: readonly boolean[],
  bindingPrice: number,
  slack: number,
): RelaxedLeximin {
  const sizes = problem.profiles.map((p) => p.memberIds.length);
  const fixed = new Map<number, number>();
  const unfixed = () => sizes.flatMap((_, t) => (reachable[t] && !fixed.has(t) ? [t] : []));
  let firstLevel = Number.NaN;
  let levels = 0;
  for (let open = unfixed(); open.length > 0; open = unfixed()) {
    const stage = solveRelaxedStage(highs, problem, reachable, fixed);
    levels += 1;
    if (levels === 1) firstLevel = stage.bound;
    const scale = open.reduce((sum, t) => sum + sizes[t], 0);
    let binding = open.filter((t) => stage.prices[t] * scale > bindingPrice);
    if (binding.length === 0) {
      binding = open.filter((t) => stage.seats[t] <= sizes[t] * (stage.bound + 1e-9));
    }
    if (binding.length === 0) binding = open; // cannot happen: some profile sits at the level
    for (const t of binding) fixed.set(t, sizes[t] * Math.max(0, stage.bound - slack));
  }
  return {
    firstLevel,
    levels,
    seats: sizes.map((_, t) => fixed.get(t) ?? 0),
  };
}
