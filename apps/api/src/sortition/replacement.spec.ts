import { drawReplacement, selectPanel } from './draw';
import { InfeasibleQuotasError, SortitionInputError } from './errors';
import { computeDistribution } from './maximin';
import { panelSatisfiesQuotas } from './problem';
import type { Quota, SortitionInstance, Volunteer } from './types';

function people(prefix: string, count: number, features: Record<string, string>): Volunteer[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i + 1}`, features }));
}

const quotas: Quota[] = [
  { feature: 'gender', value: 'woman', min: 3, max: 3 },
  { feature: 'gender', value: 'man', min: 3, max: 3 },
  { feature: 'age', value: 'young', min: 2, max: 3 },
];
const instance: SortitionInstance = {
  pool: [
    ...people('yw', 4, { gender: 'woman', age: 'young' }),
    ...people('ow', 6, { gender: 'woman', age: 'old' }),
    ...people('ym', 4, { gender: 'man', age: 'young' }),
    ...people('om', 6, { gender: 'man', age: 'old' }),
  ],
  panelSize: 6,
  quotas,
};

describe('drawReplacement', () => {
  it('keeps the confirmed members, never draws the excluded, and meets every quota', async () => {
    const first = await selectPanel({ ...instance, seed: 'first draw' });
    // Two members decline; the others confirm.
    const declined = first.panel.slice(0, 2);
    const confirmed = first.panel.slice(2);
    for (let i = 0; i < 10; i += 1) {
      const replacement = await drawReplacement({
        ...instance,
        confirmed,
        excluded: declined,
        seed: `replacement ${i}`,
      });
      expect(replacement.panel).toHaveLength(instance.panelSize);
      expect(replacement.panel).toEqual(expect.arrayContaining(confirmed));
      expect(replacement.drawn).toHaveLength(2);
      for (const id of declined) expect(replacement.panel).not.toContain(id);
      expect(panelSatisfiesQuotas(instance, replacement.panel)).toBe(true);
      expect(replacement.distribution.seatsToFill).toBe(2);
      expect(replacement.distribution.confirmedIds).toEqual([...confirmed].sort());
    }
  });

  it('replaces a declining woman by a woman when the quota is exact', async () => {
    const confirmed = ['yw-1', 'ow-1', 'ym-1', 'om-1', 'om-2'];
    const distribution = await computeDistribution({
      ...instance,
      confirmed,
      excluded: ['ow-2'],
    });
    for (const [id, p] of distribution.selectionProbabilities) {
      if (id.startsWith('ow') || id.startsWith('yw')) expect(p).toBeGreaterThan(0);
      else expect(p).toBe(0);
    }
    expect(distribution.selectionProbabilities.has('ow-2')).toBe(false);
    // 7 remaining women (10, less 2 confirmed and 1 excluded) for one seat, all alike for the
    // quotas that remain (the young quota has room for one more either way).
    expect(distribution.minimumProbability).toBeCloseTo(1 / 7, 6);
  });

  it('is reproducible', async () => {
    const input = { ...instance, confirmed: ['yw-1', 'om-1'], excluded: ['yw-2'], seed: 's' };
    const a = await drawReplacement(input);
    const b = await drawReplacement({ ...input, confirmed: ['om-1', 'yw-1'] });
    expect(b.panel).toEqual(a.panel);
    expect(b.instanceDigest).toBe(a.instanceDigest);
  });

  it('returns the confirmed members alone when no seat is left', async () => {
    const first = await selectPanel({ ...instance, seed: 'full' });
    const again = await drawReplacement({
      ...instance,
      confirmed: first.panel,
      excluded: [],
      seed: 'x',
    });
    expect(again.panel).toEqual(first.panel);
    expect(again.drawn).toEqual([]);
  });

  it('reports confirmed members already above a max', async () => {
    const error = await drawReplacement({
      ...instance,
      confirmed: ['yw-1', 'yw-2', 'yw-3', 'yw-4'],
      excluded: [],
      seed: 'x',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfeasibleQuotasError);
    const kinds = (error as InfeasibleQuotasError).issues.map((issue) => issue.kind);
    expect(kinds).toEqual(expect.arrayContaining(['confirmed-exceed-max']));
  });

  it('reports when the decliners leave too few volunteers for a quota', async () => {
    const error = await drawReplacement({
      ...instance,
      confirmed: ['om-1', 'om-2', 'om-3'],
      excluded: ['yw-1', 'yw-2', 'yw-3', 'ow-1', 'ow-2', 'ow-3', 'ow-4', 'ow-5'],
      seed: 'x',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfeasibleQuotasError);
    expect((error as InfeasibleQuotasError).issues[0]).toMatchObject({
      kind: 'min-exceeds-available',
      quotas: [quotas[0]],
    });
  });

  it('rejects unknown or contradictory ids', async () => {
    await expect(
      drawReplacement({ ...instance, confirmed: ['nobody'], excluded: [], seed: 'x' }),
    ).rejects.toBeInstanceOf(SortitionInputError);
    await expect(
      drawReplacement({ ...instance, confirmed: ['yw-1'], excluded: ['yw-1'], seed: 'x' }),
    ).rejects.toThrow('listed in confirmed and in excluded');
  });
});
