import { balancedQuotas, syntheticPool } from './synthetic-pool';
import { DEFAULT_GENDER, DEFAULT_AGE_BAND } from './panel-defaults';
import type { SortitionJob } from './sortition-job';
import { SortitionRunner } from './sortition-runner.service';

const FEATURES = [DEFAULT_GENDER, DEFAULT_AGE_BAND];

function job(seed: string): SortitionJob {
  const pool = syntheticPool(FEATURES, 40, 'runner').map((applicant, index) => ({
    id: `v-${String(index + 1).padStart(4, '0')}`,
    features: applicant.features,
  }));
  return { pool, panelSize: 8, quotas: balancedQuotas(FEATURES, 8), seed, fairness: 'leximin' };
}

describe('SortitionRunner', () => {
  // Each test starts a worker thread and solves several draws: more than Jest's 5 s on a loaded
  // machine. Not a speed goal (bench:sortition measures speed).
  jest.setTimeout(60_000);
  let runner: SortitionRunner;
  beforeEach(() => (runner = new SortitionRunner()));
  afterEach(() => runner.onModuleDestroy());

  it('draws in a worker thread: same job, same panel', async () => {
    const first = await runner.run(job('seed'));
    const again = await runner.run(job('seed'));
    expect(first.ok && 'result' in first).toBe(true);
    if (!first.ok || !('result' in first) || !again.ok || !('result' in again)) return;
    expect(first.result.panel).toHaveLength(8);
    expect(again.result.panel).toEqual(first.result.panel);
    expect(Object.values(first.result.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(8, 6);
  });

  it('reports infeasible quotas with the quotas named, never a panel', async () => {
    const reply = await runner.run({
      ...job('seed'),
      quotas: [{ feature: 'gender', value: 'woman', min: 9, max: 9 }],
    });
    expect(reply).toMatchObject({ ok: false, kind: 'infeasible' });
    if (reply.ok || reply.kind !== 'infeasible') return;
    expect(reply.issues[0].quotas).toEqual([{ feature: 'gender', value: 'woman', min: 9, max: 9 }]);
  });

  it('refuses new jobs when the queue is full, and recovers after a timeout', async () => {
    runner.timeoutMs = 60_000;
    const accepted = Array.from({ length: 5 }, (_, i) => runner.run(job(`seed ${i}`)));
    await expect(runner.run(job('one too many'))).rejects.toThrow(/solverBusy/);
    await Promise.all(accepted);

    runner.timeoutMs = 1;
    await expect(runner.run(job('slow'))).rejects.toThrow(/solverTimeout/);
    runner.timeoutMs = 60_000;
    const after = await runner.run(job('seed'));
    expect(after.ok).toBe(true);
  });
});
