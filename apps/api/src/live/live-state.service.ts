import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import type { ActivityResults, SyncResponse, WorkshopSnapshot } from '@permanente/contracts';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import type { StaffActor } from '../auth/actor';
import { activityResults, myChoices } from './choice-results';
import { LiveStateRepository } from './live-state.repository';
import { ThemesService } from './themes.service';
import { DomainError, domainErrorOf } from '../common/domain-error';
import { toActivityView, toIdeaView } from './live-views';
import { Audience, WorkshopEventLog } from './workshop-event-log.service';

/** Beyond this many missed events, a snapshot is cheaper than the replay. */
export const MAX_REPLAY = 500;
/** At most this many seqs per `events` answer; the client asks again while `more` is set. */
export const REPLAY_PAGE = 100;
/**
 * A snapshot read serves every viewer of the same workshop and audience that asks within this
 * time: a room of phones (re)joining at once, or one phone asking again and again, costs one
 * read of the workshop, not one each.
 */
export const SNAPSHOT_REUSE_MS = 2_000;

export interface Viewer {
  workshopId: string;
  audience: Audience;
  participantId?: string;
}

/** The part of a snapshot shared by every viewer of one audience; `owners[k]` wrote `ideas[k]`. */
interface SharedSnapshot extends Omit<WorkshopSnapshot, 'mine'> {
  owners: Array<string | null>;
}

@Injectable()
export class LiveStateService {
  private readonly snapshots = new Map<
    string,
    { current: number; at: number; read: Promise<SharedSnapshot> }
  >();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly log: WorkshopEventLog,
    private readonly access: AccessService,
    private readonly themes: ThemesService,
    private readonly repository: LiveStateRepository,
  ) {}

  /** A facilitator (or organiser) in scope may follow a workshop live, hidden ideas included. */
  async staffViewer(actor: StaffActor, workshopId: string): Promise<Viewer> {
    if (!isUUID(workshopId, 'all'))
      throw new DomainError('invalid', 'workshopId must be a UUID', 'workshopId');
    try {
      await this.access.assertRunsWorkshop(actor, workshopId);
    } catch (error) {
      if (domainErrorOf(error)?.code === 'not_found')
        throw new DomainError('not_found', 'Unknown workshop');
      throw new DomainError('forbidden', 'This workshop is outside your scope');
    }
    return { workshopId, audience: 'staff' };
  }

  /**
   * The whole workshop, as this viewer may see it, as of the current seq or later. A live
   * client (`behindAllowed`, from `sync`) may get one up to SNAPSHOT_REUSE_MS old: it then
   * asks for the later events (`more`), as after any snapshot. Ideas hidden since it was read
   * are taken out for participants here, so that hidden content never reaches them, even for
   * a moment.
   */
  async snapshot(
    viewer: Viewer,
    options: { current?: number; behindAllowed?: boolean } = {},
  ): Promise<WorkshopSnapshot> {
    const current = options.current ?? (await this.log.currentSeq(viewer.workshopId));
    const { owners, ...shared } = await this.sharedSnapshot(
      viewer,
      current,
      options.behindAllowed ?? false,
    );
    if (viewer.audience === 'staff') return shared;
    const hidden = new Set(await this.repository.hiddenIdeaIds(viewer.workshopId));
    const participantId = viewer.participantId;
    const ideas: WorkshopSnapshot['ideas'] = [];
    shared.ideas.forEach((idea, k) => {
      if (hidden.has(idea.id)) return;
      ideas.push(participantId ? { ...idea, mine: owners[k] === participantId } : idea);
    });
    return {
      ...shared,
      ideas,
      ...(participantId ? { mine: await myChoices(this.dataSource.manager, participantId) } : {}),
    };
  }

  /**
   * The audience's snapshot, read once for all who ask within SNAPSHOT_REUSE_MS: at `current`
   * or later (its read began once `current` was committed), or, `behindAllowed`, any.
   */
  private sharedSnapshot(
    viewer: Viewer,
    current: number,
    behindAllowed: boolean,
  ): Promise<SharedSnapshot> {
    const key = `${viewer.workshopId}:${viewer.audience}`;
    const now = Date.now();
    const cached = this.snapshots.get(key);
    if (
      cached &&
      now - cached.at < SNAPSHOT_REUSE_MS &&
      (behindAllowed || cached.current >= current)
    )
      return cached.read;
    const read = this.readSnapshot(viewer.workshopId, viewer.audience === 'staff');
    const entry = { current, at: now, read };
    this.snapshots.set(key, entry);
    read.catch(() => {
      if (this.snapshots.get(key) === entry) this.snapshots.delete(key);
    });
    // Old entries go with time, so that the map does not keep every workshop ever followed.
    if (this.snapshots.size > 64)
      for (const [other, { at }] of this.snapshots)
        if (now - at >= SNAPSHOT_REUSE_MS) this.snapshots.delete(other);
    return read;
  }

  /** Read in one consistent transaction. */
  private readSnapshot(workshopId: string, staff: boolean): Promise<SharedSnapshot> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const workshop = await this.repository.workshop(manager, workshopId);
      if (!workshop) throw new DomainError('not_found', 'This workshop no longer exists');
      const seq = await this.log.currentSeq(workshopId, manager);
      const activities = await this.repository.activities(manager, workshopId);
      const ideas = await this.repository.ideas(manager, workshopId, staff);
      const results: ActivityResults[] = [];
      for (const activity of activities) {
        const result = await activityResults(manager, activity.id, activity.kind, activity.options);
        if (result) results.push(result);
      }
      return {
        seq,
        workshop,
        activities: activities.map(toActivityView),
        ideas: ideas.map((row) => toIdeaView(row, { staff })),
        owners: ideas.map((row) => row.participant_id),
        themes: await this.themes.list(manager, workshopId),
        results,
      };
    });
  }

  /**
   * What a (re)connecting client missed since `lastSeq`, from the database: a page of at most
   * REPLAY_PAGE seqs (read on the log's primary key), or a snapshot for a first join or a gap
   * beyond MAX_REPLAY.
   */
  async sync(
    viewer: Viewer,
    lastSeq: number | null | undefined,
    /** Called before a snapshot is served (the gateway spends the snapshot budget there). */
    beforeSnapshot: () => Promise<void> = async () => undefined,
  ): Promise<SyncResponse> {
    const current = await this.log.currentSeq(viewer.workshopId);
    if (
      lastSeq === null ||
      lastSeq === undefined ||
      lastSeq > current ||
      current - lastSeq > MAX_REPLAY
    ) {
      await beforeSnapshot();
      const snapshot = await this.snapshot(viewer, { current, behindAllowed: true });
      return { mode: 'snapshot', snapshot, ...(snapshot.seq < current ? { more: true } : {}) };
    }
    const upTo = Math.min(current, lastSeq + REPLAY_PAGE);
    const events = await this.log.between(viewer.workshopId, lastSeq, upTo, viewer.audience);
    return { mode: 'events', events, seq: upTo, ...(upTo < current ? { more: true } : {}) };
  }
}
