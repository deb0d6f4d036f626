/**
 * A campaign: one season of the participation process (e.g. "Démocratie permanente 2026"),
 * over a territory, between two dates. Tours, workshops, panels and proposals belong to one.
 */
export interface CampaignResponse {
  id: string;
  /** Stable, URL-safe name. */
  slug: string;
  title: string;
  description: string;
  territoryId: string;
  /** First and last day, `YYYY-MM-DD`. */
  startsOn: string;
  endsOn: string;
  /** How many days officials have to answer a proposal once it is published. */
  answerDelayDays: number;
}

export interface CreateCampaignRequest {
  slug: string;
  title: string;
  description?: string;
  territoryId: string;
  startsOn: string;
  endsOn: string;
  answerDelayDays?: number;
}

export type UpdateCampaignRequest = Partial<Omit<CreateCampaignRequest, 'slug'>>;

export const CAMPAIGN_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const DEFAULT_ANSWER_DELAY_DAYS = 90;
