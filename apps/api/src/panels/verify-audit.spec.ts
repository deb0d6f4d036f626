import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_AGE_BAND, DEFAULT_GENDER } from './panel-defaults';
import type { SortitionJob, SortitionJobResult } from './sortition-job';
import { runSortitionJob } from './sortition-worker';
import { balancedQuotas, syntheticPool } from './synthetic-pool';
import { describeVerification, verifyAudit } from './verify-audit';

const FEATURES = [DEFAULT_GENDER, DEFAULT_AGE_BAND];

/** A draw computed by the library, published as the audit page's JSON gives it. */
async function publishedAudit(fairness: 'leximin' | 'maximin') {
  const pool = syntheticPool(FEATURES, 60, 'verify').map((applicant, index) => ({
    id: `v-${String(index + 1).padStart(4, '0')}`,
    features: applicant.features,
  }));
  const job: SortitionJob = {
    pool,
    panelSize: 10,
    quotas: balancedQuotas(FEATURES, 10),
    seed: 'Loto : 1 2 3 4 5',
    fairness,
  };
  const reply = await runSortitionJob(job);
  if (!reply.ok || !('result' in reply)) throw new Error('no draw');
  const result: SortitionJobResult = reply.result;
  return {
    title: 'Panel',
    draws: [
      {
        id: 'draw-1',
        seed: result.seed,
        algorithmVersion: result.algorithmVersion,
        instanceDigest: result.instanceDigest,
        distributionDigest: result.distributionDigest,
        ticket: result.ticket,
        panel: result.panel,
        quotas: job.quotas,
        pool,
        probabilities: result.probabilities,
        distribution: result.distribution,
      },
    ],
  };
}

describe('panels:verify (the published distribution, checked without a solver)', () => {
  it.each(['leximin', 'maximin'] as const)(
    'recomputes every probability of a %s draw to 1e-9 and finds the panel the seed picks',
    async (fairness) => {
      const audit = await publishedAudit(fairness);
      // Through a file, as `npm run panels:verify -- audit.json` reads it.
      const dir = mkdtempSync(join(tmpdir(), 'verify-'));
      try {
        writeFileSync(join(dir, 'audit.json'), JSON.stringify(audit));
        const verification = verifyAudit(JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8')));
        expect(verification.draws[0].problems).toEqual([]);
        expect(verification.ok).toBe(true);
        expect(verification.draws[0].largestDifference).toBeLessThanOrEqual(1e-9);
        expect(Object.keys(verification.draws[0].probabilities)).toHaveLength(60);
        expect(verification.draws[0].compositions).toBe(
          audit.draws[0].distribution.compositions.length,
        );
        expect(describeVerification(verification)).toMatch(/OK/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('fails on an altered weight, even when the weights still add up', async () => {
    const audit = await publishedAudit('leximin');
    const compositions = audit.draws[0].distribution.compositions;
    expect(compositions.length).toBeGreaterThan(1);
    const [first, second] = compositions;
    const moved = Math.min(1_000_000, second[1] - 1);
    compositions[0] = [first[0], first[1] + moved];
    compositions[1] = [second[0], second[1] - moved];
    const verification = verifyAudit(audit);
    expect(verification.ok).toBe(false);
    expect(verification.draws[0].problems.join('\n')).toMatch(/digest does not match/);
    expect(describeVerification(verification)).toMatch(/FAILED/);
  });

  it('fails when a published probability was changed', async () => {
    const audit = await publishedAudit('maximin');
    audit.draws[0].probabilities['v-0001'] += 1e-6;
    const verification = verifyAudit(audit);
    expect(verification.ok).toBe(false);
    expect(verification.draws[0].problems.join('\n')).toMatch(/recomputed probability differs/);
  });
});
