import type { Highs, Model } from 'highs';
import { SortitionSolverError } from './errors';
import type { Problem } from './problem';
import { MASTER_LP_OPTIONS } from './solver';

/**
 * The master LP over the current panels P (as compositions c^P):
 *   maximise z  subject to  Σ_P c^P_t · p_P − n_t · z ≥ 0  for every reachable profile t not fixed,
 *                           Σ_P c^P_t · p_P ≥ n_t · v_t    for every profile t fixed at v_t,
 *                           Σ_P p_P = 1,  p ≥ 0,  0 ≤ z ≤ 1.
 * Since every member of profile t is drawn with probability Σ_P p_P c^P_t / n_t, z is the lowest
 * selection probability among the profiles not fixed. Columns are added in place, so each solve
 * warm-starts from the last basis.
 */
export class MasterProgram {
  private readonly rowOf: Int32Array;
  private readonly sizes: number[];
  /** Coefficient of z in each profile's row (its size, or a target's seats). */
  private weights: number[];
  private readonly convexityRow: number;
  private readonly fixedLower = new Map<number, number>();
  private columns = 0;
  /** |reduced cost| of each panel column at the last solve (0 for basic columns). */
  private reducedCosts = new Float64Array(0);
  private basic = new Uint8Array(0);

  constructor(
    private readonly highs: Highs,
    private readonly model: Model,
    problem: Problem,
    reachable: readonly boolean[],
  ) {
    this.rowOf = new Int32Array(problem.profiles.length).fill(-1);
    let rows = 0;
    reachable.forEach((isReachable, t) => {
      if (isReachable) this.rowOf[t] = rows++;
    });
    this.convexityRow = rows;
    this.sizes = problem.profiles.map((p) => p.memberIds.length);
    this.weights = [...this.sizes];
    const zIndices: number[] = [];
    const zValues: number[] = [];
    this.rowOf.forEach((row, t) => {
      if (row >= 0) {
        zIndices.push(row);
        zValues.push(-this.sizes[t]);
      }
    });
    const numRows = rows + 1;
    model.passModel({
      numCols: 1,
      numRows,
      sense: highs.constants.objectiveSense.maximize,
      colCost: [1],
      colLower: [0],
      colUpper: [1],
      rowLower: [...new Array<number>(rows).fill(0), 1],
      rowUpper: [...new Array<number>(rows).fill(highs.infinity), 1],
      matrix: {
        format: 'csc',
        numRows,
        numCols: 1,
        starts: [0, zIndices.length],
        indices: zIndices,
        values: zValues,
      },
    });
    model.options.set(MASTER_LP_OPTIONS);
  }

  /** Reachable profiles not fixed yet. */
  unfixedProfiles(): number[] {
    const profiles: number[] = [];
    this.rowOf.forEach((row, t) => {
      if (row >= 0 && !this.fixedLower.has(t)) profiles.push(t);
    });
    return profiles;
  }

  /** Lower bounds of the fixed profiles' rows (seats: n_t times the probability). */
  fixedLowers(): ReadonlyMap<number, number> {
    return this.fixedLower;
  }

  /**
   * Replaces the coefficient n_t of z in every row not fixed by `weights[t]` (expected seats of
   * a target distribution: z is then the fraction of the target reached), or by n_t again when
   * `weights` is omitted.
   */
  setWeights(weights?: readonly number[]): void {
    this.weights = weights ? [...weights] : [...this.sizes];
    this.rowOf.forEach((row, t) => {
      if (row >= 0 && !this.fixedLower.has(t))
        this.model.changeCoefficient(row, 0, -this.weights[t]);
    });
  }

  /** Σ of the coefficients of z (the volunteers not fixed, unless weights were set). */
  priceScale(): number {
    return this.unfixedProfiles().reduce((sum, t) => sum + this.weights[t], 0);
  }

  /** Volunteers in the profiles not fixed yet. */
  unfixedVolunteers(): number {
    return this.unfixedProfiles().reduce((sum, t) => sum + this.sizes[t], 0);
  }

