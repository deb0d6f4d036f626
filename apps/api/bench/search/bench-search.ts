/**
 * Benchmark of the proposals' search: seeds BENCH_PROPOSALS proposals (default 100,000) into
 * a fresh PostgreSQL database, then times the officials' filtered search (queue) and the
 * public list through the real ProposalQueriesService. Prints Markdown; times are reported, never
 * asserted. The database is dropped at the end.
 *
 *   BENCH_PROPOSALS=1000000 BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:search
 *
 * BENCH_RUNS sets the timed calls per query (200); BENCH_KEEP=1 keeps the database to inspect;
 * BENCH_REUSE=<database> times a database kept before (migrated first; BENCH_PROPOSALS must
 * say how many it holds) instead of seeding one, and keeps it.
 */
import './register-paths';
import 'reflect-metadata';
import type { ProposalListQuery } from '@permanente/contracts';
import { cpus, platform, release, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AccessRepository } from '../../src/access/access.repository';
import { AccessService } from '../../src/access/access.service';
import type { StaffActor } from '../../src/auth/actor';
import { systemClock } from '../../src/common/clock';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { ProposalQueriesService } from '../../src/proposals/proposal-queries.service';
import { ProposalReadsRepository } from '../../src/proposals/proposal-reads.repository';
import { ProposalsRepository } from '../../src/proposals/proposals.repository';
import { TerritoriesRepository } from '../../src/territories/territories.repository';
import { BENCH_SEARCHES, BENCH_THEMES, insertBenchProposals } from '../shared/bench-proposals';

const COUNT = Number(process.env['BENCH_PROPOSALS'] ?? 100_000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 200);
const BASE =
  process.env['BENCH_DATABASE_URL'] ??
  process.env['DATABASE_URL'] ??
  'postgres://postgres@127.0.0.1:5432/test';

const QUERIES = BENCH_SEARCHES;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** BENCH_SLOW_MS: calls slower than this are printed with their number (to find them). */
const SLOW_MS = Number(process.env['BENCH_SLOW_MS'] ?? Infinity);

async function time(
  runs: number,
  query: (i: number) => Promise<unknown>,
  describe: (i: number) => unknown = () => '',
): Promise<{ p50: number; p95: number; max: number }> {
  for (let i = 0; i < 10; i++) await query(i); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await query(i);
    const elapsed = performance.now() - started;
    times.push(elapsed);
    if (elapsed > SLOW_MS)
      console.error(`slow call ${i}: ${elapsed.toFixed(0)} ms ${JSON.stringify(describe(i))}`);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1] };
}

async function seed(dataSource: DataSource): Promise<{ scope: string; departements: string[] }> {
  const [region] = await dataSource.query(
    `INSERT INTO territories (code, name, level) VALUES ('24', 'Centre-Val de Loire', 'region') RETURNING id`,
  );
  const departements: string[] = [];
  for (const [index, name] of [
    'Cher',
    'Eure-et-Loir',
    'Indre',
    'Indre-et-Loire',
    'Loir-et-Cher',
    'Loiret',
  ].entries()) {
    const [dep] = await dataSource.query(
      `INSERT INTO territories (code, name, level, parent_id) VALUES ($1, $2, 'departement', $3) RETURNING id`,
      [`d${index}`, name, region.id],
    );
    departements.push(dep.id);
    for (let b = 0; b < 4; b++)
      await dataSource.query(
        `INSERT INTO territories (code, name, level, parent_id) VALUES ($1, $2, 'bassin_de_vie', $3)`,
        [`bv-${index}-${b}`, `${name} ${b + 1}`, dep.id],
      );
  }
  const [campaign] = await dataSource.query(
    `INSERT INTO campaigns (slug, title, territory_id, starts_on, ends_on) VALUES ('bench', 'Bench', $1, '2026-01-01', '2027-12-31') RETURNING id`,
    [region.id],
  );
  // Loading into the bare table and building the indexes afterwards (sorted, in bulk) is
  // several times faster than updating nine indexes, one of them a GIN, row by row.
  const indexes: Array<{ indexdef: string; indexname: string }> = await dataSource.query(
    `SELECT indexname, indexdef FROM pg_indexes
     WHERE tablename = 'proposals' AND indexname <> 'proposals_pkey'`,
  );
  for (const { indexname } of indexes) await dataSource.query(`DROP INDEX ${indexname}`);
  await insertBenchProposals(
    (sql, params) => dataSource.query(sql, params),
    campaign.id,
    COUNT,
    400,
  );
  await dataSource.transaction(async (manager) => {
    await manager.query(`SET LOCAL maintenance_work_mem = '512MB'`);
    for (const { indexdef } of indexes) await manager.query(indexdef);
  });
  // The steady state autovacuum keeps: statistics, and a visibility map so that counts can
  // use index-only scans (right after a bulk load they scan the table).
  await dataSource.query(`VACUUM (ANALYZE) proposals`);
  return { scope: departements[5], departements };
}

/** The territories seed() made, in a database seeded before (BENCH_REUSE). */
async function seeded(dataSource: DataSource): Promise<{ scope: string; departements: string[] }> {
  const rows: Array<{ id: string }> = await dataSource.query(
    `SELECT id FROM territories WHERE level = 'departement' AND code LIKE 'd%' ORDER BY code`,
  );
  await dataSource.query(`ANALYZE proposals`);
  return { scope: rows[5].id, departements: rows.map((row) => row.id) };
}

