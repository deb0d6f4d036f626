import { Injectable } from '@nestjs/common';
import type { LiveEvent, LiveEventType } from '@permanente/contracts';
import type { EntityManager } from 'typeorm';
import { Subject } from 'rxjs';
import { checkedOutError } from '../common/domain-error';
import {
  WorkshopEventLogRepository,
  type AllocatedSeqRow,
  type EventRow,
} from './workshop-event-log.repository';

/** Who reads the log: a wall (by link) reads what participants read. */
export type Audience = 'participant' | 'staff' | 'wall';

type EventData<T extends LiveEventType> = Extract<LiveEvent, { type: T }>['data'];

const toEvent = (row: EventRow): LiveEvent =>
  ({
    seq: Number(row.seq),
    at: new Date(row.created_at).toISOString(),
    type: row.type,
    data: row.data,
  }) as LiveEvent;

/** Events that reveal an idea's content: never replayed to participants while it is hidden. */
const CONTENT_EVENTS: LiveEventType[] = ['idea.posted', 'idea.restored'];

/** Refuses a change to a workshop out in a field kit (bus mode), naming the kit. */
function assertNoKit({ kit_id, kit_label }: AllocatedSeqRow): void {
  if (kit_id) throw checkedOutError({ id: kit_id, label: kit_label ?? '' });
}

/**
 * The append-only, per-workshop ordered log every live change goes through. A seq is
 * allocated in the writer's transaction (locking the workshop's counter row), so the log
 * has no gap and commits happen in seq order. Committed events are published on `committed`
 * for the gateway to fan out; nothing depends on that in-memory copy: clients catch up from
 * the database with `since`.
 */
@Injectable()
export class WorkshopEventLog {
  readonly committed = new Subject<{ workshopId: string; event: LiveEvent }>();

  constructor(private readonly events: WorkshopEventLogRepository) {}

  /** Appends inside the caller's transaction; publish the result only after it commits. */
  async append<T extends LiveEventType>(
    manager: EntityManager,
    workshopId: string,
    type: T,
    data: EventData<T>,
    subjectId: string | null = null,
  ): Promise<LiveEvent> {
    return this.appendComputed(
      manager,
      workshopId,
      type,
      () => Promise.resolve(data) as Promise<EventData<T>>,
      subjectId,
    );
  }

  /**
   * Appends an event whose data is computed once the workshop's counter row is locked: an
   * aggregate (vote tallies...) computed then includes every change committed before it, so
   * the events, in seq order, carry results that only grow towards the final state. Computed
   * before the lock, two concurrent votes could each miss the other's.
   */
  async appendComputed<T extends LiveEventType>(
    manager: EntityManager,
    workshopId: string,
    type: T,
    compute: () => Promise<EventData<T>>,
    subjectId: string | null = null,
  ): Promise<LiveEvent> {
    // Locks in the order every change to a workshop takes them: the workshop row, then its
    // counter. The event row's foreign key key-share-locks the workshop anyway; taken only
    // then, after the counter, it deadlocked with a facilitator's change holding the workshop
    // row and waiting for the counter (a timed tally against an activity being closed).
    // The same statement reads whether the workshop is out in a field kit (bus mode): then
    // central refuses the change, and the transaction rolls the seq back with it. (The same
    // rule as assertNotCheckedOut, read here without a second round trip on the hot path.)
    const allocated = await this.events.allocate(manager, workshopId, 1);
    assertNoKit(allocated);
    const data = await compute();
    return toEvent(
      await this.events.insert(manager, workshopId, {
        seq: Number(allocated.last_seq),
        type,
        data,
        subjectId,
      }),
    );
  }

  /**
   * Appends several events in one go, inside the caller's transaction: one acquisition of the
   * workshop's counter lock for all of them (the batching writer's group commit), with the same
   * lock order and bus-mode check as `appendComputed`. Seqs follow the order of `entries`.
   */
  async appendMany(
    manager: EntityManager,
    workshopId: string,
    entries: Array<{ type: LiveEventType; data: unknown; subjectId: string | null }>,
  ): Promise<LiveEvent[]> {
    if (entries.length === 0) return [];
    const n = entries.length;
    const allocated = await this.events.allocate(manager, workshopId, n);
    assertNoKit(allocated);
    const first = Number(allocated.last_seq) - n + 1;
    const rows = await this.events.insertMany(
      manager,
      workshopId,
      entries.map((entry, i) => ({ ...entry, seq: first + i })),
    );
    return rows.map(toEvent).sort((a, b) => a.seq - b.seq);
  }

  publish(workshopId: string, events: LiveEvent[]): void {
    for (const event of events) this.committed.next({ workshopId, event });
  }

  currentSeq(workshopId: string, manager?: EntityManager): Promise<number> {
    return this.events.lastSeq(workshopId, manager);
  }

  /**
   * The events in (`afterSeq`, `upToSeq`], in order, as the audience may see them. The log has
   * no gap, so the range bounds the page (at most upToSeq - afterSeq rows, read on the primary
   * key) whatever the audience may not see in it.
   */
  async between(
    workshopId: string,
    afterSeq: number,
    upToSeq: number,
    audience: Audience,
  ): Promise<LiveEvent[]> {
    const hiddenIdeaTypes = audience === 'staff' ? [] : CONTENT_EVENTS;
    const rows = await this.events.between(workshopId, afterSeq, upToSeq, hiddenIdeaTypes);
    return rows.map(toEvent);
  }
}
