import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { Sha256Prng, compareCodeUnits, hashParts } from './prng';

describe('Sha256Prng', () => {
  it('is SHA-256(key ‖ counter) read as big-endian 32-bit words', () => {
    const key = createHash('sha256').update('key').digest();
    const prng = new Sha256Prng(key);
    const block0 = createHash('sha256').update(key).update(Buffer.alloc(8)).digest();
    const counter1 = Buffer.alloc(8);
    counter1.writeBigUInt64BE(1n);
    const block1 = createHash('sha256').update(key).update(counter1).digest();
    const words = Array.from({ length: 9 }, () => prng.nextUint32());
    expect(words.slice(0, 8)).toEqual(
      Array.from({ length: 8 }, (_, i) => block0.readUInt32BE(4 * i)),
    );
    expect(words[8]).toBe(block1.readUInt32BE(0));
  });

  it('keeps its published outputs (changing them needs a new algorithm version)', () => {
    const prng = Sha256Prng.fromParts(['permanente', 'test vector']);
    // Checked against an independent Python implementation (hashlib + struct).
    expect(hashParts(['permanente', 'test vector']).toString('hex')).toBe(
      'f5f97e4fff5e12f961abb6e9b17bf37669c6dd519eac0593bd19330fde9b07e8',
    );
    expect([prng.nextUint32(), prng.uniformInt(1000), prng.nextFloat()]).toEqual([
      3539970575, 689, 0.2503115469950985,
    ]);
  });

  it('separates its parts unambiguously', () => {
    expect(hashParts(['ab', 'c']).equals(hashParts(['a', 'bc']))).toBe(false);
    expect(hashParts(['a', '']).equals(hashParts(['a']))).toBe(false);
  });

  it('draws integers in range, floats in [0, 1), samples without repetition', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 2 ** 32 }), (seed, n) => {
        const prng = Sha256Prng.fromParts([seed]);
        for (let i = 0; i < 20; i += 1) {
          const x = prng.uniformInt(n);
          expect(Number.isInteger(x) && x >= 0 && x < n).toBe(true);
          const f = prng.nextFloat();
          expect(f >= 0 && f < 1).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 30 }), (seed, size) => {
        const items = Array.from({ length: size }, (_, i) => i);
        const count = Sha256Prng.fromParts([seed, 'count']).uniformInt(size + 1);
        const sample = Sha256Prng.fromParts([seed]).sample(items, count);
        expect(sample).toHaveLength(count);
        expect(new Set(sample).size).toBe(count);
      }),
      { numRuns: 200 },
    );
  });

  it('is uniform enough: a chi-squared test on 60,000 draws among 6', () => {
    const prng = Sha256Prng.fromParts(['uniformity']);
    const counts = new Array<number>(6).fill(0);
    const draws = 60_000;
    for (let i = 0; i < draws; i += 1) counts[prng.uniformInt(6)] += 1;
    const expected = draws / 6;
    const chi2 = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(20.5); // 5 degrees of freedom, p = 0.001
  });

  it('rejects invalid arguments', () => {
    const prng = Sha256Prng.fromParts(['x']);
    expect(() => prng.uniformInt(0)).toThrow(RangeError);
    expect(() => prng.uniformInt(1.5)).toThrow(RangeError);
    expect(() => prng.sample([1, 2], 3)).toThrow(RangeError);
    expect(() => new Sha256Prng(Buffer.alloc(3))).toThrow();
  });
});

describe('compareCodeUnits', () => {
  it('orders by UTF-16 code units, whatever the locale', () => {
    expect(['é', 'e', 'Z', 'a', 'É'].sort(compareCodeUnits)).toEqual(['Z', 'a', 'e', 'É', 'é']);
  });
});
