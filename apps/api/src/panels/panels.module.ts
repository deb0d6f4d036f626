import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { ParticipantsModule } from '../participants/participants.module';
import { ProposalsModule } from '../proposals/proposals.module';
import { TerritoriesModule } from '../territories/territories.module';
import { PanelContributionService } from './panel-contribution.service';
import { WorkshopsModule } from '../workshops/workshops.module';
import { PanelDrawJobsRepository } from './panel-draw-jobs.repository';
import { PanelDrawJobsService } from './panel-draw-jobs.service';
import { PanelDrawsRepository } from './panel-draws.repository';
import { PanelDrawsService } from './panel-draws.service';
import { PanelMailController } from './panel-mail.controller';
import { PanelMailRepository } from './panel-mail.repository';
import { PanelMailService } from './panel-mail.service';
import { PanelMembersService } from './panel-members.service';
import { PanelPoolRepository } from './panel-pool.repository';
import { PanelPoolService } from './panel-pool.service';
import { PanelSessionsService } from './panel-sessions.service';
import { PanelsController } from './panels.controller';
import { PanelsRepository } from './panels.repository';
import { PanelsService } from './panels.service';
import { SortitionRunner } from './sortition-runner.service';

@Module({
  imports: [WorkshopsModule, ParticipantsModule, ProposalsModule, MailModule, TerritoriesModule],
  controllers: [PanelsController, PanelMailController],
  providers: [
    PanelsRepository,
    PanelMailRepository,
    PanelMailService,
    PanelPoolRepository,
    PanelDrawsRepository,
    PanelDrawJobsRepository,
    PanelsService,
    PanelPoolService,
    PanelMembersService,
    PanelSessionsService,
    PanelDrawsService,
    PanelDrawJobsService,
    SortitionRunner,
    PanelContributionService,
  ],
  exports: [
    PanelsService,
    PanelPoolService,
    PanelMembersService,
    PanelDrawsService,
    PanelDrawJobsService,
    SortitionRunner,
  ],
})
export class PanelsModule {}
