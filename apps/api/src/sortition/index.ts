/**
 * Sortition: drawing citizens' panels by lot under quotas, with maximin-fair selection
 * probabilities and reproducible draws. Pure library: no database, no HTTP. See docs/sortition.md.
 */
export * from './types';
export { InfeasibleQuotasError, SortitionInputError, SortitionSolverError } from './errors';
export { checkFeasibility } from './feasibility';
export {
  computeDistribution,
  DEFAULT_MAXIMIN_OPTIONS,
  type MaximinOptions,
  type SortitionProgress,
} from './maximin';
export { drawFromDistribution, drawReplacement, selectPanel } from './draw';
export { publicLottery, type LotteryInput, type LotteryResult } from './lottery';
export { estimateGreedyProbabilities, type GreedyEstimate } from './greedy';
export { canonicalInstanceJson, panelSatisfiesQuotas } from './problem';
export { Sha256Prng } from './prng';
export { spread, type Spread } from './stats';
export {
  verifyPublishedDraw,
  VERIFY_TOLERANCE,
  type DrawVerification,
  type PublishedDraw,
} from './verify';
export { findUnselectable, type UnselectableGroup } from './unselectable';
