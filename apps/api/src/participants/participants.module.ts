import { Module } from '@nestjs/common';
import { TerritoriesModule } from '../territories/territories.module';
import { ParticipantsController } from './participants.controller';
import { ParticipantContributionsRepository } from './participant-contributions.repository';
import { ParticipantsService } from './participants.service';

@Module({
  imports: [TerritoriesModule],
  controllers: [ParticipantsController],
  providers: [ParticipantsService, ParticipantContributionsRepository],
  exports: [ParticipantsService],
})
export class ParticipantsModule {}
