import { Sha256Prng, compareCodeUnits, sha256Hex } from './prng';
import { PROBABILITY_SCALE, type Fairness, type Quota, type Volunteer } from './types';

/** The published distribution of a draw (the library's canonical form). */
export interface PublishedDistributionInput {
  readonly format: string;
  readonly algorithmVersion: string;
  readonly instanceDigest: string;
  readonly fairness: Fairness;
  readonly seatsToFill: number;
  readonly confirmedIds: readonly string[];
  readonly probabilityScale: number;
  readonly profiles: ReadonlyArray<readonly [string, readonly string[]]>;
  readonly compositions: ReadonlyArray<readonly [readonly number[], number]>;
}

/** What a published draw gives an auditor (the audit page's JSON, one element of `draws`). */
export interface PublishedDraw {
  readonly id?: string;
  readonly seed: string;
  readonly algorithmVersion: string;
  readonly instanceDigest: string;
  readonly distributionDigest: string;
  readonly ticket: number;
  readonly panel: readonly string[];
  readonly quotas: readonly Quota[];
  readonly pool: readonly Volunteer[];
  readonly probabilities: Readonly<Record<string, number>>;
  readonly distribution: PublishedDistributionInput | null;
}

export interface DrawVerification {
  readonly ok: boolean;
  /** Each check that failed, in words. */
  readonly problems: string[];
  /** Every volunteer's probability recomputed from the compositions and weights. */
  readonly probabilities: Record<string, number>;
  /** Largest difference with the published probabilities. */
  readonly largestDifference: number;
  readonly compositions: number;
}

/** Probabilities recomputed to this precision (weights are integers out of 1e9). */
export const VERIFY_TOLERANCE = 1e-9;

/** The distribution's canonical JSON, exactly as the library hashes it. */
function canonicalJson(d: PublishedDistributionInput): string {
  return JSON.stringify({
    format: d.format,
    algorithmVersion: d.algorithmVersion,
    instanceDigest: d.instanceDigest,
    fairness: d.fairness,
    seatsToFill: d.seatsToFill,
    confirmedIds: d.confirmedIds,
    probabilityScale: d.probabilityScale,
    profiles: d.profiles,
    compositions: d.compositions,
  });
}

/**
 * Checks a published draw without any solver: the weights add up, every composition fills the
 * seats and meets every quota, the distribution's digest matches, every volunteer's probability
 * recomputed from the compositions equals the published one (to 1e-9), and the public seed picks
 * the published panel (the ticket, the composition, then the members, with the library's PRNG).
 */
export function verifyPublishedDraw(draw: PublishedDraw): DrawVerification {
  const problems: string[] = [];
  const probabilities: Record<string, number> = {};
  const d = draw.distribution;
  if (!d)
    return {
      ok: false,
      problems: ['this draw has no published distribution (stored before it was published)'],
      probabilities,
      largestDifference: Number.NaN,
      compositions: 0,
    };
  if (d.probabilityScale !== PROBABILITY_SCALE)
    problems.push(`the probability scale is ${d.probabilityScale}, not ${PROBABILITY_SCALE}`);
  if (d.instanceDigest !== draw.instanceDigest)
    problems.push('the distribution is not for the draw’s instance');
  let total = 0;
  d.compositions.forEach(([, weight], i) => {
    if (!Number.isInteger(weight) || weight <= 0)
      problems.push(`composition ${i}: the weight ${weight} is not a positive integer`);
    total += weight;
  });
  if (total !== d.probabilityScale)
    problems.push(`the weights add up to ${total}, not ${d.probabilityScale}`);

  // Every composition: seats per profile within its members, the seats filled, every quota met.
  const features = new Map(draw.pool.map((v) => [v.id, v.features]));
  const confirmed = d.confirmedIds;
  d.compositions.forEach(([counts], i) => {
    if (counts.length !== d.profiles.length) {
      problems.push(`composition ${i} does not give a count for every profile`);
      return;
    }
    const seats = counts.reduce((sum, c) => sum + c, 0);
    if (seats !== d.seatsToFill)
      problems.push(`composition ${i} fills ${seats} seats, not ${d.seatsToFill}`);
    counts.forEach((c, t) => {
      if (!Number.isInteger(c) || c < 0 || c > d.profiles[t][1].length)
        problems.push(
          `composition ${i}: ${c} seats for profile ${t} of ${d.profiles[t][1].length}`,
        );
    });
    for (const quota of draw.quotas) {
      let seated = confirmed.filter(
        (id) => features.get(id)?.[quota.feature] === quota.value,
      ).length;
      counts.forEach((c, t) => {
        const member = d.profiles[t][1][0];
        if (features.get(member)?.[quota.feature] === quota.value) seated += c;
      });
      if (seated < quota.min || seated > quota.max)
        problems.push(
          `composition ${i} seats ${seated} for ${quota.feature}=${quota.value} (quota ${quota.min} to ${quota.max})`,
        );
    }
  });
  if (sha256Hex(canonicalJson(d)) !== draw.distributionDigest)
    problems.push('the distribution’s digest does not match the published one');

  // Probabilities: Σ counts[t] · weight / scale / members(t); 1 for the confirmed; 0 otherwise.
  for (const volunteer of draw.pool) probabilities[volunteer.id] = 0;
  for (const id of confirmed) probabilities[id] = 1;
  d.profiles.forEach(([, members], t) => {
    let seats = 0;
    for (const [counts, weight] of d.compositions) seats += (counts[t] ?? 0) * weight;
    for (const id of members) probabilities[id] = seats / d.probabilityScale / members.length;
  });
  let largestDifference = 0;
  for (const [id, p] of Object.entries(probabilities)) {
    const published = draw.probabilities[id];
    const difference = published === undefined ? Number.POSITIVE_INFINITY : Math.abs(p - published);
    largestDifference = Math.max(largestDifference, difference);
  }
  if (!(largestDifference <= VERIFY_TOLERANCE))
    problems.push(
      `a recomputed probability differs from the published one by ${largestDifference}`,
    );

  // The seeded pick, as drawFromDistribution does it.
  const prng = Sha256Prng.fromParts([
    'permanente-sortition/draw',
    draw.algorithmVersion,
    draw.instanceDigest,
    draw.seed,
  ]);
  const ticket = prng.uniformInt(d.probabilityScale);
  if (ticket !== draw.ticket) problems.push(`the seed gives ticket ${ticket}, not ${draw.ticket}`);
  let cumulative = 0;
  const index = d.compositions.findIndex(([, weight]) => ticket < (cumulative += weight));
  if (index < 0) problems.push('the ticket falls beyond the weights');
  else {
    const drawn: string[] = [];
    d.compositions[index][0].forEach((c, t) => {
      if (c > 0) drawn.push(...prng.sample(d.profiles[t][1], c));
    });
    const panel = [...confirmed, ...drawn].sort(compareCodeUnits);
    if (JSON.stringify(panel) !== JSON.stringify(draw.panel))
      problems.push('the seed does not pick the published panel from this distribution');
  }
  return {
    ok: problems.length === 0,
    problems,
    probabilities,
    largestDifference,
    compositions: d.compositions.length,
  };
}
