import { Module } from '@nestjs/common';
import { AnswersService } from './answers.service';
import { EngagementRepository } from './engagement.repository';
import { EngagementService } from './engagement.service';
import { ProposalQueriesService } from './proposal-queries.service';
import { ProposalReadsRepository } from './proposal-reads.repository';
import { ProposalsController } from './proposals.controller';
import { ProposalsRepository } from './proposals.repository';
import { ProposalsService } from './proposals.service';

@Module({
  controllers: [ProposalsController],
  providers: [
    ProposalsRepository,
    ProposalReadsRepository,
    EngagementRepository,
    ProposalsService,
    ProposalQueriesService,
    AnswersService,
    EngagementService,
  ],
  // ProposalsService.createFromPanel is the panels module's way in.
  exports: [ProposalsService, AnswersService],
})
export class ProposalsModule {}
