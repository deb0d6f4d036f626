import type { PanelFeature } from '@permanente/contracts';

/**
 * The default features of a panel's quotas, as in 2017: gender, age band, bassin de vie (the
 * territory's own bassins, filled in when the panel is created) and occupation category
 * (INSEE's PCS groups, retired and not working apart).
 */
export const DEFAULT_GENDER: PanelFeature = {
  key: 'gender',
  label: 'Genre',
  values: [
    { value: 'woman', label: 'Femme' },
    { value: 'man', label: 'Homme' },
    { value: 'other', label: 'Autre / ne se prononce pas' },
  ],
};

export const DEFAULT_AGE_BAND: PanelFeature = {
  key: 'ageBand',
  label: 'Tranche d’âge',
  values: [
    { value: '16-24', label: '16 à 24 ans' },
    { value: '25-34', label: '25 à 34 ans' },
    { value: '35-49', label: '35 à 49 ans' },
    { value: '50-64', label: '50 à 64 ans' },
    { value: '65+', label: '65 ans et plus' },
  ],
};

export const DEFAULT_OCCUPATION: PanelFeature = {
  key: 'occupation',
  label: 'Catégorie socioprofessionnelle',
  values: [
    { value: 'farmer', label: 'Agriculteur exploitant' },
    { value: 'self-employed', label: 'Artisan, commerçant, chef d’entreprise' },
    { value: 'executive', label: 'Cadre, profession intellectuelle supérieure' },
    { value: 'intermediate', label: 'Profession intermédiaire' },
    { value: 'employee', label: 'Employé' },
    { value: 'worker', label: 'Ouvrier' },
    { value: 'retired', label: 'Retraité' },
    { value: 'not-working', label: 'Sans activité professionnelle, étudiant' },
  ],
};

export function defaultFeatures(bassins: Array<{ code: string; name: string }>): PanelFeature[] {
  return [
    DEFAULT_GENDER,
    DEFAULT_AGE_BAND,
    {
      key: 'territory',
      label: 'Bassin de vie',
      values: bassins.map((bassin) => ({ value: bassin.code, label: bassin.name })),
    },
    DEFAULT_OCCUPATION,
  ];
}

export const FEATURE_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;
export const FEATURE_VALUE_PATTERN = /^[^\s,;"]{1,60}$/;
export const VOLUNTEER_APPLICATIONS_PER_IP_PER_HOUR = 20;
export const INVITATION_CALLS_PER_IP_PER_MINUTE = 30;
export const RERUNS_PER_IP_PER_HOUR = 10;

/** `v-0007`: the pseudonymous id of the 7th volunteer of a panel. */
export function volunteerPublicId(number: number): string {
  return `v-${String(number).padStart(4, '0')}`;
}
