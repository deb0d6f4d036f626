/**
 * Benchmark of the sortition library on a synthetic pool: leximin and maximin (column
 * generation) against the naive greedy baseline. Prints Markdown. Times are reported, never
 * asserted.
 *
 *   npm run bench:sortition -- [--pool 1000] [--seats 60] [--slack 1] [--greedy-runs 10000]
 *                              [--no-scaling] [--scale] [--scale-only [filter]]
 *
 * --scale adds the real-scale sizes (leximin 1,000 and 2,000; maximin and leximin 5,000 × 6
 * features; leximin at 5,000 can take very long); --scale-only runs only those (optionally only
 * the ones whose label contains `filter`, e.g. "maximin"; "replacement" runs only the replacement
 * draws at 5,000 volunteers).
 */
import { runReplacements, runScale } from './scale';
import { cpus, platform, release } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  checkFeasibility,
  computeDistribution,
  drawFromDistribution,
  estimateGreedyProbabilities,
  spread,
  SORTITION_ALGORITHM_VERSION,
  type Fairness,
  type PanelDistribution,
  type Spread,
} from '../../src/sortition';
import { syntheticInstance } from './synthetic-pool';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`--${name} needs a positive integer`);
  }
  return value;
}

const fmt = (x: number, digits = 4) => (Number.isFinite(x) ? x.toFixed(digits) : '∞');
const ms = (x: number) => `${Math.round(x).toLocaleString('en-GB')} ms`;

function spreadRow(name: string, s: Spread): string {
  return `| ${name} | ${fmt(s.min)} | ${fmt(s.p10)} | ${fmt(s.median)} | ${fmt(s.p90)} | ${fmt(s.max)} | ${fmt(s.maxOverMin, 2)} | ${fmt(s.gini, 3)} |`;
}

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await run();
  return [result, performance.now() - started];
}

