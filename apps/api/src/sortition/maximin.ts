import { performance } from 'node:perf_hooks';
import type { Highs } from 'highs';
import { compareCounts, finish, roundToScale } from './distribution';
import { InfeasibleQuotasError, SortitionSolverError } from './errors';
import { checkProblemFeasibility } from './feasibility';
import { compositionKey, initialPanels } from './initial-panels';
import { solveComposition } from './integer-program';
import { buildProblem, compositionSatisfies, type Problem } from './problem';
import { Sha256Prng } from './prng';
import { MasterProgram, type MasterState } from './master-program';
import { SwapSearch } from './pricing-heuristic';
import { relaxedLeximin, solveRelaxedStage } from './relaxation';
import { getHighs } from './solver';
import {
  PROBABILITY_SCALE,
  SORTITION_ALGORITHM_VERSION,
  type Fairness,
  type PanelDistribution,
  type ReplacementInstance,
  type SortitionInstance,
} from './types';

export { roundToScale } from './distribution';

export interface MaximinOptions {
  /** Default: leximin. */
  readonly fairness?: Fairness;
  /**
   * Stop when no panel can raise the minimum probability by more than this (absolute, on the
   * probability scale): the result is then proven within `tolerance` of the best possible.
   */
  readonly tolerance?: number;
  /** Most pricing rounds; the best distribution so far is returned when reached. */
  readonly maxIterations?: number;
  /** Panels with random objectives added to the covering panels before column generation. */
  readonly randomPanels?: number;
  /**
   * Called after every pricing round with where the computation stands. It only observes: the
   * distribution does not depend on it.
   */
  readonly onProgress?: (progress: SortitionProgress) => void;
}

/** Where a distribution's computation stands (for a job's progress). */
export interface SortitionProgress {
  /** 1 for maximin; leximin adds one stage per level of probabilities fixed. */
  readonly stage: number;
  readonly iterations: number;
  /** The current stage's lowest probability among the profiles not fixed yet. */
  readonly lowerBound: number;
  /** Proven upper bound on it (Infinity until the first proven pricing round). */
  readonly upperBound: number;
  /** Volunteers whose probability is fixed, out of the reachable pool. */
  readonly fixedVolunteers: number;
  readonly volunteers: number;
}

export const DEFAULT_MAXIMIN_OPTIONS: Required<Omit<MaximinOptions, 'onProgress'>> = {
  fairness: 'leximin',
  tolerance: 1e-6,
  maxIterations: 5000,
  randomPanels: 3,
};

/** Most panels the swap search adds to the LP in one round. */
const HEURISTIC_COLUMNS = 40;

/**
 * A stage (or leximin's target) is reached when the LP is this close to the relaxation's proven
 * upper bound (relaxation.ts): closer than the tolerance, so that reaching it early loses nothing
 * against the integer program's proof.
 */
const RELAXATION_REACHED = 1e-9;

/**
 * Column management: when the master LP has more than max(PRUNE_FLOOR, PRUNE_AT × rows) panel
 * columns, it keeps the basic ones and the non-basic ones of smallest |reduced cost|, down to
 * max(PRUNE_FLOOR / 2, PRUNE_KEEP × rows). At 5,000 volunteers, 6 features (695 rows), the LP
 * otherwise grows past 6,000 columns and each re-solve slows down several times.
 */
const PRUNE_FLOOR = 1000;
const PRUNE_AT = 3;
const PRUNE_KEEP = 1.5;

/** Panels of the LP's support the swap search starts from, each round. */
const HEURISTIC_STARTS = 40;

/** Scaled dual prices above this (the average is 1) mark a profile that cannot be raised. */
const BINDING_PRICE = 1e-6;

/**
 * Leximin fixes a profile this far below the level it reached (in probability), so that the
 * LP stays feasible despite floating-point error, at a negligible cost.
 */
const FIXING_SLACK = 1e-8;

