import type { WorkshopStatus } from './participants';

/**
 * The tour: one day per bassin de vie, with prepared meetings with local actors, open times
 * for anyone, the local initiatives met, and usually an evening Fabrik (a workshop).
 */

/** `HH:MM`, 24-hour local time. */
export const TIME_OF_DAY_PATTERN = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
/** `YYYY-MM-DD`. */
export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export const STOP_MOMENT_KINDS = ['prepared', 'open'] as const;
/** `prepared`: a meeting arranged beforehand with local actors; `open`: anyone may come. */
export type StopMomentKind = (typeof STOP_MOMENT_KINDS)[number];

export interface StopMoment {
  kind: StopMomentKind;
  /** `HH:MM` */
  startsAt: string;
  endsAt: string;
  title: string;
  /** With whom (organisations, local actors; no private persons), for prepared meetings. */
  actors: string;
}

export const INITIATIVE_KINDS = [
  'association',
  'social_enterprise',
  'cooperative',
  'collective',
  'public_actor',
  'business',
  'other',
] as const;
export type InitiativeKind = (typeof INITIATIVE_KINDS)[number];

export interface TourSummary {
  id: string;
  campaignId: string;
  campaignSlug: string;
  title: string;
  description: string;
  stopCount: number;
  /** First and last day of its stops, null without stops. */
  firstDay: string | null;
  lastDay: string | null;
}

export interface StopPlace {
  /** Name of the place (a square, a hall). */
  name: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
}

export interface StopWorkshop {
  id: string;
  title: string;
  status: WorkshopStatus;
  place: string | null;
  /** The join code, only while the workshop is live (anyone may walk in). */
  joinCode: string | null;
}

/** A stop as the public sees it. */
export interface TourStopResponse {
  id: string;
  tourId: string;
  /** 1-based rank in the itinerary (by day, then start time). */
  rank: number;
  day: string;
  startsAt: string;
  endsAt: string;
  territoryId: string;
  territoryCode: string;
  territoryName: string;
  departementCode: string | null;
  departementName: string | null;
  place: StopPlace;
  moments: StopMoment[];
  workshop: StopWorkshop | null;
  /** The short public account written afterwards. */
  report: string;
  /** `past` once the day is over, `today`, or `upcoming`. */
  timing: 'past' | 'today' | 'upcoming';
  initiativeCount: number;
}

/** A stop for the team planning the tour: adds the internal notes. */
export interface TourStopPlanningResponse extends TourStopResponse {
  notes: string;
}

export interface TourStopDetailResponse extends TourStopResponse {
  tourTitle: string;
  initiatives: InitiativeResponse[];
}

export interface TourResponse extends TourSummary {
  stops: TourStopResponse[];
  /** The next stop (today's or the first upcoming one), null once the tour is over. */
  nextStopId: string | null;
}

export interface TourPlanningResponse extends TourSummary {
  stops: TourStopPlanningResponse[];
  campaignStartsOn: string;
  campaignEndsOn: string;
}

export interface CreateTourRequest {
  campaignId: string;
  title: string;
  description?: string;
}

export type UpdateTourRequest = Partial<Omit<CreateTourRequest, 'campaignId'>>;

export interface StopMomentInput {
  kind: StopMomentKind;
  startsAt: string;
  endsAt: string;
  title: string;
  actors?: string;
}

export interface CreateTourStopRequest {
  day: string;
  startsAt: string;
  endsAt: string;
  /** A bassin de vie. */
  territoryId: string;
  placeName?: string;
  address?: string;
  latitude?: number | null;
  longitude?: number | null;
  moments?: StopMomentInput[];
  workshopId?: string | null;
  notes?: string;
  report?: string;
}

export type UpdateTourStopRequest = Partial<CreateTourStopRequest>;

/** The new order of every stop of the tour: the tour's days are handed out in that order. */
export interface ReorderTourStopsRequest {
  stopIds: string[];
}

export interface InitiativeResponse {
  id: string;
  name: string;
  description: string;
  kind: InitiativeKind;
  themes: string[];
  territoryId: string;
  territoryName: string;
  /** A public, organisational contact (an association's address, not a private person's). */
  publicContact: string;
  website: string | null;
  stop: { id: string; day: string; territoryName: string } | null;
}

export interface CreateInitiativeRequest {
  name: string;
  description?: string;
  kind: InitiativeKind;
  themes?: string[];
  territoryId: string;
  publicContact?: string;
  website?: string | null;
  stopId?: string | null;
}

export type UpdateInitiativeRequest = Partial<CreateInitiativeRequest>;

export interface InitiativeSearchQuery {
  q?: string;
  kind?: InitiativeKind;
  /** A territory and everything inside it. */
  territoryId?: string;
  theme?: string;
  page?: number;
  pageSize?: number;
}

export interface InitiativePage {
  items: InitiativeResponse[];
  total: number;
  page: number;
  pageSize: number;
  /** Every theme in use, for the filter. */
  themes: string[];
}

export const INITIATIVE_PAGE_SIZE = 20;
export const INITIATIVE_MAX_PAGE_SIZE = 50;

export type CoverageVisit = 'visited' | 'planned' | 'not_planned';

/** What the tour reached in one territory. */
export interface CoverageFigures {
  territoryId: string;
  code: string;
  name: string;
  level: 'departement' | 'bassin_de_vie';
  population: number | null;
  /** Stops of the tour in it (for a département: in its bassins). */
  stops: number;
  /** Stops whose day has come. */
  visitedStops: number;
  visit: CoverageVisit;
  /** Workshops held (live, closed, or the Fabrik of a stop whose day has come). */
  workshops: number;
  /** People who joined those workshops. */
  participants: number;
  /** Ideas posted, not hidden by moderation. */
  ideas: number;
  /** Votes and positions: one per participant and activity (dot vote, débat mouvant, poll). */
  choices: number;
  /** ideas + choices */
  contributions: number;
  /** participants per 1,000 inhabitants; null when the population is unknown. */
  participationPer1000: number | null;
  /** Proposals of the campaign produced in it (published or further: drafts are not counted). */
  proposals: number;
  /** No stop has reached it yet. */
  neverVisited: boolean;
  /** Among the lowest participation rates of its level (the bottom quarter of known rates). */
  lowestParticipation: boolean;
  /** neverVisited or lowestParticipation: shown emphasised. */
  standsOut: boolean;
}

export interface CoverageDepartement extends CoverageFigures {
  bassins: CoverageFigures[];
}

export interface TourCoverageResponse {
  tourId: string;
  /** The day the figures were computed for (`YYYY-MM-DD`). */
  asOf: string;
  totals: {
    bassins: number;
    visitedBassins: number;
    workshops: number;
    participants: number;
    ideas: number;
    choices: number;
    contributions: number;
    proposals: number;
  };
  departements: CoverageDepartement[];
}
