import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  PROPOSAL_COUNT_CAP,
  PROPOSAL_FREQUENT_COUNT_CAP,
  PROPOSAL_RANKED_CANDIDATES,
  type ProposalListQuery,
} from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { SqlParameters } from '../database/sql-parameters';
import { descendantsOf } from '../territories/territories.repository';
import { ProposalLexemesRepository } from './proposal-lexemes.repository';
import type { IdeaTextRow } from './proposals.repository';
import type {
  SummaryRow,
  DetailRow,
  AnswerRow,
  CurrentAnswerRow,
  FollowUpRow,
  SupportDayRow,
  TerritoryFiguresRow,
} from './proposal-rows';

/**
 * The columns of a proposal summary. `$1` must be the current time (the injectable clock):
 * a proposal is overdue when it awaits an answer past its due date.
 */
const SUMMARY_COLUMNS = `
  p.id, p.title, p.status, p.source, p.source_body, p.authors, p.themes, p.territory_id,
  t.name AS territory_name, p.campaign_id, p.published_at, p.answer_due_at, p.answered_at,
  (p.status IN ('published', 'under_review') AND p.answer_due_at < $1) AS overdue,
  p.supports_count,
  (SELECT a.state FROM proposal_answers a WHERE a.proposal_id = p.id
    ORDER BY a.version DESC LIMIT 1) AS answer_state,
  (SELECT f.progress FROM proposal_follow_ups f WHERE f.proposal_id = p.id
    ORDER BY f.created_at DESC, f.id DESC LIMIT 1) AS progress,
  (SELECT count(*)::int FROM proposal_ideas i WHERE i.proposal_id = p.id) AS idea_count`;

const SUMMARY_FROM = `proposals p JOIN territories t ON t.id = p.territory_id`;

function sqlWhere(conditions: string[]): string {
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}

/** A search of the proposals: the list's filters, already decided by the service. */
export interface ProposalSearch extends Pick<
  ProposalListQuery,
  'territoryId' | 'campaignId' | 'theme' | 'source' | 'status' | 'overdue'
> {
  now: Date;
  excludeDrafts: boolean;
  /** Only these territories (the caller's scope), or null for all. */
  scope: string[] | null;
  /** A tsquery (see searchQuery in proposal-views.ts), or null. */
  tsquery: string | null;
  sort: NonNullable<ProposalListQuery['sort']>;
  limit: number;
  /** Where the page starts: an offset (first pages) or the previous page's last row. */
  from: PagePosition;
}

/**
 * Where a page starts. `after`: the sort keys of the previous page's last row (keyset
 * pagination; see SORT_KEYS); without it, `position` is an offset (the first pages, and the
 * ranked candidates of a search by relevance).
 */
export interface PagePosition {
  position: number;
  after?: SortValues;
}

/** The values of a row's sort keys (SORT_KEYS), as text, id last. */
export type SortValues = string[];

export interface SearchResult {
  rows: SummaryRow[];
  /** The matches, counted up to `cap` + 1. */
  total: number;
  /** PROPOSAL_COUNT_CAP, or PROPOSAL_FREQUENT_COUNT_CAP for a frequent search. */
  cap: number;
  /** Where the next page starts, or null after the last one. */
  next: PagePosition | null;
}

/**
 * The order of each sort as keys that never repeat (id last) and never are NULL (drafts have
 * no publication or due date: they come last in ascending order, first in descending), all in
 * the same direction, so a page starts after the previous one's last row with one row
 * comparison that the fitting index (migration ProposalListIndexes) serves as a range.
 */
const SORT_KEYS: Record<ProposalSearch['sort'], { keys: string[]; descending: boolean }> = {
  supports: { keys: [`p.supports_count`, `p.id`], descending: true },
  recent: { keys: [`coalesce(p.published_at, 'infinity')`, `p.id`], descending: true },
  oldest: {
    keys: [`coalesce(p.published_at, 'infinity')`, `p.created_at`, `p.id`],
    descending: false,
  },
  due: { keys: [`coalesce(p.answer_due_at, 'infinity')`, `p.id`], descending: false },
};

/** The SQL types of the sort keys' values, to cast the cursor's text values. */
const KEY_TYPES: Record<ProposalSearch['sort'], string[]> = {
  supports: ['int', 'uuid'],
  recent: ['timestamptz', 'uuid'],
  oldest: ['timestamptz', 'timestamptz', 'uuid'],
  due: ['timestamptz', 'uuid'],
};

