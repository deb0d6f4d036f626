import { readFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import type { CommuneSummary, TerritoryTreeNode } from '@permanente/contracts';
import { DemoSeedService } from '../src/demo/demo-seed.service';
import { CensusFileError } from '../src/territories/census-file';
import { CensusImportService } from '../src/territories/census-import.service';
import { resetDatabase, startTestApp, TestApp } from './support/test-app';

const FIXTURE = joinPath(__dirname, 'fixtures', 'census');
const fixture = (name: string) => readFileSync(joinPath(FIXTURE, name), 'utf8');
const sources = () => ({
  mapping: fixture('mapping.csv'),
  populations: fixture('populations.csv'),
  ageSex: fixture('td_pop1b.csv'),
  postcodes: fixture('laposte.csv'),
});

const flatten = (nodes: TerritoryTreeNode[]): TerritoryTreeNode[] =>
  nodes.flatMap((node) => [node, ...flatten(node.children)]);

describe('census margins as data (integration)', () => {
  let t: TestApp;
  let census: CensusImportService;

  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.dataSource);
    await t.app.get(DemoSeedService).seed();
    census = t.app.get(CensusImportService);
  });

  afterAll(() => t.close());

  const territories = async () =>
    flatten((await t.http().get('/api/territories').expect(200)).body as TerritoryTreeNode[]);

  it('imports the fixture and sums the communes up the tree: bassin population = sum of its communes', async () => {
    const before = await territories();
    expect(before.find((n) => n.code === 'bv-18-vierzon')!.population).toBeNull();

    const result = await census.importCensus(sources());
    expect(result).toMatchObject({ communes: 5, created: 5 });

    const after = await territories();
    const population = (code: string) => after.find((n) => n.code === code)!.population;
    // Vierzon 1,000 + Mehun-sur-Yèvre 200; the Indre commune of the files is not mapped.
    expect(population('bv-18-vierzon')).toBe(1200);
    expect(population('bv-18-bourges')).toBe(2000);
    expect(population('bv-18-saint-amand-montrond')).toBe(500);
    expect(population('bv-18-aubigny-sur-nere')).toBe(300);
    expect(population('18')).toBe(4000);
    expect(population('24')).toBe(4000);
    // No commune of the Indre was mapped: its population stays the one of the tree file.
    expect(population('36')).toBe(216069);

    const margins: Array<{
      code: string;
      dimension: string;
      category: string;
      population: number;
    }> = await t.dataSource.query(
      `SELECT t.code, m.dimension, m.category, m.population FROM territory_margins m
         JOIN territories t ON t.id = m.territory_id ORDER BY t.code, m.dimension, m.category`,
    );
    const margin = (code: string, dimension: string, category: string) =>
      margins.find((m) => m.code === code && m.dimension === dimension && m.category === category)
        ?.population;
    expect(margin('bv-18-vierzon', 'ageBand', 'under_18')).toBe(240);
    expect(margin('bv-18-vierzon', 'ageBand', '65_plus')).toBe(240);
    expect(margin('bv-18-vierzon', 'gender', 'female')).toBe(600);
    expect(margin('18', 'ageBand', '18_24')).toBe(320);
    expect(margin('24', 'gender', 'male')).toBe(2000);
    // Each bassin's margins add up to its population.
    for (const code of ['bv-18-vierzon', 'bv-18-bourges', '18'])
      expect(
        margins
          .filter((m) => m.code === code && m.dimension === 'ageBand')
          .reduce((sum, m) => sum + m.population, 0),
      ).toBe(population(code));
    expect(margins.some((m) => m.code === '36')).toBe(false);
  });

  it('is safe to run again: communes are matched by code', async () => {
    const result = await census.importCensus(sources());
    expect(result).toMatchObject({ communes: 5, created: 0 });
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM communes`);
    expect(count).toBe(5);
  });

  it('finds a commune by the beginning of its name (any case or accent) or of its postcode', async () => {
    const byName = (await t.http().get('/api/communes').query({ q: 'mehun sur yev' }).expect(200))
      .body as CommuneSummary[];
    expect(byName).toEqual([
      {
        code: '18141',
        name: 'Mehun-sur-Yèvre',
        postcodes: ['18500'],
        territoryName: 'Vierzon',
      },
    ]);
    const byPostcode = (await t.http().get('/api/communes').query({ q: '180' }).expect(200))
      .body as CommuneSummary[];
    expect(byPostcode.map((c) => c.name)).toEqual(['Bourges']);
    expect(byPostcode[0].postcodes).toEqual(['18000', '18001']);
    // By its INSEE code too: how the profile form shows the commune answered before.
    const byCode = (await t.http().get('/api/communes').query({ q: '18279' }).expect(200))
      .body as CommuneSummary[];
    expect(byCode.map((c) => c.name)).toEqual(['Vierzon']);
    const none = await t.http().get('/api/communes').query({ q: 'x' }).expect(200);
    expect(none.body).toEqual([]);
    const missing = await t.http().get('/api/communes').expect(400);
    expect(missing.body.fields[0].field).toBe('query.q');
  });

  it('refuses a mapping to an unknown territory or a malformed file, listing each problem, and writes nothing', async () => {
    await expect(
      census.importCensus({ mapping: 'CODGEO;LIBGEO;TERRITORY\n18279;Vierzon;bv-nowhere\n' }),
    ).rejects.toThrow(new CensusFileError(['mapping: unknown territory bv-nowhere']));
    const error = await census
      .importCensus({
        mapping: 'CODGEO;LIBGEO;TERRITORY\n1827;Vierzon;bv-18-vierzon\n18141;;\n',
        ageSex: 'NIVGEO;CODGEO;SEXE;AGED100;NB\nCOM;18279;3;20;5\n',
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CensusFileError);
    expect((error as CensusFileError).problems).toEqual([
      'mapping, line 2: no commune code (column CODGEO or COM, 5 characters)',
      'mapping, line 3: no territory code (column TERRITORY)',
      'mapping: no commune',
    ]);
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM communes`);
    expect(count).toBe(5);
  });
});
