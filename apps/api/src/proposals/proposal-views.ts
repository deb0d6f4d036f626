import type { ProposalSource, ProposalStatus, ProposalSummary } from '@permanente/contracts';

/**
 * The columns of a proposal summary. `$1` must be the current time (the injectable clock):
 * a proposal is overdue when it awaits an answer past its due date.
 */
export const SUMMARY_COLUMNS = `
  p.id, p.title, p.status, p.source, p.source_body, p.authors, p.themes, p.territory_id,
  t.name AS territory_name, p.campaign_id, p.published_at, p.answer_due_at, p.answered_at,
  (p.status IN ('published', 'under_review') AND p.answer_due_at < $1) AS overdue,
  p.supports_count,
  (SELECT a.state FROM proposal_answers a WHERE a.proposal_id = p.id
    ORDER BY a.version DESC LIMIT 1) AS answer_state,
  (SELECT f.progress FROM proposal_follow_ups f WHERE f.proposal_id = p.id
    ORDER BY f.created_at DESC, f.id DESC LIMIT 1) AS progress,
  (SELECT count(*)::int FROM proposal_ideas i WHERE i.proposal_id = p.id) AS idea_count`;

export const SUMMARY_FROM = `proposals p JOIN territories t ON t.id = p.territory_id`;

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

export function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function toSummary(row: SummaryRow): ProposalSummary {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    source: row.source,
    sourceBody: row.source_body,
    authors: row.authors,
    themes: row.themes,
    territoryId: row.territory_id,
    territoryName: row.territory_name,
    campaignId: row.campaign_id,
    publishedAt: iso(row.published_at),
    answerDueAt: iso(row.answer_due_at),
    answeredAt: iso(row.answered_at),
    overdue: row.overdue,
    supportsCount: row.supports_count,
    answerState: row.answer_state,
    progress: row.progress,
    ideaCount: row.idea_count,
  };
}

/**
 * A tsquery from what someone typed: words only (no tsquery syntax gets through), each one
 * stemmed by the French configuration and matched as a prefix, all required. Null when
 * nothing searchable is left.
 */
export function searchQuery(text: string | undefined): string | null {
  if (!text) return null;
  const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  // Words under three letters ("à", "la", "de") are left out when there are others: once
  // unaccented, "à" is no longer a French stop word and "a:*" would match nearly everything.
  const long = words.filter((word) => word.length >= 3);
  const kept = (long.length > 0 ? long : words).slice(0, 8).map((word) => `${word}:*`);
  return kept.length > 0 ? kept.join(' & ') : null;
}
