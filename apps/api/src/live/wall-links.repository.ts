import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { returningRows } from '../database/returning-rows';

/** A wall link as stored. */
export interface WallLinkRow {
  id: string;
  token: string;
  created_at: Date;
}

/** The SQL of wall links (WallLinksService holds the rules). */
@Injectable()
export class WallLinksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The workshop's status, its row locked for the change. */
  async lockWorkshopStatus(manager: EntityManager, workshopId: string): Promise<string | null> {
    const [workshop]: Array<{ status: string }> = await manager.query(
      `SELECT status FROM workshops WHERE id = $1 FOR UPDATE`,
      [workshopId],
    );
    return workshop?.status ?? null;
  }

  async insert(
    manager: EntityManager,
    workshopId: string,
    token: string,
    createdBy: string,
  ): Promise<WallLinkRow> {
    const [row]: WallLinkRow[] = await manager.query(
      `INSERT INTO wall_links (workshop_id, token, created_by) VALUES ($1, $2, $3)
       RETURNING id, token, created_at`,
      [workshopId, token, createdBy],
    );
    return row;
  }

  /** The link of a token still in force (not revoked, its workshop not closed). */
  async liveByToken(token: string): Promise<{ id: string; workshop_id: string } | undefined> {
    const [row]: Array<{ id: string; workshop_id: string }> = await this.dataSource.query(
      `SELECT l.id, l.workshop_id FROM wall_links l JOIN workshops w ON w.id = l.workshop_id
       WHERE l.token = $1 AND l.revoked_at IS NULL AND w.status <> 'closed'`,
      [token],
    );
    return row;
  }

  async workshopTitleAndCode(workshopId: string): Promise<{ title: string; code: string }> {
    const [row]: Array<{ title: string; code: string }> = await this.dataSource.query(
      `SELECT title, code FROM workshops WHERE id = $1`,
      [workshopId],
    );
    return row;
  }

  /** The workshop's links still in force. */
  liveOf(manager: EntityManager, workshopId: string): Promise<WallLinkRow[]> {
    return manager.query(
      `SELECT l.id, l.token, l.created_at FROM wall_links l JOIN workshops w ON w.id = l.workshop_id
       WHERE l.workshop_id = $1 AND l.revoked_at IS NULL AND w.status <> 'closed'`,
      [workshopId],
    );
  }

  /** Revokes the workshop's links in force; returns their ids. */
  async revokeAll(manager: EntityManager, workshopId: string): Promise<string[]> {
    const rows = await returningRows<{ id: string }>(
      manager,
      `UPDATE wall_links SET revoked_at = now() WHERE workshop_id = $1 AND revoked_at IS NULL RETURNING id`,
      [workshopId],
    );
    return rows.map((row) => row.id);
  }
}
