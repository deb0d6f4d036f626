import { Inject, Injectable } from '@nestjs/common';
import type { AuditEntryPage } from '@permanente/contracts';
import type { EntityManager } from 'typeorm';
import { CLOCK, Clock } from '../common/clock';
import { AuditRepository } from './audit.repository';

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
    private readonly entries: AuditRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(manager: EntityManager, entry: AuditRecord): Promise<void> {
    await this.entries.insert(manager, {
      at: this.clock.now(),
      actorUserId: entry.actorUserId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      details: entry.details ?? {},
    });
  }

  async list(limit: number, offset: number, action?: string): Promise<AuditEntryPage> {
    const rows = await this.entries.page(limit, offset, action);
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
      total: await this.entries.count(action),
      limit,
      offset,
    };
  }
}
