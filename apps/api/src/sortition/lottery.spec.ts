import fc from 'fast-check';
import { SortitionInputError } from './errors';
import { publicLottery } from './lottery';

describe('publicLottery', () => {
  const names = ['Alice', 'Bruno', 'Chloé', 'Driss', 'Élodie', 'Fatou', 'Gaël', 'Hugo'];

  it('draws the requested number of distinct names from the list', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 30 }),
        fc.nat(),
        fc.string({ minLength: 1 }),
        (list, n, seed) => {
          const count = n % (list.length + 1);
          const { drawn } = publicLottery({ names: list, count, seed });
          expect(drawn).toHaveLength(count);
          expect(new Set(drawn).size).toBe(count);
          for (const name of drawn) expect(list).toContain(name);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('depends on the seed and the set of names, not on their order', () => {
    const a = publicLottery({ names, count: 3, seed: 'seed' });
    const b = publicLottery({ names: [...names].reverse(), count: 3, seed: 'seed' });
    expect(b).toEqual(a);
    const others = new Set(
      Array.from({ length: 20 }, (_, i) =>
        publicLottery({ names, count: 3, seed: `seed ${i}` }).drawn.join(),
      ),
    );
    expect(others.size).toBeGreaterThan(15);
  });

  it('keeps its published result (changing it needs a new algorithm version)', () => {
    expect(publicLottery({ names, count: 3, seed: 'golden seed' }).drawn).toEqual(GOLDEN);
  });

  it('gives every name the same chance', () => {
    const counts = new Map<string, number>();
    const draws = 4000;
    for (let i = 0; i < draws; i += 1) {
      for (const name of publicLottery({ names, count: 2, seed: `u${i}` }).drawn) {
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
    }
    const expected = (draws * 2) / names.length;
    const chi2 = names.reduce(
      (s, name) => s + ((counts.get(name) ?? 0) - expected) ** 2 / expected,
      0,
    );
    expect(chi2).toBeLessThan(24.3); // 7 degrees of freedom, p = 0.001
  });

  it('rejects duplicates, bad counts and empty seeds', () => {
    expect(() => publicLottery({ names: ['a', 'a'], count: 1, seed: 's' })).toThrow(
      SortitionInputError,
    );
    expect(() => publicLottery({ names, count: 9, seed: 's' })).toThrow('count');
    expect(() => publicLottery({ names, count: 1, seed: '' })).toThrow('seed');
  });
});

const GOLDEN = ['Bruno', 'Driss', 'Chloé'];