export function sortKeyCount(sort: ProposalSearch['sort']): number {
  return SORT_KEYS[sort].keys.length;
}

/**
 * A search is "frequent" when the probe's sample of the table finds at least this share of
 * the proposals matching it (its words and its filters): then its words are matched row by
 * row on the rows that the sort's index (or the filters' indexes) give, not through the GIN
 * index. A very common word matches hundreds of thousands of rows, and the GIN bitmap of all
 * of them (a second or more at a million proposals) is built before any LIMIT applies,
 * whereas walking the sort's index finds a page of such a search, or the count's cap, after
 * a few thousand rows. A search that its filters make rare keeps the GIN index (combined
 * with the filters' indexes): walking an index for it would read the whole table.
 */
export const FREQUENT_SHARE = 0.05;
/** …or when the sample says it has at least this many matches (more than the count's cap). */
export const FREQUENT_MATCHES = 1.5 * PROPOSAL_COUNT_CAP;
/** About this many rows (whole pages of the table, sampled) are read by the probe… */
const PROBE_ROWS = 2000;
/** …only on a table of at least this many rows (below, the GIN index is always cheap)… */
export const PROBE_MIN_ROWS = 100_000;
/** …and its answer is kept this long per search (frequent words are searched often). */
const PROBE_TTL_MS = 10 * 60_000;
const PROBE_CACHE_SIZE = 1000;

/**
 * The SQL that reads proposals: the searched list, one proposal with its history, figures
 * per territory, current answers. Writes are in ProposalsRepository.
 */
@Injectable()
export class ProposalReadsRepository {
  /** Whether a search is frequent (see FREQUENT_SHARE), and when the probe said so. */
  private readonly frequency = new Map<string, { frequent: boolean; at: number }>();
  /** The table size from which searches are probed (see `probeFrom`). */
  private probeMinRows = PROBE_MIN_ROWS;

