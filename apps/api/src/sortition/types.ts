/**
 * Public types of the sortition library: the inputs of a draw (a pool of volunteers, a panel
 * size, quotas, a public seed) and what it produces.
 */

/**
 * Identifies the algorithm and its exact rules (canonical ordering, PRNG, rounding, sampling).
 * It is part of every digest and every random stream: two runs with the same inputs and the same
 * version give the same panel, bit for bit. Change it whenever any rule changes.
 */
export const SORTITION_ALGORITHM_VERSION = 'permanente-sortition/1.2.0';

/** Version of the `highs` npm package the algorithm version was validated with. */
export const EXPECTED_SOLVER_PACKAGE = 'highs@1.15.3';

/**
 * Probabilities of the panels in a distribution are integers in units of 1 / PROBABILITY_SCALE
 * (a fixed precision of 1e-9): the draw picks an integer ticket in [0, PROBABILITY_SCALE).
 */
export const PROBABILITY_SCALE = 1_000_000_000;

/** One volunteer: an opaque stable id and the values of their features. */
export interface Volunteer {
  readonly id: string;
  /** Feature name → value, e.g. `{ gender: 'woman', ageBand: '25-34' }`. A missing key: no value. */
  readonly features: Readonly<Record<string, string>>;
}

/** Between `min` and `max` (inclusive) panel members must have `features[feature] === value`. */
export interface Quota {
  readonly feature: string;
  readonly value: string;
  readonly min: number;
  readonly max: number;
}

/** What a draw is about. */
export interface SortitionInstance {
  readonly pool: readonly Volunteer[];
  /** Number of seats to fill, k. */
  readonly panelSize: number;
  readonly quotas: readonly Quota[];
}

/**
 * `maximin` maximises the lowest selection probability; `leximin` then maximises the second
 * lowest, and so on (the same minimum, more equal otherwise).
 */
export type Fairness = 'maximin' | 'leximin';

/** A replacement draw: some members are already confirmed, some volunteers declined. */
export interface ReplacementInstance extends SortitionInstance {
  /** Ids (in `pool`) of members already confirmed: they are in every panel and count for quotas. */
  readonly confirmed: readonly string[];
  /** Ids (in `pool`) who may not be drawn any more (decliners, unreachable people...). */
  readonly excluded: readonly string[];
}

/** Why a set of quotas cannot be met. */
export type QuotaIssueKind =
  /** Fewer eligible volunteers than seats to fill. */
  | 'pool-too-small'
  /** A quota's min is above the number of seats. */
  | 'min-exceeds-panel-size'
  /** A quota's min is above the number of volunteers with that value. */
  | 'min-exceeds-available'
  /** The mins of one feature's quotas add up to more than the number of seats. */
  | 'mins-exceed-panel-size'
  /** The maxes of one feature's quotas (and the volunteers without a quota) cannot fill the seats. */
  | 'maxes-below-panel-size'
  /** Confirmed members already exceed a quota's max (replacement draws). */
  | 'confirmed-exceed-max'
  /** Each quota is satisfiable alone, but not together (found by the integer program). */
  | 'jointly-infeasible';

/** One side of a quota: its minimum or its maximum. */
export interface QuotaBound {
  readonly quota: Quota;
  readonly bound: 'min' | 'max';
}

/** One reason why no panel can satisfy the quotas. */
export interface QuotaIssue {
  readonly kind: QuotaIssueKind;
  /** The quotas involved (the caller's objects). */
  readonly quotas: readonly Quota[];
  /** The features involved. */
  readonly features: readonly string[];
  /**
   * For `jointly-infeasible`: an irreducible set of quota bounds that cannot hold together
   * (dropping any one of them makes the rest satisfiable).
   */
  readonly conflictingBounds?: readonly QuotaBound[];
  /**
   * For `jointly-infeasible`: the features such that dropping all of that feature's quotas alone
   * would make the draw feasible (may be empty when no single feature suffices).
   */
  readonly relaxableFeatures?: readonly string[];
  /** English explanation, for logs and for organisers. */
  readonly message: string;
}

/** Result of the feasibility check. */
export interface FeasibilityReport {
  readonly feasible: boolean;
  readonly issues: readonly QuotaIssue[];
}

