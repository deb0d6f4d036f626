import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface ReminderRow {
  user_id: string;
  email: string;
  proposal_id: string;
  title: string;
  answer_due_at: Date;
  key: string;
}

export interface DigestRow {
  user_id: string;
  email: string;
  display_name: string;
  waiting: number;
  overdue: number;
  titles: string[];
}

/**
 * The officials (role `official`, not disabled) whose scope covers the proposal: no scope
 * means everywhere, else one of their scopes is the proposal's territory or above it.
 */
const COVERS = `'official' = ANY (u.roles) AND u.disabled_at IS NULL AND (
  NOT EXISTS (SELECT 1 FROM user_territory_scopes s WHERE s.user_id = u.id)
  OR EXISTS (
    WITH RECURSIVE up AS (
      SELECT id, parent_id FROM territories WHERE id = p.territory_id
      UNION SELECT t.id, t.parent_id FROM territories t JOIN up ON t.id = up.parent_id)
    SELECT 1 FROM up JOIN user_territory_scopes s ON s.territory_id = up.id AND s.user_id = u.id))`;

const WAITING = `p.status IN ('published', 'under_review') AND p.answer_due_at IS NOT NULL`;

/** The SQL of the officials' reminders and weekly digests. */
@Injectable()
export class AnswerRemindersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * (official, proposal) pairs whose reminder is due and not yet in the outbox: answers due
   * within `days` days of `now` (`soon`), or past due (`overdue`). The key says which due date
   * the reminder is for, so a changed due date gets a reminder of its own.
   */
  reminders(
    manager: EntityManager,
    kind: 'soon' | 'overdue',
    now: Date,
    days: number,
  ): Promise<ReminderRow[]> {
    const window =
      kind === 'soon'
        ? `p.answer_due_at > $1 AND p.answer_due_at - make_interval(days => $2) <= $1`
        : `p.answer_due_at <= $1 AND $2::int IS NOT NULL`;
    const prefix = kind === 'soon' ? 'answer-due-soon' : 'answer-overdue';
    return manager.query(
      `SELECT * FROM (
         SELECT u.id AS user_id, u.email, p.id AS proposal_id, p.title, p.answer_due_at,
           '${prefix}:' || p.id || ':' || u.id || ':' || floor(extract(epoch FROM p.answer_due_at))::bigint AS key
         FROM proposals p JOIN users u ON ${COVERS}
         WHERE ${WAITING} AND ${window}) r
       WHERE NOT EXISTS (SELECT 1 FROM mail_outbox o WHERE o.idempotency_key = r.key)
       ORDER BY r.answer_due_at, r.proposal_id, r.user_id
       LIMIT 500`,
      [now, days],
    );
  }

  /** Each official's queue: the waiting answers in scope, how many overdue, the first titles. */
  digests(manager: EntityManager, now: Date): Promise<DigestRow[]> {
    return manager.query(
      `SELECT u.id AS user_id, u.email, u.display_name, count(*)::int AS waiting,
         count(*) FILTER (WHERE p.answer_due_at < $1)::int AS overdue,
         (array_agg(p.title ORDER BY p.answer_due_at, p.id))[1:10] AS titles
       FROM proposals p JOIN users u ON ${COVERS}
       WHERE ${WAITING}
       GROUP BY u.id, u.email, u.display_name
       ORDER BY u.id`,
      [now],
    );
  }
}
