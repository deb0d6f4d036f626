import type { ProposalSource, ProposalStatus } from '@permanente/contracts';

// The rows the proposals' read queries return (ProposalReadsRepository).

/** A proposal as the lists show it, with its territory, current answer and progress. */
export interface SummaryRow {
  id: string;
  title: string;
  status: ProposalStatus;
  source: ProposalSource;
  source_body: string | null;
  authors: string;
  themes: string[];
  territory_id: string;
  territory_name: string;
  campaign_id: string;
  published_at: Date | null;
  answer_due_at: Date | null;
  answered_at: Date | null;
  overdue: boolean;
  supports_count: number;
  answer_state: string | null;
  progress: number | null;
  idea_count: number;
}

/** A summary with the text, the campaign and the provenance of the proposal. */
export interface DetailRow extends SummaryRow {
  need: string;
  action: string;
  campaign_title: string;
  answer_states: string[];
  workshop_id: string | null;
  workshop_title: string | null;
  workshop_date: Date | null;
  theme_name: string | null;
  panel_id: string | null;
}

export interface AnswerRow {
  version: number;
  state: string;
  reasons: string;
  official_name: string;
  official_office: string | null;
  answered_at: Date;
}

export interface CurrentAnswerRow extends AnswerRow {
  proposal_id: string;
}

export interface FollowUpRow {
  id: string;
  progress: number;
  text: string;
  author_name: string;
  created_at: Date;
}

export interface SupportDayRow {
  /** `YYYY-MM-DD` (UTC) */
  day: string;
  count: number;
}

export interface TerritoryFiguresRow {
  territory_id: string;
  territory_name: string;
  proposals: number;
  answered: number;
  overdue: number;
  average_answer_days: number | null;
}
