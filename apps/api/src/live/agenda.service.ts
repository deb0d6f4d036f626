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
import { ChoicesService } from './choices.service';
import { DomainError } from '../common/domain-error';
import { AgendaRepository } from './agenda.repository';
import { ActivityRow, toActivityView } from './live-views';
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
    private readonly repository: AgendaRepository,
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
    const row = await this.repository.insertActivity(manager, workshopId, {
      kind: request.kind,
      prompt: request.prompt.trim(),
      categories: request.kind === 'idea_board' ? (request.categories ?? []) : [],
      dots: request.kind === 'dot_vote' ? (request.dots ?? DEFAULT_DOTS) : null,
      voteOn: request.kind === 'dot_vote' ? (request.voteOn ?? 'ideas') : null,
      options: request.kind === 'poll' ? request.options!.map((option) => option.trim()) : [],
      multiple: request.kind === 'poll' ? (request.multiple ?? false) : false,
    });
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
      const current = await this.repository.lockActivity(manager, workshopId, activityId);
      if (!current)
        throw new DomainError('not_found', `No activity ${activityId} in this workshop`);
      const events: LiveEvent[] = [];
      if (request.status === 'open' && current.status !== 'open') {
        // One activity at a time: the one running is closed first.
        const closed = await this.repository.closeOpenActivities(manager, workshopId, activityId);
        events.push(...(await this.closedEvents(manager, workshopId, closed)));
      }
      const timerEndsAt =
        request.timerSeconds === undefined
          ? current.timer_ends_at
          : request.timerSeconds === null
            ? null
            : new Date(this.clock.now().getTime() + request.timerSeconds * 1000);
      const row = await this.repository.updateActivity(manager, activityId, {
        status: request.status ?? current.status,
        prompt: request.prompt?.trim() ?? current.prompt,
        timerEndsAt,
      });
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
      await this.repository.setWorkshopStatus(manager, workshopId, status);
      const events = [];
      if (status === 'closed') {
        const closed = await this.repository.closeOpenActivities(manager, workshopId);
        events.push(...(await this.closedEvents(manager, workshopId, closed)));
      }
      events.push(await this.log.append(manager, workshopId, 'workshop.status', { status }));
      return { result: status, events };
    });
  }

  /** Closes or reopens the workshop's door: while locked, no phone may join it. */
  async setEntryLock(actor: StaffActor, workshopId: string, locked: boolean): Promise<boolean> {
    return this.change(actor, workshopId, async (manager) => {
      if (!(await this.repository.setEntryLock(manager, workshopId, locked)))
        return { result: locked, events: [] };
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
      const workshop = await this.repository.lockWorkshop(manager, workshopId);
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
