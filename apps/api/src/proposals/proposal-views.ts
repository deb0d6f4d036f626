import type { ProposalSort, ProposalSummary } from '@permanente/contracts';
import { invalidField } from '../common/invalid-fields.exception';
import { sortKeyCount, type PagePosition } from './proposal-reads.repository';
import type { SummaryRow } from './proposal-rows';

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

/** What a list cursor holds: the sort it belongs to and where the next page starts. */
interface CursorContent {
  /** The sort, and whether the list is ranked by relevance (a search sorted by `recent`). */
  s: ProposalSort;
  r: boolean;
  /** The next page's position among the matches. */
  p: number;
  /** The sort keys of the previous page's last row, when the page follows them. */
  a?: string[];
}

const SORT_VALUE = {
  int: /^-?\d{1,10}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  timestamptz: /^(infinity|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?)$/,
};
const SORT_VALUES: Record<ProposalSort, RegExp[]> = {
  supports: [SORT_VALUE.int, SORT_VALUE.uuid],
  recent: [SORT_VALUE.timestamptz, SORT_VALUE.uuid],
  oldest: [SORT_VALUE.timestamptz, SORT_VALUE.timestamptz, SORT_VALUE.uuid],
  due: [SORT_VALUE.timestamptz, SORT_VALUE.uuid],
};

/**
 * The opaque `nextCursor` of a page. It is not signed: it only says where to start, and the
 * filters and the caller's scope still apply to the page it asks for.
 */
export function writeCursor(next: PagePosition, sort: ProposalSort, ranked: boolean): string {
  const content: CursorContent = { s: sort, r: ranked, p: next.position, a: next.after };
  return Buffer.from(JSON.stringify(content)).toString('base64url');
}

/** The position a `cursor` gives, checked against the list's sort (400 `query.cursor`). */
export function readCursor(cursor: string, sort: ProposalSort, ranked: boolean): PagePosition {
  const refuse = () =>
    invalidField(
      'query.cursor',
      'cursor must be the nextCursor of a page with the same sort and search',
      'invalidCursor',
    );
  let content: Partial<CursorContent>;
  try {
    content = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorContent;
  } catch {
    throw refuse();
  }
  if (typeof content !== 'object' || content === null) throw refuse();
  const { s, r, p, a } = content;
  if (s !== sort || r !== ranked || !Number.isSafeInteger(p) || (p as number) < 0) throw refuse();
  if (a === undefined) {
    // Only a ranked list's first pages go by position.
    if (!ranked) throw refuse();
    return { position: p as number };
  }
  const patterns = SORT_VALUES[sort];
  if (
    !Array.isArray(a) ||
    a.length !== sortKeyCount(sort) ||
    !a.every((value, i) => typeof value === 'string' && patterns[i].test(value))
  )
    throw refuse();
  return { position: p as number, after: a };
}
