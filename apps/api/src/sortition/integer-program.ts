import type { Highs, ModelData } from 'highs';
import { SortitionSolverError } from './errors';
import { PanelRows } from './panel-rows';
import type { Problem } from './problem';
import { EXACT_MIP_OPTIONS, FAST_MIP_OPTIONS } from './solver';

/** A quota bound dropped from a model: `${quotaIndex}:min` or `${quotaIndex}:max`. */
export type BoundKey = `${number}:${'min' | 'max'}`;

export interface CompositionProgram {
  /** Objective (maximised) per profile; zero when omitted (a pure feasibility question). */
  readonly objective?: readonly number[];
  /** Quota bounds to drop (used to diagnose infeasibility). */
  readonly relaxed?: ReadonlySet<BoundKey>;
  /**
   * Profiles that earn `indicatorWeight` once at least one of their members sits on the panel
   * (a binary b_t ≤ c_t per listed profile): used to cover every profile with few panels.
   */
  readonly indicatorProfiles?: readonly number[];
  readonly indicatorWeight?: number;
  /**
   * Solve to proven optimality (relative and absolute gap 1e-9) rather than HiGHS's default gap;
   * feasibility answers are exact either way.
   */
  readonly exact?: boolean;
  /** Also return every improving incumbent met during the search (extra columns for free). */
  readonly collectIncumbents?: boolean;
}

export type CompositionOutcome =
  | {
      readonly status: 'optimal';
      /** Members per profile. */
      readonly counts: number[];
      readonly objective: number;
      /** Proven upper bound on the objective (the MIP dual bound). */
      readonly bound: number;
      /** Improving incumbents met during the search, the last one equal to `counts`. */
      readonly incumbents: number[][];
    }
  | { readonly status: 'infeasible' };

/**
 * Solves the integer program over panel compositions: one integer variable c_t ∈ [0, |t|] per
 * profile t; Σ c_t = seats to fill; for every quota, min ≤ Σ_{t with the value} c_t ≤ max.
 * Rows: 0 is the seat count, 1 + i is quota i, then one row c_t − b_t ≥ 0 per indicator.
 */
export function solveComposition(
  highs: Highs,
  problem: Problem,
  program: CompositionProgram = {},
): CompositionOutcome {
  const profileCount = problem.profiles.length;
  const indicators = program.indicatorProfiles ?? [];
  const numCols = profileCount + indicators.length;
  const colCost: number[] = [];
  const colLower: number[] = [];
  const colUpper: number[] = [];
  for (let t = 0; t < profileCount; t += 1) {
    colCost.push(program.objective?.[t] ?? 0);
    colLower.push(0);
    colUpper.push(problem.profiles[t].memberIds.length);
  }
  for (let j = 0; j < indicators.length; j += 1) {
    colCost.push(program.indicatorWeight ?? 1);
    colLower.push(0);
    colUpper.push(1);
  }

  const rows = PanelRows.ofPanel(problem, (quota, i) => [
    program.relaxed?.has(`${i}:min`) ? 0 : quota.min,
    program.relaxed?.has(`${i}:max`) ? highs.infinity : quota.max,
  ]);

  indicators.forEach((t, j) => {
    rows.push(t, 1);
    rows.push(profileCount + j, -1);
    rows.end(0, highs.infinity);
  });
  const { rowLower, rowUpper, starts, indices, values } = rows;

  const model: ModelData = {
    numCols,
    numRows: rowLower.length,
    sense: highs.constants.objectiveSense.maximize,
    colCost,
    colLower,
    colUpper,
    rowLower,
    rowUpper,
    matrix: { format: 'csr', numRows: rowLower.length, numCols, starts, indices, values },
    integrality: new Int32Array(numCols).fill(highs.constants.variableType.integer),
  };

  return highs.withModel(model, (m): CompositionOutcome => {
    m.options.set(program.exact ? EXACT_MIP_OPTIONS : FAST_MIP_OPTIONS);
    const incumbents: number[][] = [];
    const { modelStatus } = m.run(
      program.collectIncumbents
        ? {
            [highs.constants.callbackType.mipImprovingSolution](event) {
              const values = event.data.mip_solution;
              if (values) {
                incumbents.push(Array.from(values.subarray(0, profileCount), Math.round));
              }
            },
          }
        : undefined,
    );
    if (modelStatus === highs.constants.modelStatus.infeasible) return { status: 'infeasible' };
    if (modelStatus !== highs.constants.modelStatus.optimal) {
      throw new SortitionSolverError(
        `Integer program ended with HiGHS model status ${modelStatus}`,
      );
    }
    const solution = m.getSolution().colValue;
    const counts = Array.from(solution.subarray(0, profileCount), (value) => Math.round(value));
    const objective = m.getObjectiveValue();
    const bound = Number(m.info.get('mip_dual_bound'));
    return {
      status: 'optimal',
      counts,
      objective,
      bound: Number.isFinite(bound) ? Math.max(bound, objective) : objective,
      incumbents,
    };
  });
}
