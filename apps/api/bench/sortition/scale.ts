import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  computeDistribution,
  drawReplacement,
  selectPanel,
  type Fairness,
  type SortitionInstance,
} from '../../src/sortition';
import { syntheticInstance, syntheticInstance6 } from './synthetic-pool';

interface Size {
  label: string;
  fairness: Fairness;
  instance: () => SortitionInstance;
}

/** The sizes of issue 17: what an organiser meets with real pools. */
export const SCALE_SIZES: Size[] = [
  {
    label: '1,000 × 4 features, 60 seats, 18 quotas',
    fairness: 'leximin',
    instance: () => syntheticInstance(1000, 60),
  },
  {
    label: '2,000 × 4 features, 60 seats, 18 quotas',
    fairness: 'leximin',
    instance: () => syntheticInstance(2000, 60),
  },
  {
    label: '5,000 × 6 features, 60 seats, 23 quotas',
    fairness: 'maximin',
    instance: () => syntheticInstance6(5000, 60),
  },
  {
    label: '5,000 × 6 features, 60 seats, 23 quotas',
    fairness: 'leximin',
    instance: () => syntheticInstance6(5000, 60),
  },
];

const secondsOf = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** CPU time (user + system) of this process since `since`: what the machine's load does not inflate. */
function cpuSeconds(since: NodeJS.CpuUsage): string {
  const used = process.cpuUsage(since);
  return secondsOf((used.user + used.system) / 1000);
}

/** The 1-minute load average at the end of a run (2 cores: above 2, the wall time is inflated). */
const load = () => loadavg()[0].toFixed(1);

/**
 * Each size once, in this process (the first one pays V8's optimisation of the WebAssembly
 * code): time, lowest probability (reachable volunteers), unselectable volunteers, profiles,
 * stages. Progress goes to stderr every 15 s, as a draw job reports it.
 */
export async function runScale(only?: string): Promise<void> {
  console.log('');
  console.log('### Real-scale sizes (one run each)');
  console.log('');
  console.log(
    '| instance | algorithm | profiles | stages | iterations | integer programs | panels in support | lowest probability | unselectable | time | CPU | load |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const size of SCALE_SIZES) {
    if (only && !`${size.label} ${size.fairness}`.includes(only)) continue;
    const instance = size.instance();
    const cpu = process.cpuUsage();
    const started = performance.now();
    let last = started;
    const distribution = await computeDistribution(instance, {
      fairness: size.fairness,
      onProgress: (p) => {
        const now = performance.now();
        if (now - last < 15_000) return;
        last = now;
        process.stderr.write(
          `  ${size.fairness} ${size.label}: ${secondsOf(now - started)}, stage ${p.stage}, ${p.iterations} iterations, lowest ${p.lowerBound.toFixed(6)}, fixed ${p.fixedVolunteers}/${p.volunteers}\n`,
        );
      },
    });
    const elapsed = performance.now() - started;
    const s = distribution.stats;
    console.log(
      `| ${size.label} | ${size.fairness} | ${distribution.profiles.length} | ${s.stages} | ${s.iterations} | ${s.integerProgramsSolved} | ${distribution.compositions.length} | ${distribution.minimumProbability.toFixed(6)} | ${distribution.unselectableIds.length} | ${secondsOf(elapsed)} | ${cpuSeconds(cpu)} | ${load()} |`,
    );
  }
}

/**
 * Replacement draws at 5,000 volunteers × 6 features: a panel drawn from the maximin
 * distribution, then `declined` of its members decline; every other member is confirmed and the
 * decliners excluded, as the API does. Time of the leximin replacement (what the API computes),
 * with its CPU time.
 */
export async function runReplacements(): Promise<void> {
  const instance = syntheticInstance6(5000, 60);
  const initial = await selectPanel(
    { ...instance, seed: 'replacement bench' },
    { fairness: 'maximin' },
  );
  console.log('');
  console.log('### Replacement draws (5,000 × 6 features, 60 seats, 23 quotas, leximin)');
  console.log('');
  console.log('| declined | profiles | stages | integer programs | time | CPU | load |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const declined of [1, 3, 6, 12]) {
    const excluded = initial.panel.slice(0, declined);
    const confirmed = initial.panel.slice(declined);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await drawReplacement({
      ...instance,
      confirmed,
      excluded,
      seed: `replacement ${declined}`,
    });
    const elapsed = performance.now() - started;
    const s = result.distribution.stats;
    console.log(
      `| ${declined} | ${result.distribution.profiles.length} | ${s.stages} | ${s.integerProgramsSolved} | ${secondsOf(elapsed)} | ${cpuSeconds(cpu)} | ${load()} |`,
    );
  }
}
