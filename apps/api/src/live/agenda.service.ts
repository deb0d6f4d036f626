import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DEFAULT_DOTS,
  type ActivityView,
  type CreateActivityRequest,
  type LiveEvent,
  type RunSheetTemplate,
  type UpdateActivityRequest,
  type WorkshopStatus,
} from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import type { StaffActor } from '../auth/actor';
import { CLOCK, Clock } from '../common/clock';
import { returningRows } from '../common/sql.util';
import { ChoicesService } from './choices.service';
import { DomainError } from '../common/domain-error';
import { ACTIVITY_COLUMNS, ActivityRow, toActivityView } from './live-views';
import { findRunSheet, RUN_SHEET_TEMPLATES } from './run-sheets';
import { assertNotCheckedOut } from './checked-out';
import { WorkshopEventLog } from './workshop-event-log.service';

/** Which status may follow which: a closed workshop stays closed (its record is final). */
const NEXT_STATUS: Record<WorkshopStatus, WorkshopStatus[]> = {
  draft: ['scheduled', 'live'],
  scheduled: ['draft', 'live'],
  live: ['closed'],
  closed: [],
};

/**
 * The facilitator's agenda: activities run one after another (opening one closes the one
 * that was open), their timers, and the workshop's status. Every change is a logged event.
 */
