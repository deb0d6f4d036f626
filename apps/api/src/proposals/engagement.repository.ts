import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ProposalStatus } from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { returningRows } from '../database/returning-rows';

export interface NotificationRow {
  proposal_id: string;
  title: string;
  kind: 'answered' | 'follow_up';
  detail: string;
  at: Date;
  from_workshop: boolean;
}

export interface CommentRow {
  id: string;
  author_label: string;
  text: string;
  created_at: Date;
  hidden: boolean;
  reports: number;
}

export interface ProposalVisibilityRow {
  status: ProposalStatus;
  territory_id: string;
}

/**
 * Every SQL statement of supports, follows, comments, reports and notifications. Methods
 * that run inside a transaction take its manager first (PGlite has one query queue).
 */
@Injectable()
export class EngagementRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  // ---- identities ----

  /** Stores a public supporter by the hash (hex) of its token. */
  async insertPublicSupporter(tokenHashHex: string, at: Date): Promise<void> {
    await this.manager.query(
      `INSERT INTO public_supporters (token_hash, created_at) VALUES (decode($1, 'hex'), $2)`,
      [tokenHashHex, at],
    );
  }

  async publicSupporterId(tokenHashHex: string): Promise<string | null> {
    const [row]: Array<{ id: string }> = await this.manager.query(
      `SELECT id FROM public_supporters WHERE token_hash = decode($1, 'hex')`,
      [tokenHashHex],
    );
    return row?.id ?? null;
  }

  async staffName(userId: string): Promise<{ display_name: string; office: string | null }> {
    const [user]: Array<{ display_name: string; office: string | null }> = await this.manager.query(
      `SELECT display_name, office FROM users WHERE id = $1`,
      [userId],
    );
    return user;
  }

  // ---- the proposal engaged with ----

  /** Status and territory of the proposal (row-locked when `forUpdate`), or null. */
  async visibility(
    manager: EntityManager,
    proposalId: string,
    forUpdate: boolean,
  ): Promise<ProposalVisibilityRow | null> {
    const [row]: ProposalVisibilityRow[] = await manager.query(
      `SELECT status, territory_id FROM proposals WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`,
      [proposalId],
    );
    return row ?? null;
  }

  async title(manager: EntityManager, proposalId: string): Promise<string> {
    const [row]: Array<{ title: string }> = await manager.query(
      `SELECT title FROM proposals WHERE id = $1`,
      [proposalId],
    );
    return row.title;
  }

  async territoryOf(manager: EntityManager, proposalId: string): Promise<string | null> {
    const [proposal]: Array<{ territory_id: string }> = await manager.query(
      `SELECT territory_id FROM proposals WHERE id = $1`,
      [proposalId],
    );
    return proposal?.territory_id ?? null;
  }

  // ---- supports and follows ----

  /** Adds the support unless the key already supports the proposal; whether it was added. */
  async addSupport(
    manager: EntityManager,
    support: { proposalId: string; key: string; kind: string; at: Date },
  ): Promise<boolean> {
    const inserted = await returningRows(
      manager,
      `INSERT INTO proposal_supports (proposal_id, supporter_key, supporter_kind, created_at)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING proposal_id`,
      [support.proposalId, support.key, support.kind, support.at],
    );
    return inserted.length > 0;
  }

  /** Adds one to the proposal's support count; the new count. */
  async incrementSupports(manager: EntityManager, proposalId: string): Promise<number> {
    const [{ supports_count }] = await returningRows<{ supports_count: number }>(
      manager,
      `UPDATE proposals SET supports_count = supports_count + 1 WHERE id = $1 RETURNING supports_count`,
      [proposalId],
    );
    return supports_count;
  }

  async supportsCount(manager: EntityManager, proposalId: string): Promise<number> {
    const [{ supports_count }]: Array<{ supports_count: number }> = await manager.query(
      `SELECT supports_count FROM proposals WHERE id = $1`,
      [proposalId],
    );
    return supports_count;
  }

  async follow(manager: EntityManager, proposalId: string, key: string, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO proposal_followers (proposal_id, follower_key, created_at) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING`,
      [proposalId, key, at],
    );
  }

  async unfollow(manager: EntityManager, proposalId: string, key: string): Promise<void> {
    await manager.query(
      `DELETE FROM proposal_followers WHERE proposal_id = $1 AND follower_key = $2`,
      [proposalId, key],
    );
  }

  /**
   * Answers and follow-ups on the proposals the key follows or supports, and on those built
   * from `workshopId` when given; newest first, after `since` when given, 50 at most.
   */
  notifications(
    key: string,
    since: string | null,
    workshopId: string | null,
  ): Promise<NotificationRow[]> {
    return this.manager.query(
      `WITH mine AS (
         SELECT proposal_id FROM proposal_followers WHERE follower_key = $1
         UNION SELECT proposal_id FROM proposal_supports WHERE supporter_key = $1
         UNION SELECT id FROM proposals WHERE $3::uuid IS NOT NULL AND workshop_id = $3::uuid
       )
       SELECT events.*, p.title, coalesce(p.workshop_id = $3::uuid, false) AS from_workshop FROM (
         SELECT a.proposal_id, 'answered' AS kind, a.state AS detail, a.answered_at AS at
         FROM proposal_answers a JOIN mine m ON m.proposal_id = a.proposal_id
         UNION ALL
         SELECT f.proposal_id, 'follow_up', f.progress::text, f.created_at
         FROM proposal_follow_ups f JOIN mine m ON m.proposal_id = f.proposal_id
       ) events
       JOIN proposals p ON p.id = events.proposal_id
       WHERE $2::timestamptz IS NULL OR at > $2::timestamptz
       ORDER BY at DESC LIMIT 50`,
      [key, since, workshopId],
    );
  }

  // ---- comments ----

  /** The proposal's comments in order; hidden ones only when `withHidden`. */
  comments(proposalId: string, withHidden: boolean): Promise<CommentRow[]> {
    return this.manager.query(
      `SELECT c.id, c.author_label, c.text, c.created_at, c.hidden_at IS NOT NULL AS hidden,
              (SELECT count(*)::int FROM proposal_comment_reports r WHERE r.comment_id = c.id) AS reports
       FROM proposal_comments c
       WHERE c.proposal_id = $1 AND ($2 OR c.hidden_at IS NULL)
       ORDER BY c.created_at, c.id`,
      [proposalId, withHidden],
    );
  }

  async insertComment(
    manager: EntityManager,
    comment: { proposalId: string; key: string; label: string; text: string; at: Date },
  ): Promise<{ id: string; created_at: Date }> {
    const [row]: Array<{ id: string; created_at: Date }> = await manager.query(
      `INSERT INTO proposal_comments (proposal_id, author_key, author_label, text, created_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at`,
      [comment.proposalId, comment.key, comment.label, comment.text, comment.at],
    );
    return row;
  }

  async commentExists(
    manager: EntityManager,
    proposalId: string,
    commentId: string,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM proposal_comments WHERE id = $1 AND proposal_id = $2`,
      [commentId, proposalId],
    );
    return rows.length > 0;
  }

  /** Records the report; a second report by the same key changes nothing. */
  async report(manager: EntityManager, commentId: string, key: string, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO proposal_comment_reports (comment_id, reporter_key, created_at) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING`,
      [commentId, key, at],
    );
  }

  /** Hides the comment (keeping the first hiding's time and author) or restores it. */
  async setHidden(
    manager: EntityManager,
    commentId: string,
    hide: boolean,
    at: Date,
    by: string,
  ): Promise<void> {
    await manager.query(
      hide
        ? `UPDATE proposal_comments SET hidden_at = coalesce(hidden_at, $2), hidden_by = coalesce(hidden_by, $3) WHERE id = $1`
        : `UPDATE proposal_comments SET hidden_at = NULL, hidden_by = NULL WHERE id = $1 AND $2::timestamptz IS NOT NULL AND $3::uuid IS NOT NULL`,
      [commentId, at, by],
    );
  }
}
