import type { TerritoryDetailResponse, TerritoryTreeNode } from '@permanente/contracts';
import { DemoSeedService } from '../src/demo/demo-seed.service';
import { descendantsOf, TerritoriesRepository } from '../src/territories/territories.repository';
import { TerritoriesService } from '../src/territories/territories.service';
import { TerritoryFileError } from '../src/territories/territory-file';
import { resetDatabase, startTestApp, TestApp } from './support/test-app';

const flatten = (nodes: TerritoryTreeNode[]): TerritoryTreeNode[] =>
  nodes.flatMap((node) => [node, ...flatten(node.children)]);

describe('territories (integration)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.dataSource);
    await t.app.get(DemoSeedService).seed();
  });

  afterAll(() => t.close());

  it('GET /api/territories returns the demo region, its 6 départements and 23 bassins de vie', async () => {
    const response = await t
      .http()
      .get('/api/territories')
      .expect(200)
      .expect('content-type', /json/);
    const roots = response.body as TerritoryTreeNode[];
    expect(roots).toHaveLength(1);
    expect(roots[0]).toMatchObject({
      name: 'Centre-Val de Loire',
      level: 'region',
      inseeCode: '24',
      population: 2587031,
    });
    const departements = roots[0].children;
    expect(departements.map((d) => d.name)).toEqual([
      'Cher',
      'Eure-et-Loir',
      'Indre',
      'Indre-et-Loire',
      'Loir-et-Cher',
      'Loiret',
    ]);
    expect(departements.every((d) => d.level === 'departement' && d.population! > 100_000)).toBe(
      true,
    );
    // The départements' populations add up to the region's.
    expect(departements.reduce((sum, d) => sum + d.population!, 0)).toBe(2587031);
    const bassins = flatten(roots).filter((n) => n.level === 'bassin_de_vie');
    expect(bassins).toHaveLength(23);
    expect(departements.find((d) => d.code === '41')!.children.map((b) => b.name)).toEqual([
      'Blois',
      'Romorantin-Lanthenay',
      'Vendôme',
    ]);
  });

  it('GET /api/territories/:id gives a territory with its ancestors and children', async () => {
    const tree = (await t.http().get('/api/territories')).body as TerritoryTreeNode[];
    const cher = tree[0].children.find((d) => d.code === '18')!;
    const vierzon = cher.children.find((b) => b.name === 'Vierzon')!;

    const detail = (await t.http().get(`/api/territories/${vierzon.id}`).expect(200))
      .body as TerritoryDetailResponse;
    expect(detail.ancestors.map((a) => a.name)).toEqual(['Centre-Val de Loire', 'Cher']);
    expect(detail.children).toEqual([]);

    const cherDetail = (await t.http().get(`/api/territories/${cher.id}`).expect(200))
      .body as TerritoryDetailResponse;
    expect(cherDetail).toMatchObject({ name: 'Cher', population: 298660, inseeCode: '18' });
    expect(cherDetail.children.map((c) => c.name)).toEqual([
      'Aubigny-sur-Nère',
      'Bourges',
      'Saint-Amand-Montrond',
      'Vierzon',
    ]);
    expect(cherDetail.childrenPopulation).toBeNull();
  });

  it('answers a malformed id with 400 naming the field, an unknown one with 404, both JSON', async () => {
    const bad = await t
      .http()
      .get('/api/territories/not-a-uuid')
      .expect(400)
      .expect('content-type', /json/);
    expect(bad.body).toMatchObject({
      statusCode: 400,
      error: 'bad_request',
      fields: [{ field: 'params.id', code: 'isUuid', reason: 'id must be a UUID' }],
    });
    expect(JSON.stringify(bad.body)).not.toMatch(/at \w+ \(/); // no stack trace

    const unknown = await t
      .http()
      .get('/api/territories/6f1c0d3e-1111-4111-8111-111111111111')
      .expect(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, error: 'not_found' });
    expect(unknown.body.requestId).toEqual(unknown.headers['x-request-id']);
  });

  it('loads another region from a data file, and loading it again updates instead of duplicating', async () => {
    const service = t.app.get(TerritoriesService);
    const bretagne = {
      format: 'permanente.territories/1',
      root: {
        code: '53',
        inseeCode: '53',
        name: 'Bretagne',
        level: 'region',
        population: 3453023,
        children: [
          {
            code: '29',
            inseeCode: '29',
            name: 'Finistère',
            level: 'departement',
            population: 929286,
            children: [{ code: 'bv-29-brest', name: 'Brest', level: 'bassin_de_vie' }],
          },
          {
            code: '35',
            inseeCode: '35',
            name: 'Ille-et-Vilaine',
            level: 'departement',
            population: 1122951,
          },
        ],
      },
    };
    expect(await service.importFile(bretagne)).toEqual({ created: 4, updated: 0 });
    bretagne.root.children[1].population = 1130000;
    expect(await service.importFile(bretagne)).toEqual({ created: 0, updated: 4 });

    const roots = (await t.http().get('/api/territories')).body as TerritoryTreeNode[];
    expect(roots.map((r) => r.name)).toEqual(['Bretagne', 'Centre-Val de Loire']);
    expect(roots[0].children.find((d) => d.code === '35')!.population).toBe(1130000);
    expect(flatten(roots)).toHaveLength(30 + 4);
  });

  it('refuses an invalid data file whole, listing its problems, and writes nothing', async () => {
    const service = t.app.get(TerritoriesService);
    const [{ count: before }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM territories`,
    );
    const broken = {
      format: 'permanente.territories/1',
      root: {
        code: '99',
        name: 'Nowhere',
        level: 'region',
        children: [
          { code: '99-a', name: 'A', level: 'departement', population: -3 },
          { code: '99-b', name: '', level: 'bassin_de_vie' },
        ],
      },
    };
    const error = await service.importFile(broken).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TerritoryFileError);
    expect((error as TerritoryFileError).problems).toEqual([
      'root.children[0] (99-a): "population" must be a whole number of inhabitants or null',
      'root.children[1] (99-b): "name" must be a non-empty text of at most 200 characters',
      'root.children[1] (99-b): a bassin_de_vie cannot be inside a region',
    ]);
    const [{ count: after }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM territories`,
    );
    expect(after).toBe(before);
  });

  it('rolls the whole import back when the database refuses a row', async () => {
    const service = t.app.get(TerritoriesService);
    // Passes the file checks but breaks a database rule half-way (a code longer than the
    // region's own code is fine; a NUL byte in a name is refused by PostgreSQL).
    const file = {
      format: 'permanente.territories/1',
      root: {
        code: '98',
        name: 'Rollback region',
        level: 'region',
        children: [
          { code: '98-a', name: 'Fine', level: 'departement' },
          { code: '98-b', name: 'Bad\u0000name', level: 'departement' },
        ],
      },
    };
    await expect(service.importFile(file)).rejects.toThrow();
    const rows = await t.dataSource.query(`SELECT code FROM territories WHERE code LIKE '98%'`);
    expect(rows).toEqual([]);
  });

  describe('the territory tree queries (territories.repository.ts)', () => {
    const idOf = async (code: string): Promise<string> =>
      (await t.dataSource.query(`SELECT id FROM territories WHERE code = $1`, [code]))[0].id;
    const codesOf = async (ids: string[]): Promise<string[]> =>
      (
        await t.dataSource.query(
          `SELECT code FROM territories WHERE id = ANY($1::uuid[]) ORDER BY code`,
          [ids],
        )
      ).map((row: { code: string }) => row.code);
    const tree = async (): Promise<TerritoryTreeNode[]> =>
      (await t.http().get('/api/territories').expect(200)).body;

    it('descendantIds gives the territories and everything under them, each once', async () => {
      const repository = t.app.get(TerritoriesRepository);
      const cher = await idOf('18');
      const loiret = await idOf('45');
      const cherCodes = await codesOf(await repository.descendantIds([cher]));
      // Cher and its own bassins de vie, nothing of a neighbour.
      const [{ bassins }] = await t.dataSource.query(
        `SELECT count(*)::int AS bassins FROM territories WHERE parent_id = $1`,
        [cher],
      );
      expect(cherCodes).toContain('18');
      expect(cherCodes).toHaveLength(1 + bassins);
      expect(cherCodes).not.toContain('45');
      const both = await repository.descendantIds([cher, loiret, cher]);
      expect(new Set(both).size).toBe(both.length);
      expect(await codesOf(both)).toEqual(
        [...cherCodes, ...(await codesOf(await repository.descendantIds([loiret])))].sort(),
      );
      const region = (await tree()).find((root) => root.name === 'Centre-Val de Loire')!;
      expect(await repository.descendantIds([region.id])).toHaveLength(30);
    });

    it('descendantsOf splices only its placeholder into a query and keeps the value apart', async () => {
      const cher = await idOf('18');
      const [{ inside }] = await t.dataSource.query(
        `SELECT count(*)::int AS inside FROM territories WHERE id IN ${descendantsOf('$1')}`,
        [cher],
      );
      expect(inside).toBe((await t.app.get(TerritoriesRepository).descendantIds([cher])).length);
      expect(descendantsOf('$3')).toContain('id = $3');
      expect(descendantsOf({ anyOf: '$2' })).toContain('id = ANY($2::uuid[])');
    });

    it('descendants filters by level, ordered by code; isWithin and lineage climb the tree', async () => {
      const repository = t.app.get(TerritoriesRepository);
      const region = (await tree()).find((root) => root.name === 'Centre-Val de Loire')!;
      const departements = await repository.descendants(region.id, ['departement']);
      expect(departements.map((d) => d.code)).toEqual(['18', '28', '36', '37', '41', '45']);
      expect(departements.every((d) => d.parent_id === region.id)).toBe(true);
      // By name on request (as the database sorts names), which is not the order of the codes.
      const bassins = await repository.descendants(region.id, ['bassin_de_vie'], undefined, 'name');
      const [{ names }] = await t.dataSource.query(
        `SELECT array_agg(name ORDER BY name) AS names FROM territories WHERE id = ANY($1::uuid[])`,
        [bassins.map((b) => b.id)],
      );
      expect(bassins).toHaveLength(23);
      expect(bassins.map((b) => b.name)).toEqual(names);
      expect(bassins.map((b) => b.code)).not.toEqual(bassins.map((b) => b.code).sort());
      const bassin = region.children.find((d) => d.code === '41')!.children[0];
      expect(await repository.isWithin(bassin.id, [await idOf('41')])).toBe(true);
      expect(await repository.isWithin(bassin.id, [region.id])).toBe(true);
      expect(await repository.isWithin(bassin.id, [await idOf('18')])).toBe(false);
      expect(await repository.isWithin(region.id, [await idOf('41')])).toBe(false);
      expect((await repository.lineage(bassin.id)).map((l) => l.level)).toEqual([
        'region',
        'departement',
        'bassin_de_vie',
      ]);
      expect(await repository.levelOf(bassin.id)).toBe('bassin_de_vie');
      expect(await repository.levelOf('00000000-0000-4000-8000-000000000000')).toBeNull();
    });
  });
});
