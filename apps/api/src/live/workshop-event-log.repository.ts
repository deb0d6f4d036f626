import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { LiveEventType } from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { KIT_HOLDS } from './checked-out.repository';

/** An event as stored (`seq` is a bigint: node-pg reads it as a string). */
export interface EventRow {
  seq: string;
  type: LiveEventType;
  data: unknown;
  created_at: Date;
}

/** Seqs allocated: the last one, and the field kit holding the workshop if one does. */
export interface AllocatedSeqRow {
  /** A bigint, as a string. */
  last_seq: string;
  kit_id: string | null;
  kit_label: string | null;
}

/** An event to insert. */
export interface NewEvent {
  seq: number;
  type: LiveEventType;
  data: unknown;
  subjectId: string | null;
}

/** The SQL of the live event log (WorkshopEventLog holds its rules and publishes). */
@Injectable()
export class WorkshopEventLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Allocates `count` seqs, locking in the order every change to a workshop takes them: the
   * workshop row (key share), then its counter. The same statement reads the kit holding the
   * workshop (bus mode), without a second round trip on the hot path.
   */
  async allocate(
    manager: EntityManager,
    workshopId: string,
    count: number,
  ): Promise<AllocatedSeqRow> {
    const [row]: AllocatedSeqRow[] = await manager.query(
      `WITH workshop AS (SELECT id, checked_out_by FROM workshops WHERE id = $1 FOR KEY SHARE)
       INSERT INTO workshop_sequences (workshop_id, last_seq) SELECT id, $2 FROM workshop
       ON CONFLICT (workshop_id) DO UPDATE SET last_seq = workshop_sequences.last_seq + $2
       RETURNING last_seq,
         (SELECT k.id FROM workshop w JOIN field_kits k ON k.id = w.checked_out_by WHERE ${KIT_HOLDS}) AS kit_id,
         (SELECT k.label FROM workshop w JOIN field_kits k ON k.id = w.checked_out_by WHERE ${KIT_HOLDS}) AS kit_label`,
      [workshopId, count],
    );
    return row;
  }

  /** Inserts one event. */
  async insert(manager: EntityManager, workshopId: string, event: NewEvent): Promise<EventRow> {
    const [row]: EventRow[] = await manager.query(
      `INSERT INTO workshop_events (workshop_id, seq, type, data, subject_id) VALUES ($1, $2, $3, $4, $5)
       RETURNING seq, type, data, created_at`,
      [workshopId, event.seq, event.type, JSON.stringify(event.data), event.subjectId],
    );
    return row;
  }

  /** Inserts several events in one statement (rows in no particular order). */
  insertMany(manager: EntityManager, workshopId: string, events: NewEvent[]): Promise<EventRow[]> {
    return manager.query(
      `INSERT INTO workshop_events (workshop_id, seq, type, data, subject_id)
       SELECT $1, t.seq, t.type, t.data, t.subject_id
       FROM unnest($2::bigint[], $3::text[], $4::jsonb[], $5::uuid[]) AS t(seq, type, data, subject_id)
       RETURNING seq, type, data, created_at`,
      [
        workshopId,
        events.map((e) => e.seq),
        events.map((e) => e.type),
        events.map((e) => JSON.stringify(e.data)),
        events.map((e) => e.subjectId),
      ],
    );
  }

  /** The workshop's last seq (0 before its first event). */
  async lastSeq(
    workshopId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    const [row]: Array<{ last_seq: string }> = await manager.query(
      `SELECT last_seq FROM workshop_sequences WHERE workshop_id = $1`,
      [workshopId],
    );
    return row ? Number(row.last_seq) : 0;
  }

  /**
   * The events in (`afterSeq`, `upToSeq`], in order, read on the primary key, leaving out
   * those of the types `hiddenIdeaTypes` whose idea is hidden.
   */
  between(
    workshopId: string,
    afterSeq: number,
    upToSeq: number,
    hiddenIdeaTypes: LiveEventType[],
  ): Promise<EventRow[]> {
    return this.dataSource.query(
      `SELECT e.seq, e.type, e.data, e.created_at
       FROM workshop_events e
       LEFT JOIN ideas i ON i.id = e.subject_id
       WHERE e.workshop_id = $1 AND e.seq > $2 AND e.seq <= $3
         AND NOT (e.type = ANY($4::text[]) AND i.hidden_at IS NOT NULL)
       ORDER BY e.seq`,
      [workshopId, afterSeq, upToSeq, hiddenIdeaTypes],
    );
  }
}
