import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ProposalSource, ProposalStatus, WorkshopStatus } from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { returningRows } from '../database/returning-rows';
import { SqlParameters } from '../database/sql-parameters';

/** What the life cycle needs of a locked proposal. */
export interface ProposalLockRow {
  id: string;
  status: ProposalStatus;
  territory_id: string;
  campaign_id: string;
}

export interface DraftSourceWorkshopRow {
  title: string;
  status: WorkshopStatus;
  territory_id: string;
  campaign_id: string | null;
}

export interface IdeaTextRow {
  id: string;
  text: string;
}

/** The staff member who answers or follows up, as the public history names them. */
export interface OfficialRow {
  display_name: string;
  office: string | null;
}

/** The columns of a new proposal, trimmed and defaulted by the service. */
export interface NewProposalValues {
  campaignId: string;
  territoryId: string;
  title: string;
  need: string;
  action: string;
  themes: string[];
  source: ProposalSource;
  sourceBody: string | null;
  authors: string;
  workshopId: string | null;
  themeId: string | null;
  themeName: string | null;
  panelId: string | null;
  createdBy: string | null;
  createdAt: Date;
}

/** The fields of a draft that may change, as columns. */
export interface DraftChanges {
  title?: string;
  need?: string;
  action?: string;
  themes?: string[];
  authors?: string;
  source_body?: string | null;
}

const DRAFT_COLUMNS: Array<keyof DraftChanges> = [
  'title',
  'need',
  'action',
  'themes',
  'authors',
  'source_body',
];

/**
 * Every SQL statement of proposals, their answers and follow-ups. Methods that run inside a
 * transaction take its manager first (PGlite has one query queue).
 */
