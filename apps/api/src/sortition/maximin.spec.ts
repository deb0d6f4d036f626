import { drawFromDistribution, selectPanel } from './draw';
import { estimateGreedyProbabilities } from './greedy';
import { computeDistribution, roundToScale } from './maximin';
import { canonicalInstanceJson, panelSatisfiesQuotas } from './problem';
import { Sha256Prng } from './prng';
import { getHighs } from './solver';
import { bruteMaximin } from './testing/brute-force';
import {
  PROBABILITY_SCALE,
  type PanelDistribution,
  type Quota,
  type SortitionInstance,
  type Volunteer,
} from './types';

function people(prefix: string, count: number, features: Record<string, string>): Volunteer[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${String(i + 1).padStart(2, '0')}`,
    features,
  }));
}

/**
 * Everyone can have the same chance: 1 young woman, 19 old women, 19 young men, 1 old man;
 * 4 seats with 2 women, 2 men, 2 young, 2 old. Use the rare pair in 20 % of the panels and all
 * 40 have 4/40 = 0.1.
 */
const balanced: SortitionInstance = {
  pool: [
    ...people('young-woman', 1, { gender: 'woman', age: 'young' }),
    ...people('old-woman', 19, { gender: 'woman', age: 'old' }),
    ...people('young-man', 19, { gender: 'man', age: 'young' }),
    ...people('old-man', 1, { gender: 'man', age: 'old' }),
  ],
  panelSize: 4,
  quotas: [
    { feature: 'gender', value: 'woman', min: 2, max: 2 },
    { feature: 'gender', value: 'man', min: 2, max: 2 },
    { feature: 'age', value: 'young', min: 2, max: 2 },
    { feature: 'age', value: 'old', min: 2, max: 2 },
  ],
};

/**
 * Where greedy is unfair: 2 seats, exactly 1 woman and exactly 1 young person; 1 young woman and
 * 10 each of old women, young men, old men. The panels are {young woman, old man} or
 * {old woman, young man}. Greedy takes the young woman only 1 time in 11, so old men get
 * ~0.009; maximin uses each kind of panel half of the time: 0.05 for everyone but her.
 */
const unfairForGreedy: SortitionInstance = {
  pool: [
    ...people('young-woman', 1, { gender: 'woman', age: 'young' }),
    ...people('old-woman', 10, { gender: 'woman', age: 'old' }),
    ...people('young-man', 10, { gender: 'man', age: 'young' }),
    ...people('old-man', 10, { gender: 'man', age: 'old' }),
  ],
  panelSize: 2,
  quotas: [
    { feature: 'gender', value: 'woman', min: 1, max: 1 },
    { feature: 'age', value: 'young', min: 1, max: 1 },
  ],
};

/** A mid-sized instance: 3 features, 120 volunteers, 12 seats, skewed pool. */
function mediumInstance(): SortitionInstance {
  const prng = Sha256Prng.fromParts(['maximin.spec medium pool']);
  const pick = (values: string[], weights: number[]) => {
    let u = prng.nextFloat() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < values.length; i += 1) {
      if (u < weights[i]) return values[i];
      u -= weights[i];
    }
    return values[values.length - 1];
  };
  const pool = Array.from({ length: 120 }, (_, i) => ({
    id: `p${String(i).padStart(3, '0')}`,
    features: {
      gender: pick(['woman', 'man'], [0.45, 0.55]),
      age: pick(['18-34', '35-64', '65+'], [0.15, 0.45, 0.4]),
      area: pick(['urban', 'rural'], [0.7, 0.3]),
    },
  }));
  const quotas: Quota[] = [
    { feature: 'gender', value: 'woman', min: 6, max: 6 },
    { feature: 'gender', value: 'man', min: 6, max: 6 },
    { feature: 'age', value: '18-34', min: 3, max: 4 },
    { feature: 'age', value: '35-64', min: 4, max: 5 },
    { feature: 'age', value: '65+', min: 3, max: 4 },
    { feature: 'area', value: 'urban', min: 7, max: 8 },
    { feature: 'area', value: 'rural', min: 4, max: 5 },
  ];
  return { pool, panelSize: 12, quotas };
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

describe('computeDistribution (maximin and leximin by column generation)', () => {
  let medium: SortitionInstance;
  let distribution: PanelDistribution;

  beforeAll(async () => {
    medium = mediumInstance();
    distribution = await computeDistribution(medium);
  });

  it('gives everyone the same chance when the quotas allow it', async () => {
    const maximin = await computeDistribution(balanced);
    for (const p of maximin.selectionProbabilities.values()) expect(p).toBeCloseTo(0.1, 6);
    expect(maximin.stats.converged).toBe(true);
  });

  it('raises the lowest probability above the greedy baseline where greedy is unfair', async () => {
    const maximin = await computeDistribution(unfairForGreedy);
    expect(maximin.minimumProbability).toBeCloseTo(0.05, 6);
    expect(maximin.selectionProbabilities.get('young-woman-01')).toBeCloseTo(0.5, 6);

    const greedy = estimateGreedyProbabilities(unfairForGreedy, { runs: 3000, seed: 'test' });
    expect(greedy.failedRuns).toBe(0);
    expect(greedy.selectionProbabilities.get('old-man-01')).toBeLessThan(0.02); // exactly 1/110
    expect(greedy.minimumProbability).toBeLessThan(maximin.minimumProbability - 0.03);
  });

  it('matches the full LP over every feasible panel (no column generation, no profiles)', async () => {
    const highs = await getHighs();
    const small: SortitionInstance = {
      pool: [
        ...people('a', 2, { g: 'w', h: 'x' }),
        ...people('b', 3, { g: 'w', h: 'y' }),
        ...people('c', 4, { g: 'm', h: 'x' }),
        ...people('d', 1, { g: 'm', h: 'y' }),
        ...people('e', 2, { g: 'm' }),
      ],
      panelSize: 5,
      quotas: [
        { feature: 'g', value: 'w', min: 2, max: 3 },
        { feature: 'h', value: 'y', min: 2, max: 2 },
        { feature: 'h', value: 'x', min: 1, max: 3 },
      ],
    };
    const result = await computeDistribution(small);
    expect(result.minimumProbability).toBeCloseTo(bruteMaximin(highs, small), 6);
  });

  it('with leximin, equalises what maximin leaves free', async () => {
    // One seat goes to one of 30 "z" people (1/30 each: the minimum); the other seat to one of
    // the 5 "w" or 5 "v" people. Maximin only needs each of them above 1/30; leximin gives 0.1.
    const instance: SortitionInstance = {
      pool: [
        ...people('z', 30, { g: 'z' }),
        ...people('w', 5, { g: 'w' }),
        ...people('v', 5, { g: 'v' }),
      ],
      panelSize: 2,
      quotas: [{ feature: 'g', value: 'z', min: 1, max: 1 }],
    };
    const maximin = await computeDistribution(instance, { fairness: 'maximin' });
    expect(maximin.fairness).toBe('maximin');
    expect(maximin.stats.stages).toBe(1);
    expect(maximin.minimumProbability).toBeCloseTo(1 / 30, 8);

    const leximin = await computeDistribution(instance, { fairness: 'leximin' });
    expect(leximin.fairness).toBe('leximin');
    expect(leximin.stats.stages).toBeGreaterThan(1);
    expect(leximin.minimumProbability).toBeCloseTo(1 / 30, 8);
    for (const [id, p] of leximin.selectionProbabilities) {
      expect(p).toBeCloseTo(id.startsWith('z') ? 1 / 30 : 0.1, 7);
    }
    expect(leximin.distributionDigest).not.toBe(maximin.distributionDigest);
  });

  it('with leximin, keeps the maximin minimum and sorts probabilities no worse', async () => {
    const maximin = await computeDistribution(medium, { fairness: 'maximin' });
    expect(distribution.fairness).toBe('leximin'); // the default
    expect(distribution.minimumProbability).toBeCloseTo(maximin.minimumProbability, 7);
    const sorted = (d: PanelDistribution) =>
      [...d.selectionProbabilities.values()].sort((a, b) => a - b);
    const lexi = sorted(distribution);
    const maxi = sorted(maximin);
    // Leximin's sorted vector is lexicographically at least maximin's.
    const firstDifference = lexi.findIndex((p, i) => Math.abs(p - maxi[i]) > 1e-7);
    if (firstDifference >= 0) expect(lexi[firstDifference]).toBeGreaterThan(maxi[firstDifference]);
  });

  it('has probabilities summing to the panel size, each in [0, 1]', () => {
    const probabilities = [...distribution.selectionProbabilities.values()];
    expect(probabilities).toHaveLength(medium.pool.length);
    expect(sum(probabilities)).toBeCloseTo(medium.panelSize, 6);
    for (const p of probabilities) {
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1 + 1e-12);
    }
    expect(sum(distribution.compositions.map((c) => c.weight))).toBe(PROBABILITY_SCALE);
    expect(distribution.minimumProbability).toBe(Math.min(...probabilities));
  });

  it('proves its minimum is within the tolerance of the best possible', () => {
    const { stats } = distribution;
    expect(stats.converged).toBe(true);
    expect(stats.upperBound - stats.lowerBound).toBeLessThanOrEqual(1e-6);
    // Leximin keeps the first stage's minimum (up to its 1e-8 fixing slack and the rounding).
    expect(Math.abs(distribution.minimumProbability - stats.lowerBound)).toBeLessThan(1e-7);
  });

  it('only uses quota-satisfying panels', () => {
    for (let i = 0; i < 200; i += 1) {
      const draw = drawFromDistribution(distribution, `seed ${i}`);
      expect(panelSatisfiesQuotas(medium, draw.panel)).toBe(true);
    }
  });

  it('gives volunteers with the same profile the same probability', () => {
    for (const profile of distribution.profiles) {
      const values = profile.memberIds.map((id) => distribution.selectionProbabilities.get(id));
      expect(new Set(values).size).toBe(1);
    }
  });

  it('does not depend on the order of the pool, the quotas or the feature keys', async () => {
    const prng = Sha256Prng.fromParts(['shuffle']);
    const shuffled: SortitionInstance = {
      pool: prng.sample(medium.pool, medium.pool.length).map((v) => ({
        id: v.id,
        features: Object.fromEntries(Object.entries(v.features).reverse()),
      })),
      panelSize: medium.panelSize,
      quotas: [...medium.quotas].reverse(),
    };
    expect(canonicalInstanceJson(shuffled)).toBe(canonicalInstanceJson(medium));
    const again = await computeDistribution(shuffled);
    expect(again.instanceDigest).toBe(distribution.instanceDigest);
    expect(again.distributionDigest).toBe(distribution.distributionDigest);
    expect(drawFromDistribution(again, 'seed').panel).toEqual(
      drawFromDistribution(distribution, 'seed').panel,
    );
  });

  it('reports volunteers who are in no feasible panel, with probability 0', async () => {
    // Two seats for women at most, all of them must be young: old women can never sit.
    const result = await computeDistribution({
      pool: [
        ...people('yw', 3, { gender: 'woman', age: 'young' }),
        ...people('ow', 3, { gender: 'woman', age: 'old' }),
        ...people('ym', 3, { gender: 'man', age: 'young' }),
      ],
      panelSize: 4,
      quotas: [
        { feature: 'gender', value: 'woman', min: 2, max: 2 },
        { feature: 'age', value: 'young', min: 4, max: 4 },
      ],
    });
    expect(result.unselectableIds).toEqual(['ow-01', 'ow-02', 'ow-03']);
    expect(result.selectionProbabilities.get('ow-01')).toBe(0);
    expect(result.minimumProbability).toBeCloseTo(2 / 3, 6);
  });
});

describe('drawing', () => {
  let distribution: PanelDistribution;
  const instance = mediumInstance();

  beforeAll(async () => {
    distribution = await computeDistribution(instance);
  });

  it('gives the same panel for the same inputs and seed, bit for bit', async () => {
    const first = await selectPanel({ ...instance, seed: '2026-03-14 Loto 12 27 33 41 45' });
    const second = await selectPanel({ ...instance, seed: '2026-03-14 Loto 12 27 33 41 45' });
    expect(second.panel).toEqual(first.panel);
    expect(second.drawn).toEqual(first.drawn);
    expect(second.ticket).toBe(first.ticket);
    expect(first.panel).toHaveLength(instance.panelSize);
    expect(new Set(first.panel).size).toBe(instance.panelSize);
    expect(panelSatisfiesQuotas(instance, first.panel)).toBe(true);
  });

  it('keeps its published result (changing it needs a new algorithm version)', () => {
    const draw = drawFromDistribution(distribution, 'golden seed');
    expect({ ticket: draw.ticket, panel: draw.panel }).toEqual(GOLDEN_DRAW);
  });

  it('gives generally different panels for different seeds', () => {
    const panels = new Set<string>();
    for (let i = 0; i < 50; i += 1) {
      panels.add(drawFromDistribution(distribution, `seed ${i}`).panel.join(','));
    }
    expect(panels.size).toBeGreaterThan(40);
  });

  it('draws each volunteer about as often as the computed probability, over many seeds', () => {
    const draws = 4000;
    const counts = new Map<string, number>();
    for (let i = 0; i < draws; i += 1) {
      for (const id of drawFromDistribution(distribution, `frequency ${i}`).drawn) {
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    }
    // Per profile (members are exchangeable) the count is binomial-like: allow 5 standard errors.
    for (const profile of distribution.profiles) {
      const p = distribution.selectionProbabilities.get(profile.memberIds[0]) ?? 0;
      const n = profile.memberIds.length;
      const observed = sum(profile.memberIds.map((id) => counts.get(id) ?? 0)) / (draws * n);
      const standardError = Math.sqrt((p * (1 - p)) / (draws * n)) + 1e-9;
      expect(Math.abs(observed - p)).toBeLessThanOrEqual(5 * standardError + 0.002);
    }
  });

  it('rejects an empty seed', () => {
    expect(() => drawFromDistribution(distribution, '')).toThrow('seed');
  });
});

describe('roundToScale', () => {
  it('keeps the sum exact with the largest remainders', () => {
    expect(roundToScale([1 / 3, 1 / 3, 1 / 3])).toEqual([333_333_334, 333_333_333, 333_333_333]);
    expect(roundToScale([0.5, 0.5 + 1e-12, -1e-15])).toEqual([500_000_000, 500_000_000, 0]);
  });
});

/** Pinned result of drawFromDistribution(mediumInstance, 'golden seed'). */
const GOLDEN_DRAW = {
  ticket: 354072553,
  panel: [
    'p009',
    'p020',
    'p022',
    'p052',
    'p055',
    'p072',
    'p084',
    'p098',
    'p104',
    'p106',
    'p115',
    'p117',
  ],
};
