import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditEntryResponse, Page } from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { CLOCK, Clock } from '../common/clock';
import { AuditEntryEntity } from './audit-entry.entity';

export interface AuditRecord {
  actorUserId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  details?: Record<string, unknown>;
}

/**
 * Who changed whose data, when. Written with the change, in the same transaction: an audited
 * change and its audit entry exist together or not at all.
 */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(manager: EntityManager, entry: AuditRecord): Promise<void> {
    const audit = manager.getRepository(AuditEntryEntity);
    await audit.save(
      audit.create({
        at: this.clock.now(),
        actorUserId: entry.actorUserId,
        action: entry.action,
        targetType: entry.targetType,
        targetId: entry.targetId,
        details: entry.details ?? {},
      }),
    );
  }

  async list(limit: number, offset: number, action?: string): Promise<Page<AuditEntryResponse>> {
    const where = action ? `WHERE a.action = $3` : '';
    const params: unknown[] = [limit, offset, ...(action ? [action] : [])];
    const rows: Array<{
      id: string;
      at: Date;
      actor_user_id: string | null;
      actor_name: string | null;
      action: string;
      target_type: string;
      target_id: string | null;
      details: Record<string, unknown>;
    }> = await this.dataSource.query(
      `SELECT a.id, a.at, a.actor_user_id, u.display_name AS actor_name, a.action, a.target_type, a.target_id,
              a.details
       FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id
       ${where}
       ORDER BY a.at DESC, a.id
       LIMIT $1 OFFSET $2`,
      params,
    );
    return {
      items: rows.map((row) => ({
        id: row.id,
        at: new Date(row.at).toISOString(),
        actorUserId: row.actor_user_id,
        actorName: row.actor_name,
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        details: row.details,
      })),
      total: await this.count(action),
      limit,
      offset,
    };
  }

  private async count(action?: string): Promise<number> {
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM audit_log ${action ? 'WHERE action = $1' : ''}`,
      action ? [action] : [],
    );
    return total;
  }
}
