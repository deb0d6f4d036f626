import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { WorkshopStatus } from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { ACTIVITY_COLUMNS } from './agenda.repository';
import { IDEA_SELECT } from './ideas.repository';
import type { ActivityRow, IdeaRow } from './live-views';

/** What a snapshot shows of the workshop itself. */
export interface SnapshotWorkshopRow {
  id: string;
  title: string;
  status: WorkshopStatus;
  entryLocked: boolean;
}

/** The SQL of the live state's reads (LiveStateService assembles the snapshot). */
@Injectable()
export class LiveStateRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async hiddenIdeaIds(workshopId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM ideas WHERE workshop_id = $1 AND hidden_at IS NOT NULL`,
      [workshopId],
    );
    return rows.map((row) => row.id);
  }

  async workshop(
    manager: EntityManager,
    workshopId: string,
  ): Promise<SnapshotWorkshopRow | undefined> {
    const [workshop]: SnapshotWorkshopRow[] = await manager.query(
      `SELECT id, title, status, entry_locked AS "entryLocked" FROM workshops WHERE id = $1`,
      [workshopId],
    );
    return workshop;
  }

  activities(manager: EntityManager, workshopId: string): Promise<ActivityRow[]> {
    return manager.query(
      `SELECT ${ACTIVITY_COLUMNS} FROM activities WHERE workshop_id = $1 ORDER BY position`,
      [workshopId],
    );
  }

  /** The workshop's ideas, oldest first; hidden ones only for the staff. */
  ideas(manager: EntityManager, workshopId: string, withHidden: boolean): Promise<IdeaRow[]> {
    return manager.query(
      `${IDEA_SELECT} WHERE i.workshop_id = $1 ${withHidden ? '' : 'AND i.hidden_at IS NULL'} ORDER BY i.created_at, i.id`,
      [workshopId],
    );
  }
}
