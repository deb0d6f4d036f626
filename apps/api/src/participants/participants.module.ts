import { Module } from '@nestjs/common';
import { ParticipantsController } from './participants.controller';
import { ParticipantContributionsRepository } from './participant-contributions.repository';
import { ParticipantsService } from './participants.service';

@Module({
  controllers: [ParticipantsController],
  providers: [ParticipantsService, ParticipantContributionsRepository],
  exports: [ParticipantsService],
})
export class ParticipantsModule {}
