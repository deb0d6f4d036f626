import { Module } from '@nestjs/common';
import { ParticipantsModule } from '../participants/participants.module';
import { ProposalsModule } from '../proposals/proposals.module';
import { PanelContributionService } from './panel-contribution.service';
import { WorkshopsModule } from '../workshops/workshops.module';
import { PanelDrawsService } from './panel-draws.service';
import { PanelsController } from './panels.controller';
import { PanelsService } from './panels.service';
import { SortitionRunner } from './sortition-runner.service';

@Module({
  imports: [WorkshopsModule, ParticipantsModule, ProposalsModule],
  controllers: [PanelsController],
  providers: [PanelsService, PanelDrawsService, SortitionRunner, PanelContributionService],
  exports: [PanelsService, PanelDrawsService, SortitionRunner],
})
export class PanelsModule {}
