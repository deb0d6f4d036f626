import { InfeasibleQuotasError, SortitionInputError } from './errors';
import { checkFeasibility } from './feasibility';
import { computeDistribution } from './maximin';
import { selectPanel } from './draw';
import type { Quota, SortitionInstance, Volunteer } from './types';

/** `count` volunteers with the given features, ids prefix-1, prefix-2... */
function people(prefix: string, count: number, features: Record<string, string>): Volunteer[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i + 1}`, features }));
}

const pool: Volunteer[] = [
  ...people('ow', 30, { gender: 'woman', age: 'old' }),
  ...people('ym', 30, { gender: 'man', age: 'young' }),
  ...people('om', 30, { gender: 'man', age: 'old' }),
];

async function expectInfeasible(instance: SortitionInstance): Promise<InfeasibleQuotasError> {
  const report = await checkFeasibility(instance);
  expect(report.feasible).toBe(false);
  const error = await computeDistribution(instance).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InfeasibleQuotasError);
  await expect(selectPanel({ ...instance, seed: 'any' })).rejects.toBeInstanceOf(
    InfeasibleQuotasError,
  );
  expect((error as InfeasibleQuotasError).issues).toEqual(report.issues);
  return error as InfeasibleQuotasError;
}

describe('checkFeasibility', () => {
  it('accepts feasible quotas', async () => {
    const report = await checkFeasibility({
      pool,
      panelSize: 10,
      quotas: [
        { feature: 'gender', value: 'woman', min: 4, max: 6 },
        { feature: 'age', value: 'young', min: 3, max: 5 },
      ],
    });
    expect(report).toEqual({ feasible: true, issues: [] });
  });

  it('names a quota whose min exceeds the panel size (60 women for 50 seats)', async () => {
    const women: Quota = { feature: 'gender', value: 'woman', min: 60, max: 70 };
    const error = await expectInfeasible({
      pool: people('w', 100, { gender: 'woman' }),
      panelSize: 50,
      quotas: [women],
    });
    expect(error.issues).toEqual([
      expect.objectContaining({ kind: 'min-exceeds-panel-size', quotas: [women] }),
    ]);
    expect(error.quotas).toEqual([women]);
    expect(error.message).toContain('gender=woman');
  });

  it('names a quota whose min exceeds the volunteers with that value', async () => {
    const women: Quota = { feature: 'gender', value: 'woman', min: 31, max: 40 };
    const error = await expectInfeasible({ pool, panelSize: 50, quotas: [women] });
    expect(error.issues).toEqual([
      expect.objectContaining({
        kind: 'min-exceeds-available',
        quotas: [women],
        features: ['gender'],
      }),
    ]);
  });

  it('flags a quota on a value nobody has', async () => {
    const other: Quota = { feature: 'gender', value: 'other', min: 1, max: 2 };
    const error = await expectInfeasible({ pool, panelSize: 5, quotas: [other] });
    expect(error.issues[0]).toMatchObject({ kind: 'min-exceeds-available', quotas: [other] });
  });

  it("flags one feature's mins adding up to more than the seats", async () => {
    const quotas: Quota[] = [
      { feature: 'gender', value: 'woman', min: 6, max: 8 },
      { feature: 'gender', value: 'man', min: 5, max: 8 },
    ];
    const error = await expectInfeasible({ pool, panelSize: 10, quotas });
    // Issues list quotas in canonical order: by feature, then value (code-unit order).
    expect(error.issues).toEqual([
      expect.objectContaining({
        kind: 'mins-exceed-panel-size',
        quotas: [quotas[1], quotas[0]],
        features: ['gender'],
      }),
    ]);
  });

  it("flags one feature's maxes unable to fill the seats", async () => {
    const quotas: Quota[] = [
      { feature: 'gender', value: 'woman', min: 0, max: 4 },
      { feature: 'gender', value: 'man', min: 0, max: 5 },
    ];
    const error = await expectInfeasible({ pool, panelSize: 10, quotas });
    expect(error.issues).toEqual([
      expect.objectContaining({
        kind: 'maxes-below-panel-size',
        quotas: [quotas[1], quotas[0]],
        features: ['gender'],
      }),
    ]);
  });

  it('counts volunteers without a value as able to fill seats', async () => {
    const report = await checkFeasibility({
      pool: [...pool, ...people('nb', 2, { age: 'old' })],
      panelSize: 10,
      quotas: [
        { feature: 'gender', value: 'woman', min: 0, max: 4 },
        { feature: 'gender', value: 'man', min: 0, max: 4 },
      ],
    });
    expect(report.feasible).toBe(true);
  });

  it('flags a pool smaller than the panel', async () => {
    const error = await expectInfeasible({ pool: pool.slice(0, 5), panelSize: 6, quotas: [] });
    expect(error.issues[0].kind).toBe('pool-too-small');
  });

  it('finds quotas that are only jointly infeasible, with the ILP and a minimal conflict', async () => {
    // 6 women and 6 young people on 8 seats, but no young woman: 12 people needed.
    const women: Quota = { feature: 'gender', value: 'woman', min: 5, max: 8 };
    const young: Quota = { feature: 'age', value: 'young', min: 5, max: 8 };
    const harmless: Quota = { feature: 'age', value: 'old', min: 1, max: 8 };
    const error = await expectInfeasible({ pool, panelSize: 8, quotas: [harmless, women, young] });
    expect(error.issues).toHaveLength(1);
    const [issue] = error.issues;
    expect(issue.kind).toBe('jointly-infeasible');
    expect(issue.conflictingBounds).toEqual([
      { quota: young, bound: 'min' },
      { quota: women, bound: 'min' },
    ]);
    expect(issue.quotas).toEqual([young, women]);
    expect(issue.features).toEqual(['age', 'gender']);
    expect(issue.relaxableFeatures).toEqual(['age', 'gender']);
    expect(issue.message).toContain('gender=woman >= 5');
  });

  it('says when no single feature can be relaxed', async () => {
    // Three features each forcing a different half of the pool: any two of them already clash.
    const trio: Volunteer[] = [
      ...people('a', 4, { f: 'x', g: 'y', h: 'n' }),
      ...people('b', 4, { f: 'x', g: 'n', h: 'z' }),
      ...people('c', 4, { f: 'n', g: 'y', h: 'z' }),
    ];
    const quotas: Quota[] = [
      { feature: 'f', value: 'x', min: 0, max: 1 },
      { feature: 'g', value: 'y', min: 0, max: 1 },
      { feature: 'h', value: 'z', min: 0, max: 1 },
    ];
    const error = await expectInfeasible({ pool: trio, panelSize: 3, quotas });
    expect(error.issues[0]).toMatchObject({ kind: 'jointly-infeasible', relaxableFeatures: [] });
    expect(error.issues[0].message).toContain('No single feature');
  });

  it('rejects malformed input with SortitionInputError', async () => {
    await expect(
      checkFeasibility({ pool: [...pool, pool[0]], panelSize: 5, quotas: [] }),
    ).rejects.toBeInstanceOf(SortitionInputError);
    await expect(
      checkFeasibility({
        pool,
        panelSize: 5,
        quotas: [{ feature: 'gender', value: 'woman', min: 3, max: 2 }],
      }),
    ).rejects.toThrow('min <= max');
    await expect(
      checkFeasibility({
        pool,
        panelSize: 5,
        quotas: [
          { feature: 'gender', value: 'woman', min: 1, max: 2 },
          { feature: 'gender', value: 'woman', min: 1, max: 3 },
        ],
      }),
    ).rejects.toThrow('given twice');
    await expect(checkFeasibility({ pool, panelSize: 0, quotas: [] })).rejects.toThrow('panelSize');
  });
});
