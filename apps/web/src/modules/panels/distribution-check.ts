import type { PanelDrawAudit } from '@permanente/contracts';

export interface DistributionCheck {
  ok: boolean;
  /** Codes of the checks that failed (weights, probabilities, pick). */
  failures: Array<'weights' | 'probabilities' | 'pick'>;
  compositions: number;
  /** Largest difference between a recomputed and a published probability. */
  largestDifference: number;
  /** The composition the published ticket falls in. */
  picked: number;
}

/**
 * The audit page's check of a published draw, in the browser and without a solver: the weights
 * add up to the scale, every volunteer's probability recomputed from the compositions equals the
 * published one (to 1e-9), and the panel drawn has, profile by profile, the seats of the
 * composition the ticket picks. (`npm run panels:verify` also recomputes the digest and the
 * seeded pick itself.)
 */
export function checkDistribution(draw: PanelDrawAudit): DistributionCheck | null {
  const d = draw.distribution;
  if (!d) return null;
  const failures: DistributionCheck['failures'] = [];
  const total = d.compositions.reduce((sum, [, weight]) => sum + weight, 0);
  if (total !== d.probabilityScale || d.compositions.some(([, w]) => !(w > 0)))
    failures.push('weights');
  const recomputed: Record<string, number> = {};
  for (const volunteer of draw.pool) recomputed[volunteer.id] = 0;
  for (const id of d.confirmedIds) recomputed[id] = 1;
  d.profiles.forEach(([, members], t) => {
    let seats = 0;
    for (const [counts, weight] of d.compositions) seats += (counts[t] ?? 0) * weight;
    for (const id of members) recomputed[id] = seats / d.probabilityScale / members.length;
  });
  let largestDifference = 0;
  for (const [id, p] of Object.entries(recomputed)) {
    const published = draw.probabilities[id];
    largestDifference = Math.max(
      largestDifference,
      published === undefined ? Number.POSITIVE_INFINITY : Math.abs(p - published),
    );
  }
  if (!(largestDifference <= 1e-9)) failures.push('probabilities');
  let cumulative = 0;
  const picked = d.compositions.findIndex(([, weight]) => draw.ticket < (cumulative += weight));
  const inPanel = new Set(draw.panel);
  const pickMatches =
    picked >= 0 &&
    d.profiles.every(
      ([, members], t) =>
        members.filter((id) => inPanel.has(id)).length === d.compositions[picked][0][t],
    );
  if (!pickMatches) failures.push('pick');
  return {
    ok: failures.length === 0,
    failures,
    compositions: d.compositions.length,
    largestDifference,
    picked,
  };
}
