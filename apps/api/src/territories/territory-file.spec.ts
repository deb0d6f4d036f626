import centreValDeLoire from './data/centre-val-de-loire.territories.json';
import { parseTerritoryFile, TerritoryFileError } from './territory-file';

function problemsOf(input: unknown): string[] {
  try {
    parseTerritoryFile(input);
  } catch (error) {
    if (error instanceof TerritoryFileError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseTerritoryFile', () => {
  it('flattens the bundled region with parents before children', () => {
    const { territories } = parseTerritoryFile(centreValDeLoire);
    expect(territories).toHaveLength(1 + 6 + 23);
    const position = new Map(territories.map((t, index) => [t.code, index]));
    for (const territory of territories) {
      if (territory.parentCode)
        expect(position.get(territory.parentCode)!).toBeLessThan(position.get(territory.code)!);
    }
    expect(
      territories
        .filter((t) => t.level === 'departement')
        .every((t) => t.inseeCode && t.population),
    ).toBe(true);
  });

  it('names every problem with its place in the file', () => {
    expect(problemsOf([])).toEqual(['the file must hold a JSON object']);
    expect(problemsOf({ format: 'x', root: null })).toEqual([
      '"format" must be "permanente.territories/1"',
      '"root" must be an object (the widest territory)',
    ]);
    expect(
      problemsOf({
        format: 'permanente.territories/1',
        root: {
          code: 'R',
          name: 'Region',
          level: 'region',
          children: [
            { code: 'R', name: 'Twin', level: 'departement' },
            { code: 'D', name: 'D', level: 'commune' },
            { code: 'E', name: 'E', level: 'departement', population: 1.5, children: 'none' },
          ],
        },
      }),
    ).toEqual([
      'root.children[0] (R): "code" R appears more than once',
      'root.children[1] (D): "level" must be one of region, departement, bassin_de_vie',
      'root.children[2] (E): "population" must be a whole number of inhabitants or null',
      'root.children[2] (E): "children" must be a list',
    ]);
  });
});
