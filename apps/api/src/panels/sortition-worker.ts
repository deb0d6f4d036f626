/**
 * Worker-thread entry: runs one sortition job off the API's event loop and posts the result
 * back. The solver (HiGHS in WebAssembly) is synchronous and can take seconds.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  checkFeasibility,
  findUnselectable,
  drawReplacement,
  InfeasibleQuotasError,
  selectPanel,
  SortitionInputError,
  PROBABILITY_SCALE,
  type SelectionResult,
  type SortitionProgress,
} from '../sortition';
import type { SortitionJob, SortitionJobReply, SortitionWorkerMessage } from './sortition-job';

export async function runSortitionJob(
  job: SortitionJob,
  onProgress?: (progress: SortitionProgress) => void,
): Promise<SortitionJobReply> {
  try {
    if (job.kind === 'check') {
      const report = await checkFeasibility({
        pool: job.pool,
        panelSize: job.panelSize,
        quotas: job.quotas,
        confirmed: job.confirmed ?? [],
        excluded: job.excluded ?? [],
      });
      if (report.feasible) return { ok: true, feasible: true, unselectable: [] };
      return { ok: false, kind: 'infeasible', issues: JSON.parse(JSON.stringify(report.issues)) };
    }
    if (job.kind === 'feasibility') {
      // Infeasible quotas throw InfeasibleQuotasError (below); else who can never be drawn.
      const groups = await findUnselectable({
        pool: job.pool,
        panelSize: job.panelSize,
        quotas: job.quotas,
        confirmed: job.confirmed ?? [],
        excluded: job.excluded ?? [],
      });
      return {
        ok: true,
        feasible: true,
        unselectable: groups.map((group) => ({
          features: { ...group.features },
          ids: [...group.ids],
        })),
      };
    }
    const instance = {
      pool: job.pool,
      panelSize: job.panelSize,
      quotas: job.quotas,
      seed: job.seed,
    };
    const result: SelectionResult = job.confirmed
      ? await drawReplacement(
          { ...instance, confirmed: job.confirmed, excluded: job.excluded ?? [] },
          { fairness: job.fairness, onProgress },
        )
      : await selectPanel(instance, { fairness: job.fairness, onProgress });
    const { distribution } = result;
    const probabilities: Record<string, number> = {};
    for (const volunteer of job.pool) probabilities[volunteer.id] = 0;
    for (const id of job.confirmed ?? []) probabilities[id] = 1;
    for (const [id, p] of result.distribution.selectionProbabilities) probabilities[id] = p;
    return {
      ok: true,
      result: {
        algorithmVersion: result.algorithmVersion,
        solverVersion: result.solverVersion,
        instanceDigest: result.instanceDigest,
        distributionDigest: result.distributionDigest,
        seed: result.seed,
        ticket: result.ticket,
        panel: [...result.panel],
        drawn: [...result.drawn],
        probabilities,
        minimumProbability: distribution.minimumProbability,
        elapsedMs: Math.round(distribution.stats.elapsedMs),
        unselectableIds: [...distribution.unselectableIds],
        distribution: {
          format: 'permanente.sortition-distribution/1',
          algorithmVersion: distribution.algorithmVersion,
          instanceDigest: distribution.instanceDigest,
          fairness: distribution.fairness,
          seatsToFill: distribution.seatsToFill,
          confirmedIds: [...distribution.confirmedIds],
          probabilityScale: PROBABILITY_SCALE,
          profiles: distribution.profiles.map((p) => [p.key, [...p.memberIds]]),
          compositions: distribution.compositions.map((c) => [[...c.counts], c.weight]),
        },
      },
    };
  } catch (error) {
    if (error instanceof InfeasibleQuotasError)
      return { ok: false, kind: 'infeasible', issues: JSON.parse(JSON.stringify(error.issues)) };
    if (error instanceof SortitionInputError)
      return { ok: false, kind: 'input', problems: [...error.problems] };
    return {
      ok: false,
      kind: 'error',
      message: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Progress is posted at most this often (the solver may report many rounds a second). */
const PROGRESS_INTERVAL_MS = 250;

// Jobs arrive one at a time as { id, job }; the worker posts { id, progress } while it runs and
// { id, reply } at the end.
if (parentPort && (workerData as { sortitionWorker?: boolean } | undefined)?.sortitionWorker) {
  const port = parentPort;
  port.on('message', (message: { id: number; job: SortitionJob }) => {
    let last = 0;
    const onProgress = (progress: SortitionProgress) => {
      const now = Date.now();
      if (now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      port.postMessage({ id: message.id, progress } satisfies SortitionWorkerMessage);
    };
    void runSortitionJob(message.job, onProgress).then((reply) =>
      port.postMessage({ id: message.id, reply } satisfies SortitionWorkerMessage),
    );
  });
}
