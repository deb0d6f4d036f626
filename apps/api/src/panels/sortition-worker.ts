/**
 * Worker-thread entry: runs one sortition job off the API's event loop and posts the result
 * back. The solver (HiGHS in WebAssembly) is synchronous and can take seconds.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  checkFeasibility,
  drawReplacement,
  InfeasibleQuotasError,
  selectPanel,
  SortitionInputError,
  type SelectionResult,
} from '../sortition';
import type { SortitionJob, SortitionJobReply } from './sortition-job';

export async function runSortitionJob(job: SortitionJob): Promise<SortitionJobReply> {
  try {
    if (job.kind === 'feasibility') {
      const report = await checkFeasibility({
        pool: job.pool,
        panelSize: job.panelSize,
        quotas: job.quotas,
        confirmed: job.confirmed ?? [],
        excluded: job.excluded ?? [],
      });
      if (report.feasible) return { ok: true, feasible: true };
      return { ok: false, kind: 'infeasible', issues: JSON.parse(JSON.stringify(report.issues)) };
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
          { fairness: job.fairness },
        )
      : await selectPanel(instance, { fairness: job.fairness });
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
        minimumProbability: result.distribution.minimumProbability,
        elapsedMs: Math.round(result.distribution.stats.elapsedMs),
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

// Jobs arrive one at a time as { id, job }; each reply is { id, reply }.
if (parentPort && (workerData as { sortitionWorker?: boolean } | undefined)?.sortitionWorker) {
  const port = parentPort;
  port.on('message', (message: { id: number; job: SortitionJob }) => {
    void runSortitionJob(message.job).then((reply) => port.postMessage({ id: message.id, reply }));
  });
}
