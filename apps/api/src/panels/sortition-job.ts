import type { PublishedDistribution } from '@permanente/contracts';
import type { Fairness, QuotaIssue, Quota, SortitionProgress, Volunteer } from '../sortition';

export type { SortitionProgress } from '../sortition';

/** What the API asks the worker thread to compute. */
export interface SortitionJob {
  /**
   * `draw` (default); `feasibility`: the diagnosis and who can never be drawn, no distribution;
   * `check`: the diagnosis only (before a draw is queued).
   */
  kind?: 'draw' | 'feasibility' | 'check';
  pool: Volunteer[];
  panelSize: number;
  quotas: Quota[];
  seed: string;
  fairness: Fairness;
  /** Replacement draws only. */
  confirmed?: string[];
  excluded?: string[];
}

/** A draw as plain data (structured-clone safe). */
export interface SortitionJobResult {
  algorithmVersion: string;
  solverVersion: string;
  instanceDigest: string;
  distributionDigest: string;
  seed: string;
  ticket: number;
  panel: string[];
  drawn: string[];
  probabilities: Record<string, number>;
  minimumProbability: number;
  elapsedMs: number;
  /** Volunteers in no quota-satisfying panel (never drawn; left out of the minimum). */
  unselectableIds: string[];
  /** The whole distribution, published so that anyone can recompute the probabilities. */
  distribution: PublishedDistribution;
}

/** What the worker posts while a job runs. */
export type SortitionWorkerMessage =
  { id: number; reply: SortitionJobReply } | { id: number; progress: SortitionProgress };

export type SortitionJobReply =
  | { ok: true; result: SortitionJobResult }
  | {
      ok: true;
      feasible: true;
      unselectable: Array<{ features: Record<string, string>; ids: string[] }>;
    }
  | { ok: false; kind: 'infeasible'; issues: QuotaIssue[] }
  | { ok: false; kind: 'input'; problems: string[] }
  | { ok: false; kind: 'error'; message: string };
