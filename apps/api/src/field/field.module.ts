import { Module } from '@nestjs/common';
import { LiveModule } from '../live/live.module';
import { MailModule } from '../mail/mail.module';
import { FieldController, FieldInstanceController } from './field.controller';
import { FieldEventsRepository } from './field-events.repository';
import { FieldInstanceRepository } from './field-instance.repository';
import { FieldInstanceService } from './field-instance.service';
import { FieldKitsRepository } from './field-kits.repository';
import { FieldKitsService } from './field-kits.service';
import { FieldRowsRepository } from './field-rows.repository';
import { FieldSyncService } from './field-sync.service';

/** Bus mode: field kits, checkout, sync back and the signed export file (docs/bus-mode.md). */
@Module({
  imports: [LiveModule, MailModule],
  controllers: [FieldController, FieldInstanceController],
  providers: [
    FieldKitsRepository,
    FieldRowsRepository,
    FieldEventsRepository,
    FieldInstanceRepository,
    FieldKitsService,
    FieldSyncService,
    FieldInstanceService,
  ],
  exports: [FieldInstanceService, FieldKitsService],
})
export class FieldModule {}
