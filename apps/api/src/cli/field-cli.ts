import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository';
import { AuditService } from '../audit/audit.service';
import { systemClock } from '../common/clock';
import { RateLimiter } from '../common/rate-limiter';
import type { AppConfig } from '../config/app-config';
import { FieldEventsRepository } from '../field/field-events.repository';
import { FieldInstanceRepository } from '../field/field-instance.repository';
import { FieldInstanceService } from '../field/field-instance.service';
import { FieldKitsRepository } from '../field/field-kits.repository';
import { FieldRowsRepository } from '../field/field-rows.repository';
import { FieldSyncService } from '../field/field-sync.service';
import { WorkshopEventLog } from '../live/workshop-event-log.service';
import { WorkshopEventLogRepository } from '../live/workshop-event-log.repository';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { MailRepository } from '../mail/mail.repository';

/** A path given on the command line, from where the person typed `npm run` (INIT_CWD). */
export function userPath(path: string): string {
  return isAbsolute(path) ? path : resolve(process.env['INIT_CWD'] ?? process.cwd(), path);
}

export function readUserFile(path: string): string {
  return readFileSync(userPath(path), 'utf8');
}

export function fieldInstance(dataSource: DataSource, config: AppConfig): FieldInstanceService {
  return new FieldInstanceService(
    new FieldInstanceRepository(dataSource),
    new FieldRowsRepository(dataSource),
    systemClock,
    config,
  );
}

export function centralSync(dataSource: DataSource, config: AppConfig): FieldSyncService {
  return new FieldSyncService(
    new FieldKitsRepository(dataSource),
    new FieldRowsRepository(dataSource),
    new FieldEventsRepository(),
    new WorkshopEventLog(new WorkshopEventLogRepository(dataSource)),
    new AuditService(new AuditRepository(dataSource), systemClock),
    systemClock,
    new RateLimiter(),
    new MailOutboxService(new MailRepository(dataSource), config, systemClock),
    config,
  );
}
