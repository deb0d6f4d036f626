import type { Fairness, QuotaIssue, Quota, Volunteer } from '../sortition';

/** What the API asks the worker thread to compute. */
export interface SortitionJob {
  /** `draw` (default) or `feasibility` (only the diagnosis, no distribution). */
  kind?: 'draw' | 'feasibility';
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
}

export type SortitionJobReply =
  | { ok: true; result: SortitionJobResult }
  | { ok: true; feasible: true }
  | { ok: false; kind: 'infeasible'; issues: QuotaIssue[] }
  | { ok: false; kind: 'input'; problems: string[] }
  | { ok: false; kind: 'error'; message: string };
