import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';

/** An audit entry with the name of the account that acted. */
export interface AuditEntryRow {
  id: string;
  at: Date;
  actor_user_id: string | null;
  actor_name: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  details: Record<string, unknown>;
}

/** The SQL of the audit log. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Appends an entry inside the caller's transaction. */
  async insert(
    manager: EntityManager,
    entry: Pick<
      AuditEntryEntity,
      'at' | 'actorUserId' | 'action' | 'targetType' | 'targetId' | 'details'
    >,
  ): Promise<void> {
    const audit = manager.getRepository(AuditEntryEntity);
    await audit.save(audit.create(entry));
  }

  /** Newest first; only the entries of `action` when given. */
  page(limit: number, offset: number, action?: string): Promise<AuditEntryRow[]> {
    const where = action ? `WHERE a.action = $3` : '';
    return this.dataSource.query(
      `SELECT a.id, a.at, a.actor_user_id, u.display_name AS actor_name, a.action, a.target_type, a.target_id,
              a.details
       FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id
       ${where}
       ORDER BY a.at DESC, a.id
       LIMIT $1 OFFSET $2`,
      [limit, offset, ...(action ? [action] : [])],
    );
  }

  async count(action?: string): Promise<number> {
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM audit_log ${action ? 'WHERE action = $1' : ''}`,
      action ? [action] : [],
    );
    return total;
  }
}
