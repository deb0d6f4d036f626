import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { AnswerRemindersRepository } from './answer-reminders.repository';
import { AnswerRemindersService } from './answer-reminders.service';
import { AnswersService } from './answers.service';
import { EngagementRepository } from './engagement.repository';
import { EngagementService } from './engagement.service';
import { ProposalQueriesService } from './proposal-queries.service';
import { ProposalReadsRepository } from './proposal-reads.repository';
import { ProposalMailController } from './proposal-mail.controller';
import { ProposalMailService } from './proposal-mail.service';
import { ProposalsController } from './proposals.controller';
import { ProposalsRepository } from './proposals.repository';
import { ProposalsService } from './proposals.service';

@Module({
  imports: [MailModule],
  controllers: [ProposalsController, ProposalMailController],
  providers: [
    ProposalsRepository,
    ProposalReadsRepository,
    EngagementRepository,
    ProposalsService,
    ProposalQueriesService,
    AnswersService,
    EngagementService,
    ProposalMailService,
    AnswerRemindersRepository,
    AnswerRemindersService,
  ],
  // ProposalsService.createFromPanel is the panels module's way in.
  exports: [ProposalsService, AnswersService],
})
export class ProposalsModule {}
