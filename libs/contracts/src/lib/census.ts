import type { AgeBand, ParticipantProfile } from './participants';
import type { TerritoryLevel } from './territories';

/** Genders a participant may declare; the census counts only the first two. */
export const GENDERS = ['female', 'male', 'other'] as const;
export type Gender = (typeof GENDERS)[number];

/** The profile margins compared with the census (see docs/coverage.md). */
export const MARGIN_DIMENSIONS = ['ageBand', 'gender'] as const;
export type MarginDimension = (typeof MARGIN_DIMENSIONS)[number];

/** Public figures hide any cell counting fewer people than this. */
export const MINIMUM_PUBLIC_CELL = 10;

/** `GET /api/communes?q=`: a commune found by name or postcode. */
export interface CommuneSummary {
  /** INSEE code. */
  code: string;
  name: string;
  postcodes: string[];
  /** The territory (usually a bassin de vie) the commune belongs to. */
  territoryName: string | null;
}

/**
 * One category of a margin: how many of those heard said it, next to the census. `count`,
 * `share` and `gap` are null when hidden (a public cell under MINIMUM_PUBLIC_CELL).
 */
export interface HeardCell {
  category: string;
  count: number | null;
  /** Share of those who answered (0..1), three decimals. */
  share: number | null;
  /** Share of the inhabitants in the census (0..1), null when the census has no figure. */
  censusShare: number | null;
  /** share − censusShare: negative when the group is under-heard. */
  gap: number | null;
}

export interface HeardMargin {
  dimension: MarginDimension;
  /** Participants who answered this question (null when hidden). */
  answered: number | null;
  cells: HeardCell[];
  /** Dissimilarity index: half the sum of the absolute gaps (0 = like the census, 1 = disjoint). */
  index: number | null;
}

export interface HeardTerritory {
  territoryId: string;
  code: string;
  name: string;
  level: TerritoryLevel;
  parentId: string | null;
  population: number | null;
  /** `full`: every cell shown (the caller's scope); `public`: cells under the minimum hidden. */
  detail: 'full' | 'public';
  participants: number;
  participationPer1000: number | null;
  /** Participants who declared living in this territory (wherever they were heard). */
  residents: number | null;
  residentsPer1000: number | null;
  /** Answers to "first time taking part?" and the share of yes. */
  firstTime: { answered: number | null; yes: number | null; share: number | null };
  margins: HeardMargin[];
}

export interface UnderHeardGroup {
  territoryId: string;
  territoryName: string;
  dimension: MarginDimension;
  category: string;
  gap: number;
}

export interface UnderHeardPlace {
  territoryId: string;
  name: string;
  level: TerritoryLevel;
  participationPer1000: number | null;
  residentsPer1000: number | null;
}

/** `GET /api/tours/:id/heard`: who the tour has heard, territory by territory. */
export interface HeardResponse {
  tourId: string;
  minimumPublicCell: number;
  /** The campaign's territory first, then its départements and bassins de vie. */
  territories: HeardTerritory[];
  /** The groups furthest below their census share, worst first. */
  underHeardGroups: UnderHeardGroup[];
  /** Bassins de vie by participation per 1,000 inhabitants, lowest first (unknown last). */
  underHeardPlaces: UnderHeardPlace[];
}

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
export function profileFromPanelFeatures(features: Record<string, string>): ParticipantProfile {
  const profile: ParticipantProfile = {};
  const gender = GENDER_VALUES[features['gender'] ?? ''];
  if (gender) profile.gender = gender;
  const ageBand = AGE_BAND_VALUES[features['ageBand'] ?? ''];
  if (ageBand) profile.ageBand = ageBand;
  return profile;
}