@Injectable()
export class ProposalsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  // ---- life cycle ----

  /** Locks the proposal row for the transaction; null when missing. */
  async lock(manager: EntityManager, id: string): Promise<ProposalLockRow | null> {
    const [row]: ProposalLockRow[] = await manager.query(
      `SELECT id, status, territory_id, campaign_id FROM proposals WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row ?? null;
  }

  async insert(manager: EntityManager, values: NewProposalValues): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO proposals (campaign_id, territory_id, title, need, action, themes, source,
         source_body, authors, workshop_id, theme_id, theme_name, panel_id, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)
       RETURNING id`,
      [
        values.campaignId,
        values.territoryId,
        values.title,
        values.need,
        values.action,
        values.themes,
        values.source,
        values.sourceBody,
        values.authors,
        values.workshopId,
        values.themeId,
        values.themeName,
        values.panelId,
        values.createdBy,
        values.createdAt,
      ],
    );
    return row.id;
  }

  /** Writes the changed fields of a draft (nothing when none changed). */
  async updateDraft(
    manager: EntityManager,
    id: string,
    changes: DraftChanges,
    now: Date,
  ): Promise<void> {
    const parameters = new SqlParameters([id, now]);
    const sets = DRAFT_COLUMNS.filter((column) => changes[column] !== undefined).map(
      (column) => `${column} = ${parameters.add(changes[column])}`,
    );
    if (sets.length === 0) return;
    await manager.query(
      `UPDATE proposals SET ${sets.join(', ')}, updated_at = $2 WHERE id = $1`,
      parameters.values,
    );
  }

  /**
   * draft → published, the answer due date set from the campaign's answer delay. False when
   * the proposal was not a draft.
   */
  async publish(manager: EntityManager, id: string, now: Date): Promise<boolean> {
    const rows = await returningRows(
      manager,
      `UPDATE proposals p
       SET status = 'published', published_at = $2::timestamptz, updated_at = $2::timestamptz,
           answer_due_at = $2::timestamptz + make_interval(days => c.answer_delay_days)
       FROM campaigns c
       WHERE p.id = $1 AND c.id = p.campaign_id AND p.status = 'draft'
       RETURNING p.id`,
      [id, now],
    );
    return rows.length > 0;
  }

  /** published → under review. */
  async startReview(manager: EntityManager, id: string, now: Date): Promise<void> {
    await manager.query(
      `UPDATE proposals SET status = 'under_review', updated_at = $2 WHERE id = $1`,
      [id, now],
    );
  }

  async linkIdeas(manager: EntityManager, proposalId: string, ideaIds: string[]): Promise<void> {
    await manager.query(
      `INSERT INTO proposal_ideas (proposal_id, idea_id) SELECT $1, unnest($2::uuid[])`,
      [proposalId, ideaIds],
    );
  }

  // ---- what drafting reads elsewhere ----

  async territoryExists(manager: EntityManager, territoryId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM territories WHERE id = $1`, [
      territoryId,
    ]);
    return rows.length > 0;
  }

  async campaignExists(manager: EntityManager, campaignId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM campaigns WHERE id = $1`, [
      campaignId,
    ]);
    return rows.length > 0;
  }

  /** The workshop a draft comes from, share-locked so that it stays closed meanwhile. */
  async workshopForDraft(
    manager: EntityManager,
    workshopId: string,
  ): Promise<DraftSourceWorkshopRow | null> {
    const [workshop]: DraftSourceWorkshopRow[] = await manager.query(
      `SELECT title, status, territory_id, campaign_id FROM workshops WHERE id = $1 FOR SHARE`,
      [workshopId],
    );
    return workshop ?? null;
  }

  async themeName(
    manager: EntityManager,
    themeId: string,
    workshopId: string,
  ): Promise<string | null> {
    const [theme]: Array<{ name: string }> = await manager.query(
      `SELECT name FROM themes WHERE id = $1 AND workshop_id = $2`,
      [themeId, workshopId],
    );
    return theme?.name ?? null;
  }

  /** The visible (not moderated) ideas of a theme, oldest first. */
  visibleIdeasOfTheme(manager: EntityManager, themeId: string): Promise<IdeaTextRow[]> {
    return manager.query(
      `SELECT id, text FROM ideas WHERE theme_id = $1 AND hidden_at IS NULL ORDER BY created_at, id`,
      [themeId],
    );
  }

  /** Those of the ideas that are visible ideas of the workshop, oldest first. */
  visibleIdeas(
    manager: EntityManager,
    ideaIds: string[],
    workshopId: string,
  ): Promise<IdeaTextRow[]> {
    return manager.query(
      `SELECT id, text FROM ideas
       WHERE id = ANY($1::uuid[]) AND workshop_id = $2 AND hidden_at IS NULL
       ORDER BY created_at, id`,
      [ideaIds, workshopId],
    );
  }

  // ---- answer states ----

  /**
   * The campaign's answer states; `lock` 'share' while answering, 'update' while changing
   * them (so that no answer with a state being removed lands in between).
   */
  async answerStates(
    manager: EntityManager,
    campaignId: string,
    lock: 'none' | 'share' | 'update' = 'none',
  ): Promise<string[] | null> {
    const suffix = { none: '', share: 'FOR SHARE', update: 'FOR NO KEY UPDATE' }[lock];
    const [campaign]: Array<{ answer_states: string[] }> = await manager.query(
      `SELECT answer_states FROM campaigns WHERE id = $1 ${suffix}`,
      [campaignId],
    );
    return campaign?.answer_states ?? null;
  }

  async setAnswerStates(
    manager: EntityManager,
    campaignId: string,
    states: string[],
    now: Date,
  ): Promise<string[]> {
    const rows = await returningRows<{ answer_states: string[] }>(
      manager,
      `UPDATE campaigns SET answer_states = $2, updated_at = $3 WHERE id = $1 RETURNING answer_states`,
      [campaignId, states, now],
    );
    return rows[0].answer_states;
  }

  /** How many of the campaign's proposals have each state as their current answer. */
  async currentAnswerCounts(
    manager: EntityManager,
    campaignId: string,
  ): Promise<Map<string, number>> {
    const rows: Array<{ state: string; n: number }> = await manager.query(
      `SELECT current.state, count(*)::int AS n
       FROM proposals p
       JOIN LATERAL (
         SELECT a.state FROM proposal_answers a WHERE a.proposal_id = p.id
         ORDER BY a.version DESC LIMIT 1
       ) current ON true
       WHERE p.campaign_id = $1
       GROUP BY current.state`,
      [campaignId],
    );
    return new Map(rows.map((row) => [row.state, row.n]));
  }

  // ---- answers and follow-ups ----

  async official(manager: EntityManager, userId: string): Promise<OfficialRow> {
    const [official]: OfficialRow[] = await manager.query(
      `SELECT display_name, office FROM users WHERE id = $1`,
      [userId],
    );
    return official;
  }

  /** Adds the next version of the proposal's answer and marks it answered; its version. */
  async addAnswer(
    manager: EntityManager,
    answer: {
      proposalId: string;
      state: string;
      reasons: string;
      officialUserId: string;
      official: OfficialRow;
      at: Date;
    },
  ): Promise<number> {
    const [{ version }]: Array<{ version: number }> = await manager.query(
      `INSERT INTO proposal_answers (proposal_id, version, state, reasons, official_user_id,
         official_name, official_office, answered_at)
       VALUES ($1, (SELECT coalesce(max(version), 0) + 1 FROM proposal_answers WHERE proposal_id = $1),
               $2, $3, $4, $5, $6, $7)
       RETURNING version`,
      [
        answer.proposalId,
        answer.state,
        answer.reasons,
        answer.officialUserId,
        answer.official.display_name,
        answer.official.office,
        answer.at,
      ],
    );
    await manager.query(
      `UPDATE proposals SET status = 'answered', answered_at = coalesce(answered_at, $2), updated_at = $2
       WHERE id = $1`,
      [answer.proposalId, answer.at],
    );
    return version;
  }

  async addFollowUp(
    manager: EntityManager,
    followUp: {
      proposalId: string;
      progress: number;
      text: string;
      authorUserId: string;
      authorName: string;
      at: Date;
    },
  ): Promise<string> {
    const [{ id }]: Array<{ id: string }> = await manager.query(
      `INSERT INTO proposal_follow_ups (proposal_id, progress, text, author_user_id, author_name, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        followUp.proposalId,
        followUp.progress,
        followUp.text,
        followUp.authorUserId,
        followUp.authorName,
        followUp.at,
      ],
    );
    return id;
  }
}