/**
 * One panel composition in the distribution: how many members of each profile (see
 * `PanelDistribution.profiles`), and its probability in units of 1 / PROBABILITY_SCALE.
 */
export interface WeightedComposition {
  readonly counts: readonly number[];
  readonly weight: number;
}

/**
 * A profile: the volunteers with exactly the same values for every feature that has a quota.
 * The quotas cannot tell them apart, so they are treated alike: a composition says how many of
 * them sit on the panel and the draw picks which ones uniformly.
 */
export interface Profile {
  /** Canonical key: JSON array of the profile's values, one per quota feature (null: none). */
  readonly key: string;
  /** Feature → value, for the quota features where the profile has a value. */
  readonly features: Readonly<Record<string, string>>;
  /** Ids of the eligible volunteers with this profile, sorted by code unit. */
  readonly memberIds: readonly string[];
}

/** Figures of the column generation, for reports; they do not influence the draw. */
export interface ColumnGenerationStats {
  /** Panels found while covering every profile plus the random-objective ones. */
  readonly initialPanels: number;
  /** Pricing rounds of the column generation, all stages together. */
  readonly iterations: number;
  /** Column-generation stages: 1 for maximin, one per level of probabilities for leximin. */
  readonly stages: number;
  /** Whether every stage's optimality gap went below the tolerance (false: iteration limit). */
  readonly converged: boolean;
  /** The first stage's LP optimum: the minimum selection probability achieved, before rounding. */
  readonly lowerBound: number;
  /** A proven upper bound on the best possible minimum selection probability. */
  readonly upperBound: number;
  /** Integer programs solved (covering, random objectives, pricing). */
  readonly integerProgramsSolved: number;
  /** Wall-clock time of the whole computation, in milliseconds. */
  readonly elapsedMs: number;
}

/**
 * The maximin distribution over quota-satisfying panels: the published, checkable outcome of the
 * computation, before the seed is used.
 */
export interface PanelDistribution {
  readonly algorithmVersion: string;
  /** Version of the HiGHS solver (from the WebAssembly build) that computed it. */
  readonly solverVersion: string;
  /** SHA-256 of the canonical instance (hex). */
  readonly instanceDigest: string;
  /** `maximin` or `leximin` (see MaximinOptions). */
  readonly fairness: Fairness;
  /** SHA-256 of the canonical distribution: profiles, compositions and weights (hex). */
  readonly distributionDigest: string;
  /** Seats to fill by this draw (the panel size minus confirmed members). */
  readonly seatsToFill: number;
  /** Confirmed members, in every panel (replacement draws; empty otherwise). */
  readonly confirmedIds: readonly string[];
  /** Profiles in canonical order. */
  readonly profiles: readonly Profile[];
  /** Compositions in canonical order, with weights summing to PROBABILITY_SCALE. */
  readonly compositions: readonly WeightedComposition[];
  /** Each eligible volunteer's probability of being drawn, from the rounded weights. */
  readonly selectionProbabilities: ReadonlyMap<string, number>;
  /** Lowest selection probability among the volunteers who can be selected at all. */
  readonly minimumProbability: number;
  /** Volunteers who are in no quota-satisfying panel (their probability is 0). */
  readonly unselectableIds: readonly string[];
  readonly stats: ColumnGenerationStats;
}

/** The outcome of a draw, with everything an auditor needs to check it. */
export interface DrawResult {
  readonly algorithmVersion: string;
  readonly solverVersion: string;
  readonly instanceDigest: string;
  readonly distributionDigest: string;
  readonly seed: string;
  /** The integer drawn in [0, PROBABILITY_SCALE) that chose the composition. */
  readonly ticket: number;
  /** Index of the chosen composition in `distribution.compositions`. */
  readonly compositionIndex: number;
  /** The panel's member ids (confirmed members included), sorted by code unit. */
  readonly panel: readonly string[];
  /** The newly drawn members only, in the order they were drawn. */
  readonly drawn: readonly string[];
}

/** A draw together with the distribution it came from. */
export interface SelectionResult extends DrawResult {
  readonly distribution: PanelDistribution;
}
