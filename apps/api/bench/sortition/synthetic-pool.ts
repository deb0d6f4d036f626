import { Sha256Prng } from '../../src/sortition/prng';
import type { Quota, SortitionInstance, Volunteer } from '../../src/sortition/types';

type Shares = Readonly<Record<string, number>>;

/** Shares of the adult population (roughly a French region): what the quotas aim at. */
export const POPULATION: Readonly<Record<string, Shares>> = {
  gender: { woman: 0.515, man: 0.475, 'non-binary': 0.01 },
  ageBand: {
    '16-24': 0.13,
    '25-34': 0.14,
    '35-49': 0.23,
    '50-64': 0.24,
    '65-74': 0.14,
    '75+': 0.12,
  },
  territory: { 'urban-core': 0.35, suburban: 0.25, 'small-town': 0.2, rural: 0.2 },
  occupation: {
    employed: 0.46,
    'self-employed': 0.07,
    'job-seeker-or-inactive': 0.1,
    student: 0.09,
    retired: 0.28,
  },
};

/** Who volunteers: older, more urban, more retired, slightly more men than the population. */
const VOLUNTEER_GENDER: Shares = { woman: 0.47, man: 0.52, 'non-binary': 0.01 };
const VOLUNTEER_AGE: Shares = {
  '16-24': 0.06,
  '25-34': 0.09,
  '35-49': 0.18,
  '50-64': 0.27,
  '65-74': 0.25,
  '75+': 0.15,
};
const VOLUNTEER_TERRITORY: Shares = {
  'urban-core': 0.48,
  suburban: 0.24,
  'small-town': 0.15,
  rural: 0.13,
};
/** Occupation depends on age. */
const VOLUNTEER_OCCUPATION_BY_AGE: Readonly<Record<string, Shares>> = {
  '16-24': { student: 0.6, employed: 0.25, 'job-seeker-or-inactive': 0.13, 'self-employed': 0.02 },
  '25-34': { employed: 0.72, 'self-employed': 0.08, 'job-seeker-or-inactive': 0.15, student: 0.05 },
  '35-49': { employed: 0.75, 'self-employed': 0.12, 'job-seeker-or-inactive': 0.13 },
  '50-64': { employed: 0.62, 'self-employed': 0.12, 'job-seeker-or-inactive': 0.11, retired: 0.15 },
  '65-74': { retired: 0.9, employed: 0.05, 'self-employed': 0.05 },
  '75+': { retired: 1 },
};

function pick(prng: Sha256Prng, shares: Shares): string {
  const entries = Object.entries(shares);
  let u = prng.nextFloat() * entries.reduce((sum, [, share]) => sum + share, 0);
  for (const [value, share] of entries) {
    if (u < share) return value;
    u -= share;
  }
  return entries[entries.length - 1][0];
}

/** A deterministic synthetic pool of `size` volunteers with a realistic skew. */
export function syntheticPool(size: number, seed = 'bench-pool'): Volunteer[] {
  const prng = Sha256Prng.fromParts(['permanente-sortition/bench-pool', seed]);
  return Array.from({ length: size }, (_, i) => {
    const ageBand = pick(prng, VOLUNTEER_AGE);
    return {
      id: `v${String(i + 1).padStart(5, '0')}`,
      features: {
        gender: pick(prng, VOLUNTEER_GENDER),
        ageBand,
        territory: pick(prng, VOLUNTEER_TERRITORY),
        occupation: pick(prng, VOLUNTEER_OCCUPATION_BY_AGE[ageBand]),
      },
    };
  });
}

/** Tight quotas: each value's population share of the seats, rounded, ± `slack` seats. */
export function populationQuotas(panelSize: number, slack = 1): Quota[] {
  return Object.entries(POPULATION).flatMap(([feature, shares]) =>
    Object.entries(shares).map(([value, share]) => {
      const target = Math.round(share * panelSize);
      return { feature, value, min: Math.max(0, target - slack), max: target + slack };
    }),
  );
}

export function syntheticInstance(
  poolSize: number,
  panelSize: number,
  slack = 1,
): SortitionInstance {
  return { pool: syntheticPool(poolSize), panelSize, quotas: populationQuotas(panelSize, slack) };
}

/** Two more features for the 6-feature sizes: education and housing, with their quotas. */
const EXTRA_POPULATION: Readonly<Record<string, Shares>> = {
  education: { 'no-diploma': 0.25, secondary: 0.42, higher: 0.33 },
  housing: { owner: 0.58, tenant: 0.42 },
};
const EXTRA_VOLUNTEERS: Readonly<Record<string, Shares>> = {
  education: { 'no-diploma': 0.12, secondary: 0.38, higher: 0.5 },
  housing: { owner: 0.7, tenant: 0.3 },
};

/** The pool and quotas above plus education and housing: 6 features, 23 quotas. */
export function syntheticInstance6(
  poolSize: number,
  panelSize: number,
  slack = 1,
): SortitionInstance {
  const prng = Sha256Prng.fromParts(['permanente-sortition/bench-pool-6', String(poolSize)]);
  const pool = syntheticPool(poolSize).map((volunteer) => ({
    id: volunteer.id,
    features: {
      ...volunteer.features,
      education: pick(prng, EXTRA_VOLUNTEERS['education']),
      housing: pick(prng, EXTRA_VOLUNTEERS['housing']),
    },
  }));
  const extra = Object.entries(EXTRA_POPULATION).flatMap(([feature, shares]) =>
    Object.entries(shares).map(([value, share]) => {
      const target = Math.round(share * panelSize);
      return { feature, value, min: Math.max(0, target - slack), max: target + slack };
    }),
  );
  return { pool, panelSize, quotas: [...populationQuotas(panelSize, slack), ...extra] };
}
