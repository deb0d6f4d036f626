import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import type {
  ActivityResults,
  SyncResponse,
  WorkshopSnapshot,
  WorkshopStatus,
} from '@permanente/contracts';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import type { StaffActor } from '../auth/actor';
import { ChoicesService } from './choices.service';
import { ThemesService } from './themes.service';
import { LiveFailure } from './live-failure';
import {
  ACTIVITY_COLUMNS,
  ActivityRow,
  IDEA_SELECT,
  IdeaRow,
  toActivityView,
  toIdeaView,
} from './live-views';
import { Audience, WorkshopEventLog } from './workshop-event-log.service';

/** Beyond this many missed events, a snapshot is cheaper than the replay. */
export const MAX_REPLAY = 500;

export interface Viewer {
  workshopId: string;
  audience: Audience;
  participantId?: string;
}

@Injectable()
export class LiveStateService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly log: WorkshopEventLog,
    private readonly access: AccessService,
    private readonly choices: ChoicesService,
    private readonly themes: ThemesService,
  ) {}

  /** A facilitator (or organiser) in scope may follow a workshop live, hidden ideas included. */
  async staffViewer(actor: StaffActor, workshopId: string): Promise<Viewer> {
    if (!isUUID(workshopId, 'all'))
      throw new LiveFailure('invalid', 'workshopId must be a UUID', 'workshopId');
    try {
      await this.access.assertRunsWorkshop(actor, workshopId);
    } catch (error) {
      if (error instanceof NotFoundException)
        throw new LiveFailure('not_found', 'Unknown workshop');
      throw new LiveFailure('forbidden', 'This workshop is outside your scope');
    }
    return { workshopId, audience: 'staff' };
  }

  /** The whole workshop as of one seq, read in one consistent transaction. */
  async snapshot(viewer: Viewer): Promise<WorkshopSnapshot> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [workshop]: Array<{
        id: string;
        title: string;
        status: WorkshopStatus;
        entryLocked: boolean;
      }> = await manager.query(
        `SELECT id, title, status, entry_locked AS "entryLocked" FROM workshops WHERE id = $1`,
        [viewer.workshopId],
      );
      if (!workshop) throw new LiveFailure('not_found', 'This workshop no longer exists');
      const seq = await this.log.currentSeq(viewer.workshopId, manager);
      const activities: ActivityRow[] = await manager.query(
        `SELECT ${ACTIVITY_COLUMNS} FROM activities WHERE workshop_id = $1 ORDER BY position`,
        [viewer.workshopId],
      );
      const staff = viewer.audience === 'staff';
      const ideas: IdeaRow[] = await manager.query(
        `${IDEA_SELECT} WHERE i.workshop_id = $1 ${staff ? '' : 'AND i.hidden_at IS NULL'} ORDER BY i.created_at, i.id`,
        [viewer.workshopId],
      );
      const results: ActivityResults[] = [];
      for (const activity of activities) {
        const result = await this.choices.results(
          manager,
          activity.id,
          activity.kind,
          activity.options,
        );
        if (result) results.push(result);
      }
      return {
        seq,
        workshop,
        activities: activities.map(toActivityView),
        ideas: ideas.map((row) =>
          toIdeaView(row, { viewerParticipantId: viewer.participantId, staff }),
        ),
        themes: await this.themes.list(manager, viewer.workshopId),
        results,
        ...(viewer.participantId
          ? { mine: await this.choices.mine(manager, viewer.participantId) }
          : {}),
      };
    });
  }

  /** What a (re)connecting client missed since `lastSeq`, from the database. */
  async sync(viewer: Viewer, lastSeq: number | null | undefined): Promise<SyncResponse> {
    const current = await this.log.currentSeq(viewer.workshopId);
    if (
      lastSeq === null ||
      lastSeq === undefined ||
      lastSeq > current ||
      current - lastSeq > MAX_REPLAY
    ) {
      return { mode: 'snapshot', snapshot: await this.snapshot(viewer) };
    }
    const events = await this.log.since(viewer.workshopId, lastSeq, viewer.audience, MAX_REPLAY);
    return { mode: 'events', events, seq: Math.max(current, events.at(-1)?.seq ?? 0) };
  }
}