  /** From now on, profile t must get at least `probability` and no longer counts for z. */
  fix(t: number, probability: number): void {
    const row = this.rowOf[t];
    const lower = this.sizes[t] * Math.max(0, probability);
    this.model.changeCoefficient(row, 0, 0);
    this.model.changeRowBounds(row, lower, this.highs.infinity);
    this.fixedLower.set(t, lower);
  }

  addPanel(counts: readonly number[]): void {
    const indices: number[] = [];
    const values: number[] = [];
    counts.forEach((count, t) => {
      if (count > 0 && this.rowOf[t] >= 0) {
        indices.push(this.rowOf[t]);
        values.push(count);
      }
    });
    indices.push(this.convexityRow);
    values.push(1);
    this.model.addCol(0, 0, this.highs.infinity, { indices, values });
    this.columns += 1;
  }

  /** Panel columns in the LP. */
  columnCount(): number {
    return this.columns;
  }

  /**
   * Deletes panel columns to keep `keep` of them: every basic column stays, then the non-basic
   * ones with the smallest |reduced cost| at the last solve (ties: the earlier column). Only
   * non-basic columns (probability 0) go, so the LP's optimum and basis are unchanged and the
   * next solve warm-starts as before. Call right after `solve()`. Returns, for each remaining
   * column in order, its former index.
   */
  prune(keep: number): number[] {
    const order = Array.from({ length: this.columns }, (_, i) => i).sort(
      (a, b) =>
        this.basic[b] - this.basic[a] || this.reducedCosts[a] - this.reducedCosts[b] || a - b,
    );
    const basicCount = this.basic.reduce((sum, b) => sum + b, 0);
    const kept = order.slice(0, Math.max(keep, basicCount)).sort((a, b) => a - b);
    if (kept.length >= this.columns) return kept;
    // Column 0 is z; 1 marks a column to delete.
    const mask = new Int32Array(this.columns + 1);
    for (let i = 0; i < this.columns; i += 1) mask[i + 1] = 1;
    for (const i of kept) mask[i + 1] = 0;
    this.model.deleteCols({ kind: 'mask', mask });
    this.columns = kept.length;
    this.reducedCosts = Float64Array.from(kept, (i) => this.reducedCosts[i]);
    this.basic = Uint8Array.from(kept, (i) => this.basic[i]);
    return kept;
  }

  /**
   * Solves. Returns z, the panel probabilities, the dual price y_t ≥ 0 of each volunteer of
   * profile t, and u, the dual of Σ p = 1: a panel improves the LP iff Σ_t y_t c_t > u.
   */
  solve(): MasterState {
    const { modelStatus } = this.model.run();
    if (modelStatus !== this.highs.constants.modelStatus.optimal) {
      throw new SortitionSolverError(`The master LP ended with HiGHS model status ${modelStatus}`);
    }
    const solution = this.model.getSolution();
    // Rows "≥" of a maximisation have non-positive duals in HiGHS: y_t = −dual.
    const prices = Array.from(this.rowOf, (row) =>
      row >= 0 ? Math.max(0, -solution.rowDual[row]) : 0,
    );
    const z = this.model.getObjectiveValue();
    const { colStatus } = this.model.getBasis();
    const basicStatus = this.highs.constants.basisStatus.basic;
    this.basic = Uint8Array.from(colStatus.subarray(1, 1 + this.columns), (status) =>
      status === basicStatus ? 1 : 0,
    );
    this.reducedCosts = Float64Array.from(solution.colDual.subarray(1, 1 + this.columns), (d) =>
      Math.abs(d),
    );
    // Strong duality: z = u − Σ_{fixed t} lower_t · y_t.
    let u = z;
    for (const [t, lower] of this.fixedLower) u += lower * prices[t];
    return {
      z,
      u,
      panelProbabilities: Array.from(solution.colValue.subarray(1, 1 + this.columns)),
      prices,
    };
  }
}

export interface MasterState {
  readonly z: number;
  readonly u: number;
  readonly panelProbabilities: number[];
  readonly prices: number[];
}