async function main(): Promise<void> {
  const scaleOnly = process.argv.indexOf('--scale-only');
  if (scaleOnly >= 0) {
    const filter = process.argv[scaleOnly + 1];
    const only = filter && !filter.startsWith('--') ? filter : undefined;
    if (only !== 'replacement') await runScale(only);
    if (only === undefined || only === 'replacement') await runReplacements();
    return;
  }
  const poolSize = option('pool', 1000);
  const panelSize = option('seats', 60);
  const slack = option('slack', 1);
  const greedyRuns = option('greedy-runs', 10000);
  const scaling = !process.argv.includes('--no-scaling');
  const instance = syntheticInstance(poolSize, panelSize, slack);
  const cpu = cpus();

  console.log(`## Sortition benchmark (${new Date().toISOString()})`);
  console.log('');
  console.log(
    `- machine: ${cpu[0]?.model ?? 'unknown'}, ${cpu.length} cores, ${platform()} ${release()}, Node ${process.version}`,
  );
  console.log(`- algorithm: ${SORTITION_ALGORITHM_VERSION}`);
  console.log(
    `- instance: ${poolSize} volunteers, ${panelSize} seats, ${instance.quotas.length} quotas on 4 features (population share ± ${slack} seat${slack > 1 ? 's' : ''}); equal-chance reference k/n = ${fmt(panelSize / poolSize)}`,
  );

  // The first call loads and compiles the WebAssembly solver.
  const [feasibility, feasibilityMs] = await timed(() => checkFeasibility(instance));
  if (!feasibility.feasible) {
    console.log('');
    console.log('Infeasible quotas:');
    for (const issue of feasibility.issues) console.log(`- ${issue.message}`);
    process.exitCode = 1;
    return;
  }

  // Each computation twice: the first run in the process pays for V8 optimising the
  // WebAssembly code; the second is what a long-running server sees. Digests must agree.
  const results = new Map<Fairness, { d: PanelDistribution; cold: number; warm: number }>();
  for (const fairness of ['maximin', 'leximin'] as const) {
    const [d, cold] = await timed(() => computeDistribution(instance, { fairness }));
    const [again, warm] = await timed(() => computeDistribution(instance, { fairness }));
    if (again.distributionDigest !== d.distributionDigest) {
      throw new Error(`${fairness}: two runs gave different distributions`);
    }
    results.set(fairness, { d, cold, warm });
  }
  const greedy = estimateGreedyProbabilities(instance, {
    runs: greedyRuns,
    seed: 'benchmark seed',
  });
  const leximin = results.get('leximin')?.d as PanelDistribution;
  const started = performance.now();
  const draw = drawFromDistribution(leximin, 'benchmark seed');
  const drawMs = performance.now() - started;

  console.log(`- profiles (distinct combinations of the 4 features): ${leximin.profiles.length}`);
  console.log(`- solver: ${leximin.solverVersion}`);
  console.log('');
  console.log('### Selection probabilities');
  console.log('');
  console.log('| algorithm | min | p10 | median | p90 | max | max/min | Gini |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [fairness, { d }] of results) {
    console.log(spreadRow(fairness, spread(d.selectionProbabilities.values())));
  }
  console.log(
    spreadRow(
      `greedy (${greedyRuns.toLocaleString('en-GB')} runs)`,
      spread(greedy.selectionProbabilities.values()),
    ),
  );
  console.log('');
  console.log('### Column generation');
  console.log('');
  console.log(
    '| algorithm | initial panels | iterations | stages | integer programs | panels in support | min probability (LP) | proven upper bound | converged | first run | warm run |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [fairness, { d, cold, warm }] of results) {
    const s = d.stats;
    console.log(
      `| ${fairness} | ${s.initialPanels} | ${s.iterations} | ${s.stages} | ${s.integerProgramsSolved} | ${d.compositions.length} | ${fmt(s.lowerBound, 6)} | ${fmt(s.upperBound, 6)} | ${s.converged} | ${ms(cold)} | ${ms(warm)} |`,
    );
  }
  console.log('');
  console.log(
    `- feasibility check alone (first call in the process, includes loading HiGHS): ${ms(feasibilityMs)}`,
  );
  console.log('- each run includes the feasibility check; the same digest came out of both runs');
  console.log(`- volunteers in no feasible panel: ${leximin.unselectableIds.length}`);
  console.log(
    `- one draw from the leximin distribution: ${ms(drawMs)} (panel of ${draw.panel.length}, composition #${draw.compositionIndex}, ticket ${draw.ticket})`,
  );
  console.log('');
  console.log('### Greedy baseline');
  console.log('');
  console.log(
    `- runs: ${greedy.runs}; failed runs (no valid panel): ${greedy.failedRuns} (${fmt((100 * greedy.failedRuns) / greedy.runs, 1)} %)`,
  );
  console.log(`- time: ${ms(greedy.elapsedMs)}`);
  console.log(
    `- volunteers never selected in any successful run: ${[...greedy.selectionProbabilities.values()].filter((p) => p === 0).length}`,
  );

  console.log('');
  console.log('### Diagnosing jointly infeasible quotas');
  console.log('');
  // Every volunteer aged 75+ is retired: at most 5 retired members cannot hold with at least 6
  // members aged 75+ (employed may take up the slack, so no feature is short of seats alone).
  const clash = {
    ...instance,
    quotas: instance.quotas.map((q) =>
      q.value === 'retired'
        ? { ...q, min: 4, max: 5 }
        : q.value === 'employed'
          ? { ...q, max: q.max + 12 }
          : q,
    ),
  };
  const [clashReport, clashMs] = await timed(() => checkFeasibility(clash));
  console.log(`- time: ${ms(clashMs)}`);
  for (const issue of clashReport.issues) console.log(`- ${issue.kind}: ${issue.message}`);

  if (process.argv.includes('--scale')) {
    await runScale();
    await runReplacements();
  }
  if (!scaling) return;
  console.log('');
  console.log('### Pool size (same quotas, warm)');
  console.log('');
  console.log(
    '| volunteers | profiles | k/n | algorithm | iterations | stages | panels in support | min | median | max | Gini | time |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const size of [500, poolSize, 2000, 5000]) {
    const sized = syntheticInstance(size, panelSize, slack);
    for (const fairness of ['maximin', 'leximin'] as const) {
      const [d, elapsed] = await timed(() => computeDistribution(sized, { fairness }));
      const s = spread(d.selectionProbabilities.values());
      console.log(
        `| ${size} | ${d.profiles.length} | ${fmt(panelSize / size)} | ${fairness} | ${d.stats.iterations} | ${d.stats.stages} | ${d.compositions.length} | ${fmt(s.min)} | ${fmt(s.median)} | ${fmt(s.max)} | ${fmt(s.gini, 3)} | ${ms(elapsed)} |`,
      );
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
