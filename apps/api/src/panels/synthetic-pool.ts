import type { PanelFeature, PanelQuota } from '@permanente/contracts';
import { Sha256Prng } from '../sortition';

const FIRST_NAMES = [
  'Camille',
  'Dominique',
  'Claude',
  'Alex',
  'Sacha',
  'Morgan',
  'Lou',
  'Charlie',
  'Noa',
  'Eden',
  'Jeanne',
  'Louis',
  'Inès',
  'Hugo',
  'Léa',
  'Nathan',
  'Chloé',
  'Yanis',
  'Manon',
  'Karim',
];
const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefebvre',
  'Michel',
  'Garcia',
  'Roux',
  'Fournier',
  'Girard',
  'Bonnet',
  'Mercier',
  'Blanc',
  'Guérin',
];

/** Skewed like real volunteers: older, retired people apply more. Weights per value index. */
const WEIGHTS: Record<string, number[]> = {
  gender: [52, 46, 2],
  ageBand: [8, 12, 20, 28, 32],
  occupation: [3, 6, 14, 16, 18, 9, 28, 6],
};

function pick(prng: Sha256Prng, values: readonly string[], weights?: readonly number[]): string {
  const w = weights && weights.length === values.length ? weights : values.map(() => 1);
  let ticket = prng.uniformInt(w.reduce((a, b) => a + b, 0));
  for (const [index, weight] of w.entries()) {
    if (ticket < weight) return values[index];
    ticket -= weight;
  }
  return values[values.length - 1];
}

export interface SyntheticApplication {
  name: string;
  email: string;
  phone: null;
  features: Record<string, string>;
}

/**
 * Fictional volunteers, the same for the same seed: names from common French first and last
 * names, emails at example.test (a reserved domain), features drawn with a realistic skew.
 */
export function syntheticPool(
  features: readonly PanelFeature[],
  count: number,
  seed: string,
): SyntheticApplication[] {
  const prng = Sha256Prng.fromParts(['permanente-demo/pool', seed, String(count)]);
  return Array.from({ length: count }, (_, index) => {
    const first = FIRST_NAMES[prng.uniformInt(FIRST_NAMES.length)];
    const last = LAST_NAMES[prng.uniformInt(LAST_NAMES.length)];
    return {
      name: `${first} ${last}`,
      email: `volontaire-${index + 1}@example.test`,
      phone: null,
      features: Object.fromEntries(
        features.map((feature) => [
          feature.key,
          pick(
            prng,
            feature.values.map((v) => v.value),
            WEIGHTS[feature.key],
          ),
        ]),
      ),
    };
  });
}

/** A CSV of the same applications, as a paper-application import would be. */
export function syntheticPoolCsv(
  features: readonly PanelFeature[],
  pool: readonly SyntheticApplication[],
): string {
  const header = ['name', 'email', 'phone', ...features.map((f) => f.key)];
  const lines = pool.map((a) =>
    [a.name, a.email, '', ...features.map((f) => a.features[f.key])].join(','),
  );
  return [header.join(','), ...lines].join('\n') + '\n';
}

/**
 * Quotas for `seats` drawn seats: gender balanced, each age band and each bassin de vie
 * present; proportional bounds with some slack.
 */
export function balancedQuotas(features: readonly PanelFeature[], seats: number): PanelQuota[] {
  const quotas: PanelQuota[] = [];
  for (const feature of features) {
    if (feature.key === 'gender') {
      const half = Math.floor(seats / 2);
      quotas.push(
        { feature: 'gender', value: 'woman', min: half - 1, max: half + 1 },
        { feature: 'gender', value: 'man', min: half - 1, max: half + 1 },
      );
    } else if (feature.key === 'ageBand') {
      for (const value of feature.values)
        quotas.push({
          feature: 'ageBand',
          value: value.value,
          min: Math.max(1, Math.floor(seats / 8)),
          max: Math.ceil(seats / 3),
        });
    }
  }
  return quotas;
}