@Injectable()
export class AgendaService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly log: WorkshopEventLog,
    private readonly access: AccessService,
    private readonly choices: ChoicesService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async addActivity(
    actor: StaffActor,
    workshopId: string,
    request: CreateActivityRequest,
  ): Promise<ActivityView> {
    if (request.kind === 'poll' && !(request.options && request.options.length >= 2)) {
      throw new DomainError('invalid', 'A poll needs at least 2 options', 'options');
    }
    return this.change(actor, workshopId, async (manager) => {
      const added = await this.insertActivity(manager, workshopId, request);
      return { result: added.view, events: [added.event] };
    });
  }

  /** The run sheets a facilitator may apply. */
  runSheets(): readonly RunSheetTemplate[] {
    return RUN_SHEET_TEMPLATES;
  }

  /**
   * Applies a run sheet: its activities are added after the workshop's own, in one
   * transaction (all or none). `actor` null is the demo seed, acting for nobody.
   */
  async applyRunSheet(
    actor: StaffActor | null,
    workshopId: string,
    templateId: string,
  ): Promise<ActivityView[]> {
    return this.change(actor, workshopId, async (manager, status) => {
      // Checked after the scope: a caller out of scope learns nothing.
      const template = findRunSheet(templateId);
      if (!template)
        throw new DomainError(
          'invalid',
          `templateId must be one of: ${RUN_SHEET_TEMPLATES.map((t) => t.id).join(', ')}`,
          'templateId',
        );
      if (status === 'closed')
        throw new DomainError('conflict', 'A closed workshop keeps its agenda as it was');
      const views: ActivityView[] = [];
      const events: LiveEvent[] = [];
      for (const { minutes: _minutes, ...activity } of template.activities) {
        const added = await this.insertActivity(manager, workshopId, activity);
        views.push(added.view);
        events.push(added.event);
      }
      return { result: views, events };
    });
  }

  private async insertActivity(
    manager: EntityManager,
    workshopId: string,
    request: CreateActivityRequest,
  ): Promise<{ view: ActivityView; event: LiveEvent }> {
    const [row]: ActivityRow[] = await manager.query(
      `INSERT INTO activities (workshop_id, position, kind, prompt, categories, dots, vote_on, options, multiple)
         VALUES ($1, (SELECT coalesce(max(position), 0) + 1 FROM activities WHERE workshop_id = $1), $2, $3, $4, $5, $6, $7, $8)
         RETURNING ${ACTIVITY_COLUMNS}`,
      [
        workshopId,
        request.kind,
        request.prompt.trim(),
        request.kind === 'idea_board' ? (request.categories ?? []) : [],
        request.kind === 'dot_vote' ? (request.dots ?? DEFAULT_DOTS) : null,
        request.kind === 'dot_vote' ? (request.voteOn ?? 'ideas') : null,
        request.kind === 'poll' ? request.options!.map((option) => option.trim()) : [],
        request.kind === 'poll' ? (request.multiple ?? false) : false,
      ],
    );
    const view = toActivityView(row);
    return {
      view,
      event: await this.log.append(manager, workshopId, 'activity.added', view, row.id),
    };
  }

  async updateActivity(
    actor: StaffActor | null,
    workshopId: string,
    activityId: string,
    request: UpdateActivityRequest,
  ): Promise<ActivityView> {
    return this.change(actor, workshopId, async (manager) => {
      const [current]: ActivityRow[] = await manager.query(
        `SELECT ${ACTIVITY_COLUMNS} FROM activities WHERE id = $1 AND workshop_id = $2 FOR UPDATE`,
        [activityId, workshopId],
      );
      if (!current)
        throw new DomainError('not_found', `No activity ${activityId} in this workshop`);
      const events: LiveEvent[] = [];
      if (request.status === 'open' && current.status !== 'open') {
        // One activity at a time: the one running is closed first.
        const closed: ActivityRow[] = await returningRows(
          manager,
          `UPDATE activities SET status = 'closed', timer_ends_at = NULL
           WHERE workshop_id = $1 AND status = 'open' AND id <> $2 RETURNING ${ACTIVITY_COLUMNS}`,
          [workshopId, activityId],
        );
        events.push(...(await this.closedEvents(manager, workshopId, closed)));
      }
      const timerEndsAt =
        request.timerSeconds === undefined
          ? current.timer_ends_at
          : request.timerSeconds === null
            ? null
            : new Date(this.clock.now().getTime() + request.timerSeconds * 1000);
      const [row]: ActivityRow[] = await returningRows(
        manager,
        `UPDATE activities SET status = $2, prompt = $3, timer_ends_at = $4 WHERE id = $1 RETURNING ${ACTIVITY_COLUMNS}`,
        [
          activityId,
          request.status ?? current.status,
          request.prompt?.trim() ?? current.prompt,
          timerEndsAt,
        ],
      );
      const view = toActivityView(row);
      if (row.status === 'closed' && current.status !== 'closed')
        events.push(...(await this.closedEvents(manager, workshopId, [row])));
      else
        events.push(await this.log.append(manager, workshopId, 'activity.updated', view, row.id));
      return { result: view, events };
    });
  }

  /**
   * The events of activities just closed: each one's new status, then, for votes, positions
   * and polls, its final results. Choices take the activity row FOR SHARE and closing takes it
   * FOR UPDATE, so these results count every choice ever acknowledged, even one whose
   * periodic tally was not sent (an instance stopped in between).
   */
  private async closedEvents(
    manager: EntityManager,
    workshopId: string,
    rows: ActivityRow[],
  ): Promise<LiveEvent[]> {
    const events: LiveEvent[] = [];
    for (const row of rows) {
      events.push(
        await this.log.append(manager, workshopId, 'activity.updated', toActivityView(row), row.id),
      );
      const tally = await this.choices.tallyEvent(manager, workshopId, row);
      if (tally) events.push(tally);
    }
    return events;
  }

  async setStatus(
    actor: StaffActor | null,
    workshopId: string,
    status: WorkshopStatus,
  ): Promise<WorkshopStatus> {
    return this.change(actor, workshopId, async (manager, current) => {
      if (current === status) return { result: status, events: [] };
      if (!NEXT_STATUS[current].includes(status)) {
        throw new DomainError('conflict', `A ${current} workshop cannot become ${status}`);
      }
      await manager.query(`UPDATE workshops SET status = $2, updated_at = now() WHERE id = $1`, [
        workshopId,
        status,
      ]);
      const events = [];
      if (status === 'closed') {
        const closed: ActivityRow[] = await returningRows(
          manager,
          `UPDATE activities SET status = 'closed', timer_ends_at = NULL WHERE workshop_id = $1 AND status = 'open'
           RETURNING ${ACTIVITY_COLUMNS}`,
          [workshopId],
        );
        events.push(...(await this.closedEvents(manager, workshopId, closed)));
      }
      events.push(await this.log.append(manager, workshopId, 'workshop.status', { status }));
      return { result: status, events };
    });
  }

  /** Closes or reopens the workshop's door: while locked, no phone may join it. */
  async setEntryLock(actor: StaffActor, workshopId: string, locked: boolean): Promise<boolean> {
    return this.change(actor, workshopId, async (manager) => {
      const changed: unknown[] = await returningRows(
        manager,
        `UPDATE workshops SET entry_locked = $2, updated_at = now() WHERE id = $1 AND entry_locked <> $2 RETURNING id`,
        [workshopId, locked],
      );
      if (changed.length === 0) return { result: locked, events: [] };
      return {
        result: locked,
        events: [await this.log.append(manager, workshopId, 'workshop.entry', { locked })],
      };
    });
  }

  /**
   * Runs a change in one transaction after checking the facilitator's scope (the workshop row
   * locked), then publishes its events once committed and returns its result.
   */
  private async change<T>(
    /** null: the system (the demo seed), never a request. */
    actor: StaffActor | null,
    workshopId: string,
    work: (
      manager: EntityManager,
      status: WorkshopStatus,
    ) => Promise<{ result: T; events: LiveEvent[] }>,
  ): Promise<T> {
    const { result, events } = await this.dataSource.transaction(async (manager) => {
      const [workshop]: Array<{ territory_id: string; status: WorkshopStatus }> =
        await manager.query(`SELECT territory_id, status FROM workshops WHERE id = $1 FOR UPDATE`, [
          workshopId,
        ]);
      if (!workshop) throw new DomainError('not_found', `No workshop has the id ${workshopId}`);
      if (actor)
        await this.access.assertCan(actor, ['facilitator'], workshop.territory_id, manager);
      await assertNotCheckedOut(manager, workshopId);
      return work(manager, workshop.status);
    });
    this.log.publish(workshopId, events);
    return result;
  }
}
