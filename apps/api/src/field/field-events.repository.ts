import { Injectable } from '@nestjs/common';
import type { LiveEvent } from '@permanente/contracts';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';

interface InsertedEvent {
  seq: string;
  type: string;
  data: unknown;
  created_at: Date;
}

/** Central's record of what kits brought back: batches, and field events re-sequenced. */
@Injectable()
export class FieldEventsRepository {
  async appliedBatches(manager: EntityManager, kitId: string): Promise<Record<string, string>> {
    const rows: Array<{ batch_key: string; digest: string }> = await manager.query(
      `SELECT batch_key, digest FROM field_sync_batches WHERE kit_id = $1`,
      [kitId],
    );
    return Object.fromEntries(rows.map((row) => [row.batch_key, row.digest]));
  }

  async recordBatch(
    manager: EntityManager,
    batch: {
      kitId: string;
      key: string;
      digest: string;
      workshopId: string;
      counts: Record<string, number>;
      via: 'sync' | 'file';
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO field_sync_batches (kit_id, batch_key, digest, workshop_id, counts, via)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (kit_id, batch_key) DO UPDATE
         SET digest = EXCLUDED.digest, counts = EXCLUDED.counts, via = EXCLUDED.via, applied_at = now()`,
      [
        batch.kitId,
        batch.key,
        batch.digest,
        batch.workshopId,
        JSON.stringify(batch.counts),
        batch.via,
      ],
    );
  }

  /**
   * Appends the field events central has not seen (keyed by the field's seq) to central's log
   * of the workshop, in the field's order, with new seqs taken from its counter. The field's
   * log has no gap: a batch whose first new event is not the next one expected is refused.
   */
  async resequence(
    manager: EntityManager,
    kitId: string,
    workshopId: string,
    rows: Array<Record<string, unknown>>,
  ): Promise<LiveEvent[]> {
    const [{ last }]: Array<{ last: string | null }> = await manager.query(
      `SELECT max(field_seq) AS last FROM field_event_map WHERE kit_id = $1 AND workshop_id = $2`,
      [kitId, workshopId],
    );
    let expected = Number(last ?? 0) + 1;
    const fresh: Array<Record<string, unknown>> = [];
    for (const row of [...rows].sort((a, b) => Number(a['seq']) - Number(b['seq']))) {
      const seq = Number(row['seq']);
      if (!Number.isSafeInteger(seq) || seq < 1)
        throw new DomainError('conflict', 'A field event has no valid seq');
      if (seq < expected) continue;
      if (seq !== expected)
        throw new DomainError(
          'conflict',
          `Field events out of order: expected seq ${expected}, got ${seq}`,
        );
      fresh.push(row);
      expected += 1;
    }
    if (fresh.length === 0) return [];
    // Locks as the live log does: the workshop row, then its counter.
    const [{ last_seq }]: Array<{ last_seq: string }> = await manager.query(
      `WITH workshop AS (SELECT id FROM workshops WHERE id = $1 FOR KEY SHARE)
       INSERT INTO workshop_sequences (workshop_id, last_seq) SELECT id, $2 FROM workshop
       ON CONFLICT (workshop_id) DO UPDATE SET last_seq = workshop_sequences.last_seq + $2
       RETURNING last_seq`,
      [workshopId, fresh.length],
    );
    const first = Number(last_seq) - fresh.length + 1;
    const values = fresh.map((row, k) => ({
      central_seq: first + k,
      field_seq: Number(row['seq']),
      type: row['type'],
      data: row['data'],
      subject_id: row['subject_id'] ?? null,
      created_at: row['created_at'],
    }));
    const inserted: InsertedEvent[] = await manager.query(
      `INSERT INTO workshop_events (workshop_id, seq, type, data, subject_id, created_at)
       SELECT $1, e.central_seq, e.type, e.data, e.subject_id, e.created_at
       FROM json_to_recordset($2::json) AS e (central_seq bigint, type text, data jsonb, subject_id uuid, created_at timestamptz)
       ORDER BY e.central_seq
       RETURNING seq, type, data, created_at`,
      [workshopId, JSON.stringify(values)],
    );
    await manager.query(
      `INSERT INTO field_event_map (kit_id, workshop_id, field_seq, central_seq)
       SELECT $1, $2, e.field_seq, e.central_seq
       FROM json_to_recordset($3::json) AS e (field_seq bigint, central_seq bigint)`,
      [kitId, workshopId, JSON.stringify(values)],
    );
    return inserted
      .sort((a, b) => Number(a.seq) - Number(b.seq))
      .map(
        (row) =>
          ({
            seq: Number(row.seq),
            at: new Date(row.created_at).toISOString(),
            type: row.type,
            data: row.data,
          }) as LiveEvent,
      );
  }
}
