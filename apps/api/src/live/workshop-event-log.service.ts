import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { LiveEvent, LiveEventType } from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { Subject } from 'rxjs';
import { KIT_HOLDS } from './checked-out';
import { checkedOutError } from '../common/domain-error';

/** Who reads the log: a wall (by link) reads what participants read. */
export type Audience = 'participant' | 'staff' | 'wall';

type EventData<T extends LiveEventType> = Extract<LiveEvent, { type: T }>['data'];

interface EventRow {
  seq: string;
  type: LiveEventType;
  data: unknown;
  created_at: Date;
}

const toEvent = (row: EventRow): LiveEvent =>
  ({
    seq: Number(row.seq),
    at: new Date(row.created_at).toISOString(),
    type: row.type,
    data: row.data,
  }) as LiveEvent;

/** Events that reveal an idea's content: never replayed to participants while it is hidden. */
const CONTENT_EVENTS: LiveEventType[] = ['idea.posted', 'idea.restored'];

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

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
    const [{ last_seq, kit_id, kit_label }]: Array<{
      last_seq: string;
      kit_id: string | null;
      kit_label: string | null;
    }> = await manager.query(
      `WITH workshop AS (SELECT id, checked_out_by FROM workshops WHERE id = $1 FOR KEY SHARE)
       INSERT INTO workshop_sequences (workshop_id, last_seq) SELECT id, 1 FROM workshop
       ON CONFLICT (workshop_id) DO UPDATE SET last_seq = workshop_sequences.last_seq + 1
       RETURNING last_seq,
         (SELECT k.id FROM workshop w JOIN field_kits k ON k.id = w.checked_out_by WHERE ${KIT_HOLDS}) AS kit_id,
         (SELECT k.label FROM workshop w JOIN field_kits k ON k.id = w.checked_out_by WHERE ${KIT_HOLDS}) AS kit_label`,
      [workshopId],
    );
    if (kit_id) throw checkedOutError({ id: kit_id, label: kit_label ?? '' });
    const data = await compute();
    const [row]: EventRow[] = await manager.query(
      `INSERT INTO workshop_events (workshop_id, seq, type, data, subject_id) VALUES ($1, $2, $3, $4, $5)
       RETURNING seq, type, data, created_at`,
      [workshopId, last_seq, type, JSON.stringify(data), subjectId],
    );
    return toEvent(row);
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
    const [{ last_seq, kit_id, kit_label }]: Array<{
      last_seq: string;
      kit_id: string | null;
      kit_label: string | null;
    }> = await manager.query(
      `WITH workshop AS (SELECT id, checked_out_by FROM workshops WHERE id = $1 FOR KEY SHARE)
       INSERT INTO workshop_sequences (workshop_id, last_seq) SELECT id, $2 FROM workshop
       ON CONFLICT (workshop_id) DO UPDATE SET last_seq = workshop_sequences.last_seq + $2
       RETURNING last_seq,
         (SELECT k.id FROM workshop w JOIN field_kits k ON k.id = w.checked_out_by WHERE ${KIT_HOLDS}) AS kit_id,
         (SELECT k.label FROM workshop w JOIN field_kits k ON k.id = w.checked_out_by WHERE ${KIT_HOLDS}) AS kit_label`,
      [workshopId, n],
    );
    if (kit_id) throw checkedOutError({ id: kit_id, label: kit_label ?? '' });
    const first = Number(last_seq) - n + 1;
    const rows: EventRow[] = await manager.query(
      `INSERT INTO workshop_events (workshop_id, seq, type, data, subject_id)
       SELECT $1, t.seq, t.type, t.data, t.subject_id
       FROM unnest($2::bigint[], $3::text[], $4::jsonb[], $5::uuid[]) AS t(seq, type, data, subject_id)
       RETURNING seq, type, data, created_at`,
      [
        workshopId,
        entries.map((_, i) => first + i),
        entries.map((e) => e.type),
        entries.map((e) => JSON.stringify(e.data)),
        entries.map((e) => e.subjectId),
      ],
    );
    return rows.map(toEvent).sort((a, b) => a.seq - b.seq);
  }

  publish(workshopId: string, events: LiveEvent[]): void {
    for (const event of events) this.committed.next({ workshopId, event });
  }

  async currentSeq(
    workshopId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    const [row] = await manager.query(
      `SELECT last_seq FROM workshop_sequences WHERE workshop_id = $1`,
      [workshopId],
    );
    return row ? Number(row.last_seq) : 0;
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
    const rows: EventRow[] = await this.dataSource.query(
      `SELECT e.seq, e.type, e.data, e.created_at
       FROM workshop_events e
       LEFT JOIN ideas i ON i.id = e.subject_id
       WHERE e.workshop_id = $1 AND e.seq > $2 AND e.seq <= $3
         AND ($4 = 'staff' OR NOT (e.type = ANY($5::text[]) AND i.hidden_at IS NOT NULL))
       ORDER BY e.seq`,
      [workshopId, afterSeq, upToSeq, audience, CONTENT_EVENTS],
    );
    return rows.map(toEvent);
  }
}
