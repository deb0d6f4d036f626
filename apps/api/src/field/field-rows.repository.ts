import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** The tables a field instance sends back, each whole rows keyed by these columns. */
export const ROW_TABLES = {
  participants: ['id'],
  activities: ['id'],
  themes: ['id'],
  ideas: ['id'],
  dot_votes: ['activity_id', 'participant_id', 'idea_id'],
  theme_dot_votes: ['activity_id', 'participant_id', 'theme_id'],
  spectrum_positions: ['activity_id', 'participant_id'],
  poll_answers: ['activity_id', 'participant_id'],
} as const;
export type RowTable = keyof typeof ROW_TABLES;
export const CHOICE_TABLES = [
  'dot_votes',
  'theme_dot_votes',
  'spectrum_positions',
  'poll_answers',
] as const satisfies readonly RowTable[];

export interface FieldEventRow {
  seq: string;
  type: string;
  data: unknown;
  subject_id: string | null;
  created_at: string;
}

type Row = Record<string, unknown>;

/**
 * Whole rows of a workshop, read as JSON (`to_jsonb`, which keeps every column at full
 * precision) and written back with `json_populate_recordset`, so that the copy follows the
 * schema: a column added by a later migration travels without a change here. Table names come
 * from ROW_TABLES only, never from a request.
 */
