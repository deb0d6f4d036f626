import type { AgeBand, Gender, ParticipantProfile } from '@permanente/contracts';

/** Panel feature values that say the same as a profile answer (docs/coverage.md). */
const GENDER_VALUES: Record<string, Gender> = {
  woman: 'female',
  female: 'female',
  man: 'male',
  male: 'male',
};
const AGE_BAND_VALUES: Record<string, AgeBand> = {
  'under-18': 'under_18',
  under_18: 'under_18',
  '18-24': '18_24',
  '18_24': '18_24',
  '25-34': '25_34',
  '25_34': '25_34',
  '35-49': '35_49',
  '35_49': '35_49',
  '50-64': '50_64',
  '50_64': '50_64',
  '65+': '65_plus',
  '65_plus': '65_plus',
};

/**
 * The profile answers an application's quota features already give, so the open call does
 * not ask them twice: the `gender` and `ageBand` features, when their value means one answer
 * of the profile. A gender "other / prefer not to say" (the default feature merges the two)
 * and an age band straddling the profile's (the default 16–24) give nothing: the profile
 * question is then asked.
 */
export function profileFromFeatures(features: Record<string, string>): ParticipantProfile {
  const profile: ParticipantProfile = {};
  const gender = GENDER_VALUES[features['gender'] ?? ''];
  if (gender) profile.gender = gender;
  const ageBand = AGE_BAND_VALUES[features['ageBand'] ?? ''];
  if (ageBand) profile.ageBand = ageBand;
  return profile;
}
