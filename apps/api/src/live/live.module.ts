import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ParticipantsModule } from '../participants/participants.module';
import { AgendaRepository } from './agenda.repository';
import { AgendaService } from './agenda.service';
import { ChoicesRepository } from './choices.repository';
import { ChoicesService } from './choices.service';
import { IdeasRepository } from './ideas.repository';
import { IdeasService } from './ideas.service';
import { LiveController, RunSheetsController, WallsController } from './live.controller';
import { LiveGateway } from './live.gateway';
import { LiveStateRepository } from './live-state.repository';
import { LiveStateService } from './live-state.service';
import { ThemesRepository } from './themes.repository';
import { ThemesService } from './themes.service';
import { WallLinksRepository } from './wall-links.repository';
import { WallLinksService } from './wall-links.service';
import { WorkshopEventLog } from './workshop-event-log.service';
import { WorkshopEventLogRepository } from './workshop-event-log.repository';
import { WorkshopRecordRepository } from './workshop-record.repository';
import { WorkshopRecordService } from './workshop-record.service';

@Module({
  imports: [AuthModule, ParticipantsModule],
  controllers: [LiveController, RunSheetsController, WallsController],
  providers: [
    WorkshopEventLog,
    WorkshopEventLogRepository,
    IdeasService,
    IdeasRepository,
    ChoicesService,
    ChoicesRepository,
    AgendaService,
    AgendaRepository,
    LiveStateService,
    LiveStateRepository,
    LiveGateway,
    WorkshopRecordService,
    WorkshopRecordRepository,
    ThemesService,
    ThemesRepository,
    WallLinksService,
    WallLinksRepository,
  ],
  exports: [WorkshopEventLog, IdeasService, AgendaService, LiveStateService],
})
export class LiveModule {}
