import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { TerritoriesModule } from '../territories/territories.module';
import { PaperParticipantsRepository } from './paper-participants.repository';
import { PaperParticipantsService } from './paper-participants.service';
import { ParticipantsController } from './participants.controller';
import { ParticipantContributionsRepository } from './participant-contributions.repository';
import { ParticipantsService } from './participants.service';

@Module({
  imports: [MailModule, TerritoriesModule],
  controllers: [ParticipantsController],
  providers: [
    ParticipantsService,
    ParticipantContributionsRepository,
    PaperParticipantsService,
    PaperParticipantsRepository,
  ],
  exports: [ParticipantsService, PaperParticipantsService],
})
export class ParticipantsModule {}
