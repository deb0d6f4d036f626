import { Body, Controller, Delete, Get, Param, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type {
  JoinWorkshopResponse,
  ParticipantExport,
  ParticipantSelfResponse,
  RecordPaperParticipantResponse,
} from '@permanente/contracts';
import type { Request, Response } from 'express';
import { CurrentActor, ParticipantOnly, Public, Staff } from '../auth/access.decorators';
import type { ParticipantActor, StaffActor } from '../auth/actor';
import {
  ApiCreatedContract,
  ApiError,
  ApiErrors,
  ApiOkContract,
} from '../openapi/api-contract.decorator';
import { WorkshopParamsDto } from '../workshops/dto/workshop.dto';
import {
  JoinWorkshopDto,
  RecordPaperParticipantDto,
  UpdateParticipantDto,
} from './dto/participant.dto';
import { PaperParticipantsService } from './paper-participants.service';
import { ParticipantsService } from './participants.service';

@ApiTags('participants')
@Controller()
export class ParticipantsController {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly paper: PaperParticipantsService,
  ) {}

  @Staff('facilitator', 'organiser')
  @Post('workshops/:id/paper-participants')
  @ApiCreatedContract(
    'RecordPaperParticipantResponse',
    'A person heard on paper (a sign-in sheet line): the optional profile only, no name; idempotent on clientId',
  )
  @ApiErrors(400, 401, 403, 404)
  recordPaper(
    @CurrentActor() actor: StaffActor,
    @Param() params: WorkshopParamsDto,
    @Body() body: RecordPaperParticipantDto,
  ): Promise<RecordPaperParticipantResponse> {
    return this.paper.record(actor, params.id, body.clientId, body.profile, body.profileConsent);
  }

  @Public()
  @Post('workshops/join')
  @ApiCreatedContract('JoinWorkshopResponse', 'Joined: keep the token on the phone')
  @ApiError(404, 'No open workshop has this code')
  @ApiErrors(429)
  join(@Body() body: JoinWorkshopDto, @Req() request: Request): Promise<JoinWorkshopResponse> {
    return this.participants.join(body.code, body.displayName, request.ip ?? 'unknown');
  }

  @ParticipantOnly()
  @Get('participants/me')
  @ApiOkContract('ParticipantSelfResponse', 'The calling participant')
  me(@CurrentActor() actor: ParticipantActor): Promise<ParticipantSelfResponse> {
    return this.participants.me(actor);
  }

  @ParticipantOnly()
  @Patch('participants/me')
  @ApiOkContract('ParticipantSelfResponse', 'Display name and consented profile answers updated')
  update(
    @CurrentActor() actor: ParticipantActor,
    @Body() body: UpdateParticipantDto,
  ): Promise<ParticipantSelfResponse> {
    return this.participants.update(actor, body);
  }

  @ParticipantOnly()
  @Get('participants/me/export')
  @ApiOkContract('ParticipantExport', 'Everything kept about the participant, as a JSON download')
  async export(
    @CurrentActor() actor: ParticipantActor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ParticipantExport> {
    response.setHeader(
      'content-disposition',
      'attachment; filename="permanente-mes-contributions.json"',
    );
    return this.participants.export(actor);
  }

  @ParticipantOnly()
  @Delete('participants/me/personal-data')
  @ApiOkContract(
    'ParticipantSelfResponse',
    'Display name and profile answers erased; contributions kept, unattributed',
  )
  erase(@CurrentActor() actor: ParticipantActor): Promise<ParticipantSelfResponse> {
    return this.participants.erase(actor);
  }
}