@Injectable()
export class FieldRowsRepository {
  private readonly columns = new Map<string, string[]>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private async columnsOf(manager: EntityManager, table: RowTable): Promise<string[]> {
    let columns = this.columns.get(table);
    if (!columns) {
      const rows: Array<{ column_name: string }> = await manager.query(
        `SELECT column_name FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
        [table],
      );
      columns = rows.map((row) => row.column_name);
      this.columns.set(table, columns);
    }
    return columns;
  }

  // ---- reading (field instance) ----

  private async json(manager: EntityManager, sql: string, params: unknown[]): Promise<Row[]> {
    const rows: Array<{ row: Row }> = await manager.query(sql, params);
    return rows.map((r) => r.row);
  }

  participants(manager: EntityManager, workshopId: string): Promise<Row[]> {
    return this.json(
      manager,
      `SELECT to_jsonb(p) - 'token_hash' AS row FROM participants p WHERE p.workshop_id = $1 ORDER BY p.joined_at, p.id`,
      [workshopId],
    );
  }

  activities(manager: EntityManager, workshopId: string): Promise<Row[]> {
    return this.json(
      manager,
      `SELECT to_jsonb(a) AS row FROM activities a WHERE a.workshop_id = $1 ORDER BY a.position`,
      [workshopId],
    );
  }

  themes(manager: EntityManager, workshopId: string): Promise<Row[]> {
    return this.json(
      manager,
      `SELECT to_jsonb(t) AS row FROM themes t WHERE t.workshop_id = $1 ORDER BY t.position, t.id`,
      [workshopId],
    );
  }

  ideas(manager: EntityManager, workshopId: string): Promise<Row[]> {
    return this.json(
      manager,
      `SELECT to_jsonb(i) AS row FROM ideas i WHERE i.workshop_id = $1 ORDER BY i.created_at, i.id`,
      [workshopId],
    );
  }

  choices(
    manager: EntityManager,
    table: (typeof CHOICE_TABLES)[number],
    activityId: string,
  ): Promise<Row[]> {
    const keys = ROW_TABLES[table].join(', ');
    return this.json(
      manager,
      `SELECT to_jsonb(c) AS row FROM ${table} c WHERE c.activity_id = $1 ORDER BY ${keys}`,
      [activityId],
    );
  }

  workshop(manager: EntityManager, workshopId: string): Promise<Row[]> {
    return this.json(
      manager,
      `SELECT jsonb_build_object('id', id, 'title', title, 'status', status, 'entry_locked', entry_locked,
         'place', place, 'starts_at', starts_at) AS row FROM workshops WHERE id = $1`,
      [workshopId],
    );
  }

  events(manager: EntityManager, workshopId: string): Promise<FieldEventRow[]> {
    return manager.query(
      `SELECT seq, type, data, subject_id, created_at FROM workshop_events WHERE workshop_id = $1 ORDER BY seq`,
      [workshopId],
    );
  }

  // ---- writing (central on sync, field instance on import) ----

  /**
   * Inserts the rows, or updates the existing ones (by key) with every column but `keep`.
   * `sameWorkshop`: an existing row is updated only if it belongs to the same workshop, so
   * that a forged id cannot overwrite another workshop's row.
   */
  async upsert(
    manager: EntityManager,
    table: RowTable | 'territories' | 'campaigns' | 'workshops',
    rows: Row[],
    options: {
      key?: readonly string[];
      keep?: string[];
      sameWorkshop?: boolean;
      insertOnly?: boolean;
    } = {},
  ): Promise<number> {
    if (rows.length === 0) return 0;
    const key = options.key ?? (table in ROW_TABLES ? ROW_TABLES[table as RowTable] : ['id']);
    const columns = await this.columnsOf(manager, table as RowTable);
    const updated = columns.filter((c) => !key.includes(c) && !(options.keep ?? []).includes(c));
    const list = columns.map((c) => `"${c}"`).join(', ');
    const set =
      updated.length === 0 || options.insertOnly
        ? 'NOTHING'
        : `UPDATE SET (${updated.map((c) => `"${c}"`).join(', ')}) = ROW(${updated
            .map((c) => `EXCLUDED."${c}"`)
            .join(
              ', ',
            )})${options.sameWorkshop ? ` WHERE ${table}.workshop_id = EXCLUDED.workshop_id` : ''}`;
    const result: unknown[] = await manager.query(
      `INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${table}, $1::json)
       ON CONFLICT (${key.join(', ')}) DO ${set} RETURNING 1`,
      [JSON.stringify(rows)],
    );
    return result.length;
  }

  /** Deletes the workshop's themes the field no longer has. */
  async pruneThemes(manager: EntityManager, workshopId: string, keep: string[]): Promise<void> {
    await manager.query(
      `DELETE FROM themes WHERE workshop_id = $1 AND NOT (id = ANY($2::uuid[]))`,
      [workshopId, keep],
    );
  }

  async setDuplicates(
    manager: EntityManager,
    workshopId: string,
    links: Array<{ id: string; duplicate_of: string | null }>,
  ): Promise<number> {
    const rows: unknown[] = await manager.query(
      `UPDATE ideas i SET duplicate_of = l.duplicate_of
       FROM json_to_recordset($2::json) AS l (id uuid, duplicate_of uuid)
       WHERE i.id = l.id AND i.workshop_id = $1 RETURNING 1`,
      [workshopId, JSON.stringify(links)],
    );
    return rows.length;
  }

  async clearChoices(manager: EntityManager, activityId: string): Promise<void> {
    for (const table of CHOICE_TABLES)
      await manager.query(`DELETE FROM ${table} WHERE activity_id = $1`, [activityId]);
  }

  /** Rows of the workshop that point into another workshop (a forged batch): their count. */
  async crossWorkshopLinks(manager: EntityManager, workshopId: string): Promise<number> {
    const [row]: Array<{ n: number }> = await manager.query(
      `SELECT (
         (SELECT count(*) FROM ideas i JOIN activities a ON a.id = i.activity_id
           WHERE i.workshop_id = $1 AND a.workshop_id <> $1)
       + (SELECT count(*) FROM ideas i JOIN themes t ON t.id = i.theme_id
           WHERE i.workshop_id = $1 AND t.workshop_id <> $1)
       + (SELECT count(*) FROM ideas i JOIN ideas d ON d.id = i.duplicate_of
           WHERE i.workshop_id = $1 AND d.workshop_id <> $1)
       + (SELECT count(*) FROM ideas i JOIN participants p ON p.id = i.participant_id
           WHERE i.workshop_id = $1 AND p.workshop_id <> $1)
       )::int AS n`,
      [workshopId],
    );
    return row.n;
  }

  /** Choice rows of the activity whose participant, idea or theme is not of its workshop. */
  async foreignChoices(
    manager: EntityManager,
    activityId: string,
    workshopId: string,
  ): Promise<number> {
    const [row]: Array<{ n: number }> = await manager.query(
      `SELECT (
         (SELECT count(*) FROM dot_votes v JOIN participants p ON p.id = v.participant_id
           JOIN ideas i ON i.id = v.idea_id
           WHERE v.activity_id = $1 AND (p.workshop_id <> $2 OR i.workshop_id <> $2))
       + (SELECT count(*) FROM theme_dot_votes v JOIN participants p ON p.id = v.participant_id
           JOIN themes t ON t.id = v.theme_id
           WHERE v.activity_id = $1 AND (p.workshop_id <> $2 OR t.workshop_id <> $2))
       + (SELECT count(*) FROM spectrum_positions v JOIN participants p ON p.id = v.participant_id
           WHERE v.activity_id = $1 AND p.workshop_id <> $2)
       + (SELECT count(*) FROM poll_answers v JOIN participants p ON p.id = v.participant_id
           WHERE v.activity_id = $1 AND p.workshop_id <> $2)
       )::int AS n`,
      [activityId, workshopId],
    );
    return row.n;
  }

  async activityWorkshop(manager: EntityManager, activityId: string): Promise<string | null> {
    const [row]: Array<{ workshop_id: string }> = await manager.query(
      `SELECT workshop_id FROM activities WHERE id = $1`,
      [activityId],
    );
    return row?.workshop_id ?? null;
  }

  async updateWorkshop(manager: EntityManager, row: Row): Promise<void> {
    await manager.query(
      `UPDATE workshops SET title = $2, status = $3, entry_locked = $4, place = $5, starts_at = $6, updated_at = now()
       WHERE id = $1`,
      [row['id'], row['title'], row['status'], row['entry_locked'], row['place'], row['starts_at']],
    );
  }
}
