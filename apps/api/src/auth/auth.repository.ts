import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { StaffRole } from '@permanente/contracts';
import { DataSource } from 'typeorm';

/** A live (not revoked) session of an enabled account, with the account's roles and scope. */
export interface SessionRow {
  id: string;
  user_id: string;
  csrf_token: string;
  last_seen_at: Date;
  expires_at: Date;
  display_name: string;
  roles: StaffRole[];
  scope_territory_ids: string[];
}

/** The SQL that resolves who a caller is, from the hash of its session or participant token. */
@Injectable()
export class AuthRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async sessionByTokenHash(tokenHash: string): Promise<SessionRow | null> {
    const [row]: SessionRow[] = await this.dataSource.query(
      `SELECT s.id, s.user_id, s.csrf_token, s.last_seen_at, s.expires_at, u.display_name, u.roles,
              coalesce(array_agg(sc.territory_id) FILTER (WHERE sc.territory_id IS NOT NULL), '{}') AS scope_territory_ids
       FROM sessions s
       JOIN users u ON u.id = s.user_id AND u.disabled_at IS NULL
       LEFT JOIN user_territory_scopes sc ON sc.user_id = u.id
       WHERE s.token_hash = $1 AND s.revoked_at IS NULL
       GROUP BY s.id, u.id`,
      [tokenHash],
    );
    return row ?? null;
  }

  async touchSession(sessionId: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE sessions SET last_seen_at = $2 WHERE id = $1`, [
      sessionId,
      at,
    ]);
  }

  async participantByTokenHash(
    tokenHash: string,
  ): Promise<{ id: string; workshop_id: string } | null> {
    const [row]: Array<{ id: string; workshop_id: string }> = await this.dataSource.query(
      `SELECT id, workshop_id FROM participants WHERE token_hash = $1`,
      [tokenHash],
    );
    return row ?? null;
  }
}
