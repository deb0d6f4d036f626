import { Injectable } from '@nestjs/common';
import type { ActivityStatus, WorkshopStatus } from '@permanente/contracts';
import { EntityManager } from 'typeorm';
import { returningRows } from '../database/returning-rows';
import type { ActivityRow } from './live-views';

/** The columns of an activity: rows of `ActivityRow`. */
export const ACTIVITY_COLUMNS = `id, position, kind, prompt, status, categories, dots, vote_on, options, multiple, timer_ends_at`;

/** The columns of a new activity, as the service worked them out. */
export interface NewActivity {
  kind: string;
  prompt: string;
  categories: string[];
  dots: number | null;
  voteOn: string | null;
  options: string[];
  multiple: boolean;
}

/** The SQL of the agenda: activities and the workshop's status (AgendaService holds the rules). */
@Injectable()
export class AgendaRepository {
  /** The workshop's territory and status, its row locked for the change. */
  async lockWorkshop(
    manager: EntityManager,
    workshopId: string,
  ): Promise<{ territory_id: string; status: WorkshopStatus } | undefined> {
    const [workshop]: Array<{ territory_id: string; status: WorkshopStatus }> = await manager.query(
      `SELECT territory_id, status FROM workshops WHERE id = $1 FOR UPDATE`,
      [workshopId],
    );
    return workshop;
  }

  /** A new activity, last of the workshop's agenda. */
  async insertActivity(
    manager: EntityManager,
    workshopId: string,
    activity: NewActivity,
  ): Promise<ActivityRow> {
    const [row]: ActivityRow[] = await manager.query(
      `INSERT INTO activities (workshop_id, position, kind, prompt, categories, dots, vote_on, options, multiple)
         VALUES ($1, (SELECT coalesce(max(position), 0) + 1 FROM activities WHERE workshop_id = $1), $2, $3, $4, $5, $6, $7, $8)
         RETURNING ${ACTIVITY_COLUMNS}`,
      [
        workshopId,
        activity.kind,
        activity.prompt,
        activity.categories,
        activity.dots,
        activity.voteOn,
        activity.options,
        activity.multiple,
      ],
    );
    return row;
  }

  /** An activity of the workshop, locked for the change. */
  async lockActivity(
    manager: EntityManager,
    workshopId: string,
    activityId: string,
  ): Promise<ActivityRow | undefined> {
    const [current]: ActivityRow[] = await manager.query(
      `SELECT ${ACTIVITY_COLUMNS} FROM activities WHERE id = $1 AND workshop_id = $2 FOR UPDATE`,
      [activityId, workshopId],
    );
    return current;
  }

  /** Closes the workshop's open activities (but `except`); returns those it closed. */
  closeOpenActivities(
    manager: EntityManager,
    workshopId: string,
    except: string | null = null,
  ): Promise<ActivityRow[]> {
    return returningRows<ActivityRow>(
      manager,
      `UPDATE activities SET status = 'closed', timer_ends_at = NULL
       WHERE workshop_id = $1 AND status = 'open' AND ($2::uuid IS NULL OR id <> $2)
       RETURNING ${ACTIVITY_COLUMNS}`,
      [workshopId, except],
    );
  }

  async updateActivity(
    manager: EntityManager,
    activityId: string,
    change: { status: ActivityStatus; prompt: string; timerEndsAt: Date | null },
  ): Promise<ActivityRow> {
    const [row] = await returningRows<ActivityRow>(
      manager,
      `UPDATE activities SET status = $2, prompt = $3, timer_ends_at = $4 WHERE id = $1 RETURNING ${ACTIVITY_COLUMNS}`,
      [activityId, change.status, change.prompt, change.timerEndsAt],
    );
    return row;
  }

  async setWorkshopStatus(
    manager: EntityManager,
    workshopId: string,
    status: WorkshopStatus,
  ): Promise<void> {
    await manager.query(`UPDATE workshops SET status = $2, updated_at = now() WHERE id = $1`, [
      workshopId,
      status,
    ]);
  }

  /** Locks or unlocks the workshop's door; false when it already was. */
  async setEntryLock(
    manager: EntityManager,
    workshopId: string,
    locked: boolean,
  ): Promise<boolean> {
    const changed = await returningRows<{ id: string }>(
      manager,
      `UPDATE workshops SET entry_locked = $2, updated_at = now() WHERE id = $1 AND entry_locked <> $2 RETURNING id`,
      [workshopId, locked],
    );
    return changed.length > 0;
  }
}