  private readonly lexemes = new ProposalLexemesRepository();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Whether at least FREQUENT_SHARE of the proposals match these conditions (`match` being
   * the text search's, written with ts_match_vq), judged on a sample of about PROBE_ROWS
   * rows (TABLESAMPLE SYSTEM: whole pages at random). The planner cannot tell: its estimate
   * for a prefix search (`mobilité:*`) is a fixed guess. A wrong answer costs time, never a
   * wrong result: both ways of matching give the same rows.
   */
  async isFrequent(
    manager: EntityManager,
    conditions: string[],
    filter: SqlParameters,
  ): Promise<boolean> {
    // ($1, the current time, only moves the overdue filter's edge: not part of the key.)
    const key = JSON.stringify([conditions, filter.values.slice(1)]);
    const known = this.frequency.get(key);
    if (known && Date.now() - known.at < PROBE_TTL_MS) return known.frequent;
    const [{ rows }]: Array<{ rows: number }> = await manager.query(
      `SELECT greatest(reltuples, 0)::float8 AS rows FROM pg_class WHERE oid = 'proposals'::regclass`,
    );
    let frequent = false;
    if (rows >= this.probeMinRows) {
      const probe = filter.fork();
      const share = probe.add(Math.min(100, (100 * PROBE_ROWS) / Math.max(rows, 1)));
      const [sample]: Array<{ hits: number; seen: number }> = await manager.query(
        `SELECT count(*) FILTER (WHERE ${conditions.join(' AND ')})::int AS hits,
                count(*)::int AS seen, $1::timestamptz AS at
         FROM proposals p TABLESAMPLE SYSTEM (${share})`,
        probe.values,
      );
      // Frequent: a share of the table, or enough matches to reach the count's cap.
      frequent =
        sample.seen > 0 &&
        (sample.hits >= FREQUENT_SHARE * sample.seen ||
          (sample.hits / sample.seen) * rows >= FREQUENT_MATCHES);
    }
    if (this.frequency.size >= PROBE_CACHE_SIZE) this.frequency.clear();
    this.frequency.set(key, { frequent, at: Date.now() });
    return frequent;
  }

  /** Probes searches on tables of at least `minRows` rows from now on (tests lower it). */
  probeFrom(minRows: number): void {
    this.probeMinRows = minRows;
    this.frequency.clear();
  }

  private get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /**
   * One page of the search and the number of matches, counted up to COUNT_CAP + 1 (beyond,
   * the list says "more than"). A text search sorted by `recent` ranks by relevance the
   * PROPOSAL_RANKED_CANDIDATES most recent matches, then goes on with the older ones by date.
   */
  async search(search: ProposalSearch): Promise<SearchResult> {
    const filter = new SqlParameters([search.now]);
    const where: string[] = [];
    if (search.excludeDrafts) where.push(`p.status <> 'draft'`);
    if (search.scope) where.push(`p.territory_id = ANY(${filter.add(search.scope)}::uuid[])`);
    if (search.territoryId)
      where.push(`p.territory_id IN ${descendantsOf(filter.add(search.territoryId))}`);
    if (search.campaignId) where.push(`p.campaign_id = ${filter.add(search.campaignId)}`);
    if (search.theme) where.push(`p.themes @> ARRAY[${filter.add(search.theme)}]::text[]`);
    if (search.source) where.push(`p.source = ${filter.add(search.source)}`);
    if (search.status) where.push(`p.status = ${filter.add(search.status)}`);
    if (search.overdue === true)
      where.push(`p.status IN ('published', 'under_review') AND p.answer_due_at < $1`);
    if (search.overdue === false)
      where.push(`NOT (p.status IN ('published', 'under_review') AND p.answer_due_at < $1)`);
    const { total, cap, page } = await this.dataSource.transaction(
      'REPEATABLE READ',
      async (manager) => {
        let match: string | null = null;
        let frequent = false;
        if (search.tsquery) {
          // The prefixes as the exact lexemes they match when there are few (same rows; see
          // ProposalLexemesRepository), else as typed.
          const exact = await this.lexemes.exactQuery(manager, search.tsquery);
          const text = filter.add(exact ?? search.tsquery);
          const query =
            exact !== null ? `${text}::tsquery` : `to_tsquery('french_unaccent', ${text})`;
          // A frequent search: ts_match_vq is `@@` that the planner cannot serve by the GIN index.
          match = `ts_match_vq(p.search_vector, ${query})`;
          frequent = await this.isFrequent(manager, [...where, match], filter);
          where.push(frequent ? match : `p.search_vector @@ ${query}`);
        }
        // A frequent search says "more than 1,000": counting 10,001 of its matches reads about
        // 10,000 scattered pages of the table (a third of a second at a million proposals).
        const cap = frequent ? PROPOSAL_FREQUENT_COUNT_CAP : PROPOSAL_COUNT_CAP;
        // Bitmaps of a few hundred thousand matches stay exact (no lossy pages to recheck).
        await manager.query(`SET LOCAL work_mem = '32MB'`);
        const [{ total }]: Array<{ total: number }> = await manager.query(
          // $1 (now) is typed even when no filter uses it.
          `SELECT count(*)::int AS total FROM (
           SELECT $1::timestamptz FROM proposals p ${sqlWhere(where)} LIMIT ${cap + 1}
         ) matches`,
          filter.values,
        );
        // More than the cap: at least 1 % of a million rows match (or 0.1 % for a frequent
        // search, which the probe saw at 5 % or 15,000 matches), so walking the
        // sort's index and filtering finds a page (or the ranked candidates) after a few
        // thousand rows, where a bitmap or a scan would read and sort every match. The
        // planner's estimates for prefix searches (`a:* & b:*`) are too rough to see it: the
        // words are matched row by row (ts_match_vq, estimated as common), which leaves it
        // no other index to drive the page with than the sort's.
        if (total > cap) {
          await manager.query(`SET LOCAL enable_bitmapscan = off`);
          await manager.query(`SET LOCAL enable_seqscan = off`);
          if (match) where[where.length - 1] = match;
        }
        const page =
          search.tsquery && search.sort === 'recent' && !search.from.after
            ? await this.rankedPage(manager, search, filter, where, search.tsquery)
            : await this.keyedPage(manager, search, filter, where, search.from);
        return { total, cap, page };
      },
    );
    const rows = page.ids.length > 0 ? await this.summaries(search.now, page.ids) : [];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return { rows: page.ids.map((id) => byId.get(id)!), total, cap, next: page.next };
  }

  /**
   * A page in the order of SORT_KEYS: after the keys of the previous page's last row when
   * `from.after` is set (then `skip` rows more), else at the offset `from.position`.
   */
  private async keyedPage(
    manager: EntityManager,
    search: ProposalSearch,
    filter: SqlParameters,
    where: string[],
    from: PagePosition,
    skip = from.after ? 0 : from.position,
  ): Promise<{ ids: string[]; next: PagePosition | null }> {
    const { keys, descending } = SORT_KEYS[search.sort];
    const paged = filter.fork();
    const conditions = [...where];
    if (from.after) {
      const types = KEY_TYPES[search.sort];
      const values = from.after.map((value, i) => `${paged.add(value)}::${types[i]}`);
      conditions.push(`(${keys.join(', ')}) ${descending ? '<' : '>'} (${values.join(', ')})`);
    }
    const direction = descending ? ' DESC' : '';
    const rows: Array<{ id: string; keys: SortValues }> = await manager.query(
      `SELECT p.id, ARRAY[${keys.map((key) => `${key}::text`).join(', ')}] AS keys, $1::timestamptz AS at
       FROM proposals p ${sqlWhere(conditions)}
       ORDER BY ${keys.map((key) => key + direction).join(', ')}
       LIMIT ${paged.add(search.limit + 1)} OFFSET ${paged.add(skip)}`,
      paged.values,
    );
    const page = rows.slice(0, search.limit);
    const more = rows.length > search.limit;
    return {
      ids: page.map((row) => row.id),
      next: more
        ? { position: from.position + page.length, after: page[page.length - 1].keys }
        : null,
    };
  }

  /**
   * A page of a search by relevance: the PROPOSAL_RANKED_CANDIDATES most recent matches
   * ranked by ts_rank (the GIN index finds the matches, the recent order bounds how many are
   * ranked), at the offset `from.position`. Past them, the older matches follow by date.
   */
  private async rankedPage(
    manager: EntityManager,
    search: ProposalSearch,
    filter: SqlParameters,
    where: string[],
    tsquery: string,
  ): Promise<{ ids: string[]; next: PagePosition | null }> {
    const [date, id] = SORT_KEYS.recent.keys;
    const paged = filter.fork();
    // Ranked by the prefixes as typed (the exact lexemes find the same rows, not the same scores).
    const typed = paged.add(tsquery);
    const start = search.from.position;
    const [page]: Array<{ ids: string[]; candidates: number; oldest: SortValues | null }> =
      await manager.query(
        `WITH c AS MATERIALIZED (
           SELECT p.id, p.search_vector, ${date} AS date FROM proposals p ${sqlWhere(where)}
           ORDER BY ${date} DESC, ${id} DESC LIMIT ${PROPOSAL_RANKED_CANDIDATES}
         ), ranked AS (
           SELECT c.id, row_number() OVER (
             ORDER BY ts_rank(c.search_vector, to_tsquery('french_unaccent', ${typed})) DESC,
                      c.date DESC, c.id DESC) AS n
           FROM c
         )
         SELECT
           (SELECT coalesce(array_agg(ranked.id ORDER BY ranked.n), '{}') FROM ranked
             WHERE ranked.n > ${paged.add(start)} AND ranked.n <= ${paged.add(start + search.limit)}) AS ids,
           (SELECT count(*)::int FROM c) AS candidates,
           (SELECT ARRAY[c.date::text, c.id::text] FROM c ORDER BY c.date, c.id LIMIT 1) AS oldest,
           $1::timestamptz AS at`,
        paged.values,
      );
    const ids: string[] = page.ids;
    const end = start + ids.length;
    if (page.candidates < PROPOSAL_RANKED_CANDIDATES || !page.oldest)
      // Every match was ranked.
      return { ids, next: end < page.candidates ? { position: end } : null };
    if (end < page.candidates) return { ids, next: { position: end } };
    // The candidates are exhausted (on this page or before it): the older matches by date.
    const after = { position: page.candidates, after: page.oldest };
    if (ids.length === search.limit) {
      // The next page starts right after the oldest candidate, if there is an older match.
      const probe = await this.keyedPage(
        manager,
        { ...search, sort: 'recent', limit: 1 },
        filter,
        where,
        after,
      );
      return { ids, next: probe.ids.length > 0 ? after : null };
    }
    const rest = await this.keyedPage(
      manager,
      { ...search, sort: 'recent', limit: search.limit - ids.length },
      filter,
      where,
      { position: end, after: page.oldest },
      Math.max(0, start - page.candidates),
    );
    return { ids: [...ids, ...rest.ids], next: rest.next };
  }

  /** The summaries of these proposals, in no particular order. */
  summaries(now: Date, ids: string[]): Promise<SummaryRow[]> {
    return this.manager.query(
      `SELECT ${SUMMARY_COLUMNS} FROM ${SUMMARY_FROM} WHERE p.id = ANY($2::uuid[])`,
      [now, ids],
    );
  }

  async detail(now: Date, id: string): Promise<DetailRow | null> {
    const [row]: DetailRow[] = await this.manager.query(
      `SELECT ${SUMMARY_COLUMNS}, p.need, p.action, c.title AS campaign_title, c.answer_states,
              p.workshop_id, w.title AS workshop_title, coalesce(w.starts_at, w.created_at) AS workshop_date,
              p.theme_name, p.panel_id
       FROM ${SUMMARY_FROM}
       JOIN campaigns c ON c.id = p.campaign_id
       LEFT JOIN workshops w ON w.id = p.workshop_id
       WHERE p.id = $2`,
      [now, id],
    );
    return row ?? null;
  }

  /** The visible ideas the proposal comes from. */
  linkedIdeas(id: string): Promise<IdeaTextRow[]> {
    return this.manager.query(
      `SELECT i.id, i.text FROM proposal_ideas pi JOIN ideas i ON i.id = pi.idea_id
       WHERE pi.proposal_id = $1 AND i.hidden_at IS NULL ORDER BY i.created_at, i.id`,
      [id],
    );
  }

  /** Every version of the answer, newest first. */
  answers(id: string): Promise<AnswerRow[]> {
    return this.manager.query(
      `SELECT version, state, reasons, official_name, official_office, answered_at
       FROM proposal_answers WHERE proposal_id = $1 ORDER BY version DESC`,
      [id],
    );
  }

  followUps(id: string): Promise<FollowUpRow[]> {
    return this.manager.query(
      `SELECT id, progress, text, author_name, created_at FROM proposal_follow_ups
       WHERE proposal_id = $1 ORDER BY created_at, id`,
      [id],
    );
  }

  /** New supports per day (UTC). */
  supportsPerDay(id: string): Promise<SupportDayRow[]> {
    return this.manager.query(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS count
       FROM proposal_supports WHERE proposal_id = $1 GROUP BY 1 ORDER BY 1`,
      [id],
    );
  }

  async isSupportedBy(id: string, supporterKey: string): Promise<boolean> {
    const rows: unknown[] = await this.manager.query(
      `SELECT 1 FROM proposal_supports WHERE proposal_id = $1 AND supporter_key = $2`,
      [id, supporterKey],
    );
    return rows.length > 0;
  }

  /** Per territory (under `territoryId` when given): public proposals, answers, delays. */
  figures(
    now: Date,
    campaignId: string | null,
    territoryId: string | null,
  ): Promise<TerritoryFiguresRow[]> {
    return this.manager.query(
      `SELECT p.territory_id, t.name AS territory_name, count(*)::int AS proposals,
              count(*) FILTER (WHERE p.status = 'answered')::int AS answered,
              count(*) FILTER (WHERE p.status IN ('published', 'under_review') AND p.answer_due_at < $1)::int AS overdue,
              round((avg(extract(epoch FROM p.answered_at - p.published_at))
                FILTER (WHERE p.answered_at IS NOT NULL) / 86400)::numeric, 1)::float AS average_answer_days
       FROM proposals p JOIN territories t ON t.id = p.territory_id
       WHERE p.status <> 'draft' AND ($2::uuid IS NULL OR p.campaign_id = $2)
         AND ($3::uuid IS NULL OR p.territory_id IN ${descendantsOf('$3')})
       GROUP BY p.territory_id, t.name ORDER BY t.name`,
      [now, campaignId, territoryId],
    );
  }

  /** The current (latest) answer of each of these proposals that has one. */
  async currentAnswers(ids: string[]): Promise<Map<string, CurrentAnswerRow>> {
    const rows: CurrentAnswerRow[] = await this.manager.query(
      `SELECT DISTINCT ON (proposal_id) proposal_id, version, state, reasons, official_name, official_office, answered_at
       FROM proposal_answers WHERE proposal_id = ANY($1::uuid[]) ORDER BY proposal_id, version DESC`,
      [ids],
    );
    return new Map(rows.map((row) => [row.proposal_id, row]));
  }
}
