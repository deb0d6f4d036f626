import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import type { WorkshopResponse, WorkshopView } from '@permanente/contracts';
import { CurrentActor, ParticipantOrStaff, Staff } from '../auth/access.decorators';
import type { Actor, StaffActor } from '../auth/actor';
import {
  ApiCreatedContract,
  ApiError,
  ApiOkContract,
  ApiOkText,
} from '../openapi/api-contract.decorator';
import { CreateWorkshopDto, WorkshopParamsDto } from './dto/workshop.dto';
import { WorkshopsService } from './workshops.service';

@ApiTags('workshops')
@Controller('workshops')
export class WorkshopsController {
  constructor(private readonly workshops: WorkshopsService) {}

  @Staff('facilitator', 'organiser')
  @Post()
  @ApiCreatedContract('WorkshopResponse', 'The workshop, with its join code')
  @ApiError(403, 'The territory is outside your scope')
  create(
    @CurrentActor() actor: StaffActor,
    @Body() body: CreateWorkshopDto,
  ): Promise<WorkshopResponse> {
    return this.workshops.create(actor, body);
  }

  @Staff('facilitator', 'organiser')
  @Get()
  @ApiOkContract(['WorkshopResponse'], 'Workshops in your scope')
  list(@CurrentActor() actor: StaffActor): Promise<WorkshopResponse[]> {
    return this.workshops.list(actor);
  }

  @ParticipantOrStaff('facilitator', 'organiser')
  @Get(':id')
  @ApiOkContract('WorkshopView', 'Staff: the workshop; a participant: its own workshop')
  get(@CurrentActor() actor: Actor, @Param() params: WorkshopParamsDto): Promise<WorkshopView> {
    return this.workshops.get(actor, params.id);
  }

  @Staff('facilitator', 'organiser')
  @Get(':id/qr.svg')
  @ApiOkText('image/svg+xml', 'The join QR code (the join URL) as SVG, for the wall and posters')
  async joinQr(
    @CurrentActor() actor: StaffActor,
    @Param() params: WorkshopParamsDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const svg = await this.workshops.joinQrSvg(actor, params.id);
    response.setHeader('content-type', 'image/svg+xml; charset=utf-8');
    response.setHeader('cache-control', 'private, max-age=3600');
    return svg;
  }
}