async function main(): Promise<void> {
  const reuse = process.env['BENCH_REUSE'];
  const name = reuse ?? `permanente_bench_search_${process.pid}`;
  if (!reuse) {
    const admin = new Client({ connectionString: BASE });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
  }
  const url = new URL(BASE);
  url.pathname = `/${name}`;
  const dataSource = new DataSource(buildDataSourceOptions(url.toString(), 4));
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
    const seedStarted = performance.now();
    const { scope, departements } = reuse ? await seeded(dataSource) : await seed(dataSource);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const access = new AccessService(
      dataSource,
      new TerritoriesRepository(dataSource),
      new AccessRepository(),
    );
    const service = new ProposalQueriesService(
      new ProposalReadsRepository(dataSource),
      new ProposalsRepository(dataSource),
      access,
      systemClock,
    );
    const official: StaffActor = {
      kind: 'staff',
      userId: '00000000-0000-4000-8000-000000000000',
      displayName: 'Bench',
      roles: ['official'],
      scopeTerritoryIds: [scope],
      sessionId: '',
      csrfToken: '',
    };
    const officialQuery = (i: number): ProposalListQuery => ({
      q: QUERIES[i % QUERIES.length],
      theme: i % 3 === 0 ? BENCH_THEMES[i % BENCH_THEMES.length] : undefined,
      status: i % 2 === 0 ? 'published' : undefined,
      overdue: i % 5 === 0 ? true : undefined,
      sort: (['supports', 'due', 'recent', 'oldest'] as const)[i % 4],
      limit: 20,
      offset: (i % 3) * 20,
    });
    const queue = await time(RUNS, (i) => service.queue(official, officialQuery(i)), officialQuery);
    const publicList = await time(RUNS, (i) =>
      service.listPublic({
        sort: i % 2 === 0 ? 'recent' : 'supports',
        limit: 20,
        offset: (i % 5) * 20,
        territoryId: i % 3 === 0 ? departements[i % departements.length] : undefined,
      }),
    );
    const publicSearch = await time(
      RUNS,
      (i) => service.listPublic({ q: QUERIES[i % QUERIES.length], limit: 20 }),
      (i) => QUERIES[i % QUERIES.length],
    );
    // Deep pages: the officials' queue without a search, by due date, followed page after
    // page by its cursor (each timed call asks for the page after a cursor met on the way).
    const cursors: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 200; page++) {
      const next = await service.queue(official, { sort: 'due', limit: 20, cursor });
      if (!next.nextCursor) break;
      cursor = next.nextCursor;
      cursors.push(cursor);
    }
    const deep = await time(RUNS, (i) =>
      service.queue(official, {
        sort: 'due',
        limit: 20,
        cursor: cursors[(i * 37) % cursors.length],
      }),
    );
    const sample = await service.queue(official, { q: 'mobilité', limit: 1 });
    const cpu = cpus();
    const [{ version }] = await dataSource.query(`SELECT version()`);
    const f = (x: number) => `${x.toFixed(1)} ms`;
    console.log(`## Proposals search benchmark (${new Date().toISOString()})`);
    console.log('');
    console.log(
      `- machine: ${cpu[0]?.model ?? 'unknown'}, ${cpu.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}, Node ${process.version}`,
    );
    console.log(`- database: ${String(version).split(' on ')[0]}`);
    console.log(
      `- ${COUNT.toLocaleString('en-GB')} proposals in 24 bassins de vie (${reuse ? `database ${reuse} seeded before, migrated and analysed in ${seedSeconds.toFixed(0)} s` : `seeded in ${seedSeconds.toFixed(0)} s, then VACUUM ANALYZE`}); ${RUNS} timed calls each after 10 warm-up calls, one at a time`,
    );
    console.log(
      `- the official's scope (one département) holds ${sample.totalIsLowerBound ? 'more than ' : ''}${sample.total.toLocaleString('en-GB')} proposals matching "mobilité"`,
    );
    console.log('');
    console.log('| query | p50 | p95 | max |');
    console.log('|---|---|---|---|');
    console.log(
      `| officials' queue: French search + scope + theme/status/overdue filters, 4 sorts, pages 1-3 (rows + capped total) | ${f(queue.p50)} | ${f(queue.p95)} | ${f(queue.max)} |`,
    );
    console.log(
      `| officials' queue by due date, pages 2-${cursors.length + 1} by cursor (rows + capped total) | ${f(deep.p50)} | ${f(deep.p95)} | ${f(deep.max)} |`,
    );
    console.log(
      `| public list: newest or most supported, pages 1-5, a third filtered by département | ${f(publicList.p50)} | ${f(publicList.p95)} | ${f(publicList.max)} |`,
    );
    console.log(
      `| public search: French search, whole region, by relevance | ${f(publicSearch.p50)} | ${f(publicSearch.p95)} | ${f(publicSearch.max)} |`,
    );
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    if (process.env['BENCH_KEEP'] || reuse) {
      console.error(`kept the database ${name} (BENCH_KEEP)`);
      return;
    }
    const cleanup = new Client({ connectionString: BASE });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await cleanup.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