/**
 * The fair distribution for a problem known to be feasible (Flanigan et al., Nature 2021), by
 * column generation between the master LP (above) and a pricing integer program that, given the
 * dual price y_t of each volunteer of profile t, finds the quota-satisfying panel of highest total
 * price Σ_t y_t c_t. LP duality turns that price into a proven upper bound on the best achievable
 * minimum; while a panel beats the LP's dual value u by more than the tolerance, it is added and
 * the LP solved again.
 *
 * Maximin stops there. Leximin goes on: the profiles whose dual price is positive cannot get more
 * than z in any optimal solution (complementary slackness), so they are fixed at z and the
 * minimum over the other profiles is maximised in turn, until every profile is fixed.
 *
 * Everything is deterministic: inputs are canonical, the random objectives come from a PRNG keyed
 * by the instance digest (not by the public seed, so the distribution can be published before the
 * seed is known), and HiGHS runs without time limits.
 */
export function maximinForProblem(
  highs: Highs,
  problem: Problem,
  options: MaximinOptions = {},
): PanelDistribution {
  const startedAt = performance.now();
  const { fairness, tolerance, maxIterations, randomPanels } = {
    ...DEFAULT_MAXIMIN_OPTIONS,
    ...options,
  };
  const onProgress = options.onProgress;
  const profileCount = problem.profiles.length;

  if (problem.seatsToFill === 0) {
    return finish(
      highs,
      problem,
      fairness,
      [{ counts: new Array<number>(profileCount).fill(0), weight: PROBABILITY_SCALE }],
      new Array<boolean>(profileCount).fill(false),
      {
        initialPanels: 1,
        iterations: 0,
        stages: 0,
        converged: true,
        lowerBound: 0,
        upperBound: 0,
        integerProgramsSolved: 0,
      },
      startedAt,
    );
  }

  const prng = Sha256Prng.fromParts([
    'permanente-sortition/distribution',
    SORTITION_ALGORITHM_VERSION,
    problem.instanceDigest,
  ]);
  const initial = initialPanels(highs, problem, prng, randomPanels);
  const initialPanelCount = initial.panels.length;
  const panels = [...initial.panels];
  let solves = initial.solves;
  const seen = new Set(panels.map(compositionKey));

  const model = highs.createModel();
  try {
    const master = new MasterProgram(highs, model, problem, initial.reachable);
    for (const counts of panels) master.addPanel(counts);

    let iterations = 0;
    let stage = 1;
    const swaps = new SwapSearch(problem);
    const addColumn = (counts: number[]) => {
      if (!compositionSatisfies(problem, counts)) {
        throw new SortitionSolverError('The solver returned a panel that breaks a quota');
      }
      seen.add(compositionKey(counts));
      panels.push(counts);
      master.addPanel(counts);
    };
    /**
     * Cheap pricing (pricing-heuristic.ts): best swaps from the HEURISTIC_STARTS panels of the
     * LP's support with the highest probabilities; adds the distinct improving panels found (at
     * most HEURISTIC_COLUMNS, the best first). Returns how many were added.
     */
    const heuristicColumns = (state: MasterState, objective: number[]): number => {
      const found = new Map<string, { counts: number[]; price: number }>();
      // The panels of the support with the highest probabilities (ties: the earlier panel).
      const starts = panels
        .map((_, i) => i)
        .filter((i) => state.panelProbabilities[i] > 0)
        .sort((a, b) => state.panelProbabilities[b] - state.panelProbabilities[a] || a - b)
        .slice(0, HEURISTIC_STARTS);
      starts.forEach((i) => {
        const result = swaps.ascend(panels[i], objective, 2 * problem.seatsToFill);
        const key = compositionKey(result.counts);
        let price = 0;
        result.counts.forEach((c, t) => {
          price += c * state.prices[t];
        });
        if (price - state.u > tolerance && !seen.has(key)) found.set(key, result);
      });
      const best = [...found.values()]
        .sort((a, b) => b.price - a.price || compareCounts(a.counts, b.counts))
        .slice(0, HEURISTIC_COLUMNS);
      for (const { counts } of best) addColumn(counts);
      return best.length;
    };
    const rows = initial.reachable.filter(Boolean).length + 1;
    const columnLimit = Math.max(PRUNE_FLOOR, PRUNE_AT * rows);
    const columnKeep = Math.max(PRUNE_FLOOR / 2, PRUNE_KEEP * rows);
    /** Solves the master LP, then drops non-basic columns when there are too many. */
    const solveMaster = (): MasterState => {
      const solved = master.solve();
      if (master.columnCount() <= columnLimit) return solved;
      const kept = master.prune(columnKeep);
      const keptSet = new Set(kept);
      panels.forEach((counts, i) => {
        if (!keptSet.has(i)) seen.delete(compositionKey(counts));
      });
      const keptPanels = kept.map((i) => panels[i]);
      panels.length = 0;
      panels.push(...keptPanels);
      return { ...solved, panelProbabilities: kept.map((i) => solved.panelProbabilities[i]) };
    };
    const reachableVolunteers = master.unfixedVolunteers();
    /**
     * While leximin aims at the relaxation's target, z is the fraction of it reached: every
     * profile has at least z times its target, so the lowest probability is at least z times the
     * target's lowest level, which bounds it from above.
     */
    let targetLevel: number | undefined;
    const report = (state: MasterState, bound: number) =>
      onProgress?.({
        stage,
        iterations,
        lowerBound: targetLevel === undefined ? state.z : Math.min(state.z, 1) * targetLevel,
        upperBound: targetLevel ?? bound,
        fixedVolunteers: reachableVolunteers - master.unfixedVolunteers(),
        volunteers: reachableVolunteers,
      });
    /**
     * Column generation until no panel improves the LP (proven by the integer program) or the LP
     * reaches `ceiling.bound`, a proven upper bound on it (see relaxation.ts), within
     * RELAXATION_REACHED. The prices to fix leximin's profiles by are then the LP's duals, proven
     * optimal by the integer program, or the relaxation's, optimal for every panel at once.
     */
    const generateColumns = (
      ceiling: { bound: number; prices: number[] },
      giveUpBelow = Number.NEGATIVE_INFINITY,
    ): { state: MasterState; converged: boolean; bound: number; fixingPrices: number[] } => {
      let state = solveMaster();
      let bound = Number.POSITIVE_INFINITY;
      while (iterations < maxIterations) {
        if (ceiling.bound - state.z <= RELAXATION_REACHED) {
          return { state, converged: true, bound: ceiling.bound, fixingPrices: ceiling.prices };
        }
        iterations += 1;
        // Prices scaled so that their average is 1 (better conditioned integer program).
        const scale = master.priceScale();
        const objective = state.prices.map((y) => y * scale);
        if (heuristicColumns(state, objective) > 0) {
          report(state, bound);
          state = solveMaster();
          continue;
        }
        // A panel found with the solver's default gap will do while it improves; before
        // stopping, the pricing is solved to proven optimality, which gives the upper bound.
        let pricing = solveComposition(highs, problem, { objective, collectIncumbents: true });
        solves += 1;
        if (pricing.status === 'optimal' && pricing.objective / scale - state.u <= tolerance) {
          pricing = solveComposition(highs, problem, { objective, exact: true });
          solves += 1;
        }
        if (pricing.status !== 'optimal') {
          throw new SortitionSolverError('The pricing integer program found no panel');
        }
        // Weak duality: the best minimum is at most z + (best panel price − u).
        bound = Math.min(bound, state.z + pricing.bound / scale - state.u);
        report(state, bound);
        // Proven out of reach (leximin's target): no need to finish the column generation.
        if (bound < giveUpBelow)
          return { state, converged: false, bound, fixingPrices: state.prices };
        if (pricing.objective / scale - state.u <= tolerance) {
          return {
            state,
            converged: bound - state.z <= tolerance,
            bound,
            fixingPrices: state.prices,
          };
        }
        // The optimum, and every incumbent met on the way that also improves the LP.
        let added = 0;
        for (const counts of [pricing.counts, ...pricing.incumbents]) {
          const key = compositionKey(counts);
          const price = counts.reduce((sum, c, t) => sum + c * objective[t], 0) / scale;
          if (seen.has(key) || price - state.u <= tolerance) continue;
          addColumn(counts);
          added += 1;
        }
        if (added === 0) break; // numerical stalemate: the LP already has these panels
        state = solveMaster();
      }
      return { state, converged: false, bound, fixingPrices: state.prices };
    };

    let state!: MasterState;
    let stages = 1;
    let converged!: boolean;
    let lowerBound!: number;
    let upperBound!: number;
    /**
     * Leximin first tries the relaxation's leximin as a target (relaxation.ts): z becomes the
     * fraction of every profile's target seats reached; reaching 1 proves the distribution
     * leximin-optimal in one column generation instead of one per level. If the integer program
     * proves the target out of reach, the stages below run on the same columns.
     */
    let reached = false;
    if (fairness === 'leximin') {
      const target = relaxedLeximin(highs, problem, initial.reachable, BINDING_PRICE, FIXING_SLACK);
      master.setWeights(target.seats);
      targetLevel = target.firstLevel;
      const attempt = generateColumns({ bound: 1, prices: [] }, 1 - tolerance);
      targetLevel = undefined;
      if (attempt.state.z >= 1 - tolerance) {
        reached = true;
        state = attempt.state;
        stages = target.levels;
        converged = true;
        lowerBound = Number.POSITIVE_INFINITY;
        problem.profiles.forEach((profile, t) => {
          if (!initial.reachable[t]) return;
          let seats = 0;
          panels.forEach((counts, i) => {
            seats += counts[t] * state.panelProbabilities[i];
          });
          lowerBound = Math.min(lowerBound, seats / profile.memberIds.length);
        });
        upperBound = Math.max(target.firstLevel, lowerBound);
      } else {
        master.setWeights();
      }
    }
    if (!reached) {
      const ceiling = () =>
        solveRelaxedStage(highs, problem, initial.reachable, master.fixedLowers());
      const first = generateColumns(ceiling());
      state = first.state;
      converged = first.converged;
      lowerBound = first.state.z;
      upperBound = Math.max(first.bound, first.state.z);
      let fixingPrices = first.fixingPrices;
      if (fairness === 'leximin') {
        for (;;) {
          const unfixed = master.unfixedProfiles();
          const scale = master.unfixedVolunteers();
          const current = state;
          let binding = unfixed.filter((t) => fixingPrices[t] * scale > BINDING_PRICE);
          if (binding.length === 0) {
            // Numerically flat duals: fix the profiles at the current minimum instead.
            const probabilityOf = (t: number) =>
              panels.reduce(
                (sum, counts, i) => sum + counts[t] * current.panelProbabilities[i],
                0,
              ) / problem.profiles[t].memberIds.length;
            binding = unfixed.filter((t) => probabilityOf(t) <= current.z + tolerance);
          }
          for (const t of binding) master.fix(t, state.z - FIXING_SLACK);
          if (binding.length === unfixed.length || iterations >= maxIterations) break;
          stages += 1;
          stage = stages;
          const next = generateColumns(ceiling());
          state = next.state;
          fixingPrices = next.fixingPrices;
          converged &&= next.converged;
        }
      }
    }

    const weights = roundToScale(state.panelProbabilities);
    const compositions = panels.map((counts, i) => ({ counts, weight: weights[i] }));
    return finish(
      highs,
      problem,
      fairness,
      compositions,
      initial.reachable,
      {
        initialPanels: initialPanelCount,
        iterations,
        stages,
        converged,
        lowerBound,
        upperBound,
        integerProgramsSolved: solves,
      },
      startedAt,
    );
  } finally {
    model.dispose();
  }
}

/**
 * Checks feasibility (throwing InfeasibleQuotasError, with the quotas to blame) and computes the
 * maximin distribution over quota-satisfying panels. Works for replacement instances too: the
 * confirmed members are in every panel and count towards the quotas.
 */
export async function computeDistribution(
  instance: SortitionInstance | ReplacementInstance,
  options: MaximinOptions = {},
): Promise<PanelDistribution> {
  const problem = buildProblem(instance);
  const highs = await getHighs();
  const report = checkProblemFeasibility(highs, problem);
  if (!report.feasible) throw new InfeasibleQuotasError(report.issues);
  return maximinForProblem(highs, problem, options);
}
