import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ProposalListQuery, ProposalSource, ProposalStatus } from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { SqlParameters } from '../database/sql-parameters';
import { descendantsOf } from '../territories/territories.repository';
import type { IdeaTextRow } from './proposals.repository';

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
  offset: number;
}

/**
 * The SQL that reads proposals: the searched list, one proposal with its history, figures
 * per territory, current answers. Writes are in ProposalsRepository.
 */
@Injectable()
export class ProposalReadsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** One page of the search and the number of matches in all. */
  async search(search: ProposalSearch): Promise<{ rows: SummaryRow[]; total: number }> {
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
    let rank = '';
    if (search.tsquery) {
      const q = filter.add(search.tsquery);
      where.push(`p.search_vector @@ to_tsquery('french_unaccent', ${q})`);
      rank = `ts_rank(p.search_vector, to_tsquery('french_unaccent', ${q})) DESC, `;
    }
    const order = {
      // These two follow the indexes (supports_count DESC, id) and (published_at DESC, id).
      supports: `p.supports_count DESC, p.id`,
      recent: `${rank}p.published_at DESC, p.id`,
      oldest: `p.published_at ASC NULLS LAST, p.created_at, p.id`,
      due: `p.answer_due_at ASC NULLS LAST, p.id`,
    }[search.sort];
    const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    if (search.tsquery) {
      // A text search reads every matching row anyway (the GIN index gives no order and no
      // count): one pass finds the page's ids and the total, then the page is read by id.
      const paged = filter.fork();
      const page: Array<{ id: string; total: number }> = await this.manager.query(
        `SELECT p.id, count(*) OVER ()::int AS total, $1::timestamptz AS at FROM proposals p ${whereSql}
         ORDER BY ${order} LIMIT ${paged.add(search.limit)} OFFSET ${paged.add(search.offset)}`,
        paged.values,
      );
      if (page.length > 0) {
        const ids = page.map((row) => row.id);
        const rows = await this.summaries(search.now, ids);
        const byId = new Map(rows.map((row) => [row.id, row]));
        return { rows: ids.map((id) => byId.get(id)!), total: page[0].total };
      }
      // Past the last page: the total still has to be counted, below.
    }
    const paged = filter.fork();
    const rows: SummaryRow[] = await this.manager.query(
      `SELECT ${SUMMARY_COLUMNS} FROM ${SUMMARY_FROM} ${whereSql}
       ORDER BY ${order} LIMIT ${paged.add(search.limit)} OFFSET ${paged.add(search.offset)}`,
      paged.values,
    );
    const [{ total }]: Array<{ total: number }> = await this.manager.query(
      // $1 (now) is typed even when no filter uses it.
      `SELECT count(*)::int AS total, $1::timestamptz AS at FROM proposals p ${whereSql}`,
      filter.values,
    );
    return { rows, total };
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
