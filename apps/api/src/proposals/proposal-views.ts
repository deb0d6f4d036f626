import type { ProposalSummary } from '@permanente/contracts';
import type { SummaryRow } from './proposal-reads.repository';

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
