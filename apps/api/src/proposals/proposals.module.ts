import { Module } from '@nestjs/common';
import { AnswersService } from './answers.service';
import { EngagementService } from './engagement.service';
import { ProposalsController } from './proposals.controller';
import { ProposalsService } from './proposals.service';

@Module({
  controllers: [ProposalsController],
  providers: [ProposalsService, AnswersService, EngagementService],
  // ProposalsService.createFromPanel is the panels module's way in.
  exports: [ProposalsService, AnswersService],
})
export class ProposalsModule {}
