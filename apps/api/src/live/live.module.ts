import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ParticipantsModule } from '../participants/participants.module';
import { AgendaService } from './agenda.service';
import { ChoicesService } from './choices.service';
import { IdeasService } from './ideas.service';
import { LiveController, RunSheetsController, WallsController } from './live.controller';
import { LiveGateway } from './live.gateway';
import { LiveStateService } from './live-state.service';
import { ThemesService } from './themes.service';
import { WallLinksService } from './wall-links.service';
import { WorkshopEventLog } from './workshop-event-log.service';
import { WorkshopRecordService } from './workshop-record.service';

@Module({
  imports: [AuthModule, ParticipantsModule],
  controllers: [LiveController, RunSheetsController, WallsController],
  providers: [
    WorkshopEventLog,
    IdeasService,
    ChoicesService,
    AgendaService,
    LiveStateService,
    LiveGateway,
    WorkshopRecordService,
    ThemesService,
    WallLinksService,
  ],
  exports: [WorkshopEventLog, IdeasService, AgendaService, LiveStateService],
})
export class LiveModule {}
