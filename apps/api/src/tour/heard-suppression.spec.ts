import type { TerritoryRow } from '../territories/territories.repository';
import { emptyTally, heardTerritory, publicSuppression } from './heard-figures';
import { isSmall, recoverable, suppress, type SumConstraint } from './heard-suppression';

/** A deterministic pseudo-random generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a reader can work out by subtraction from one sum with a single hidden cell. */
function bySubtraction(
  counts: Map<string, number>,
  hidden: Set<string>,
  constraints: SumConstraint[],
): string[] {
  return constraints.flatMap((c) => {
    const hiddenHere = [c.total, ...c.parts].filter((key) => hidden.has(key));
    return hiddenHere.length === 1 ? hiddenHere : [];
  });
}

describe('complementary suppression', () => {
  it('hides the smallest sibling of a lone hidden bassin, so the département gives nothing away', () => {
    const counts = new Map([
      ['dep', 4 + 25 + 12 + 30],
      ['bv-a', 4],
      ['bv-b', 25],
      ['bv-c', 12],
      ['bv-d', 30],
    ]);
    const constraints = [{ total: 'dep', parts: ['bv-a', 'bv-b', 'bv-c', 'bv-d'] }];
    const hidden = suppress(counts, constraints);
    expect([...hidden].sort()).toEqual(['bv-a', 'bv-c']);
    expect(recoverable(hidden, constraints)).toEqual([]);
    expect(bySubtraction(counts, hidden, constraints)).toEqual([]);
  });

  it('climbs up the tree: a small département hides its sibling in the region', () => {
    const counts = new Map([
      ['region', 40],
      ['dep-1', 5],
      ['dep-2', 35],
      ['bv-1', 5],
      ['bv-2', 0],
    ]);
    const constraints = [
      { total: 'region', parts: ['dep-1', 'dep-2'] },
      { total: 'dep-1', parts: ['bv-1', 'bv-2'] },
    ];
    const hidden = suppress(counts, constraints);
    // bv-1 and dep-1 are small (two hidden in dep-1's sum: enough); dep-2 goes with dep-1
    // one level up (region = dep-1 + dep-2).
    expect(hidden).toEqual(new Set(['bv-1', 'dep-1', 'dep-2']));
    expect(recoverable(hidden, constraints)).toEqual([]);
  });

  it('finds a cell pinned down by several sums together (a table with margins both ways)', () => {
    // Two rows × two columns with their totals, one small cell.
    const counts = new Map([
      ['a1', 3],
      ['a2', 40],
      ['b1', 50],
      ['b2', 60],
      ['a', 43],
      ['b', 110],
      ['1', 53],
      ['2', 100],
    ]);
    const constraints = [
      { total: 'a', parts: ['a1', 'a2'] },
      { total: 'b', parts: ['b1', 'b2'] },
      { total: '1', parts: ['a1', 'b1'] },
      { total: '2', parts: ['a2', 'b2'] },
    ];
    const hidden = suppress(counts, constraints);
    expect(hidden.has('a1')).toBe(true);
    // The classic rectangle: a1, a2, b1, b2.
    expect(hidden).toEqual(new Set(['a1', 'a2', 'b1', 'b2']));
    expect(recoverable(hidden, constraints)).toEqual([]);
    // Hiding a1 and b1 only would leave a1 = a − a2.
    expect(recoverable(new Set(['a1', 'b1']), constraints)).toEqual(['a1', 'b1']);
  });

  it('leaves no hidden cell recoverable in random territory trees with margins', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const next = random(seed);
      const categories = ['x', 'y', 'z'];
      const bassins = ['b1', 'b2', 'b3', 'b4'].slice(0, 2 + Math.floor(next() * 3));
      const counts = new Map<string, number>();
      const constraints: SumConstraint[] = [];
      const draw = () => (next() < 0.3 ? 0 : Math.floor(next() * 25));
      for (const bassin of bassins) {
        for (const category of categories) counts.set(`${bassin}/${category}`, draw());
        counts.set(
          `${bassin}/all`,
          categories.reduce((sum, c) => sum + counts.get(`${bassin}/${c}`)!, 0),
        );
        constraints.push({
          total: `${bassin}/all`,
          parts: categories.map((c) => `${bassin}/${c}`),
        });
      }
      // The département: its bassins plus what was heard at its own level (a known rest).
      for (const key of [...categories, 'all']) {
        const rest = key === 'all' ? 0 : draw();
        counts.set(
          `dep/${key}`,
          rest + bassins.reduce((sum, b) => sum + counts.get(`${b}/${key}`)!, 0),
        );
        constraints.push({ total: `dep/${key}`, parts: bassins.map((b) => `${b}/${key}`) });
      }
      constraints.push({ total: 'dep/all', parts: categories.map((c) => `dep/${c}`) });
      const depAll = categories.reduce((sum, c) => sum + counts.get(`dep/${c}`)!, 0);
      counts.set('dep/all', depAll);

      const hidden = suppress(counts, constraints);
      for (const [key, n] of counts) if (isSmall(n)) expect(hidden.has(key)).toBe(true);
      expect({ seed, recoverable: recoverable(hidden, constraints) }).toEqual({
        seed,
        recoverable: [],
      });
      expect({ seed, subtraction: bySubtraction(counts, hidden, constraints) }).toEqual({
        seed,
        subtraction: [],
      });
    }
  });
});

describe('public figures over the territory tree', () => {
  const row = (id: string, parent: string | null): TerritoryRow => ({
    id,
    code: id,
    name: id,
    level: parent ? 'bassin_de_vie' : 'departement',
    population: 1000,
    parent_id: parent,
  });
  const tally = (female: number, male: number) => ({
    ...emptyTally(),
    participants: female + male,
    gender: new Map([
      ['female', female],
      ['male', male],
    ]),
  });

  it('hides a sibling bassin’s cell too, so the département minus the shown bassin reveals nothing', () => {
    const territories = [row('dep', null), row('bv-a', 'dep'), row('bv-b', 'dep')];
    const tallies = new Map([
      ['dep', tally(4 + 15, 12 + 20)],
      ['bv-a', tally(4, 12)],
      ['bv-b', tally(15, 20)],
    ]);
    const hidden = publicSuppression(territories, tallies);
    const gender = (id: string) =>
      heardTerritory(
        territories.find((t) => t.id === id)!,
        tallies.get(id)!,
        undefined,
        true,
        hidden.get(id),
      ).margins[1];
    expect(gender('bv-a').cells.map((c) => c.count)).toEqual([null, 12, 0]);
    // Without the complement, dep − bv-b would give bv-a's 4 women.
    expect(gender('bv-b').cells.map((c) => c.count)).toEqual([null, 20, 0]);
    expect(gender('dep').cells.map((c) => c.count)).toEqual([19, 32, 0]);
    expect(gender('bv-b').answered).toBeNull();
    expect(gender('dep').answered).toBe(51);
  });
});
