import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import type { InitiativePage, InitiativeResponse } from '@permanente/contracts';
import type { Request } from 'express';
import { CurrentActor, Public, Staff } from '../auth/access.decorators';
import type { StaffActor } from '../auth/actor';
import { ApiCreatedContract, ApiErrors, ApiOkContract } from '../openapi/api-contract.decorator';
import {
  CreateInitiativeDto,
  InitiativeSearchDto,
  UpdateInitiativeDto,
} from './dto/initiative.dto';
import { IdParamsDto } from './dto/tour.dto';
import { InitiativesService } from './initiatives.service';

@ApiTags('tour')
@Controller('initiatives')
export class InitiativesController {
  constructor(private readonly initiatives: InitiativesService) {}

  @Public()
  @Get()
  @ApiOkContract('InitiativePage', 'Search and filter the catalogue, one page at a time')
  @ApiErrors(400, 429)
  search(@Query() query: InitiativeSearchDto, @Req() request: Request): Promise<InitiativePage> {
    return this.initiatives.search(query, request.ip ?? 'unknown');
  }

  @Public()
  @Get(':id')
  @ApiOkContract('InitiativeResponse')
  @ApiErrors(404)
  get(@Param() params: IdParamsDto): Promise<InitiativeResponse> {
    return this.initiatives.get(params.id);
  }

  @Staff('organiser', 'facilitator')
  @Post()
  @ApiCreatedContract('InitiativeResponse')
  @ApiErrors(400, 403)
  create(
    @CurrentActor() actor: StaffActor,
    @Body() body: CreateInitiativeDto,
  ): Promise<InitiativeResponse> {
    return this.initiatives.create(actor, body);
  }

  @Staff('organiser', 'facilitator')
  @Patch(':id')
  @ApiOkContract('InitiativeResponse')
  @ApiErrors(400, 403, 404)
  update(
    @CurrentActor() actor: StaffActor,
    @Param() params: IdParamsDto,
    @Body() body: UpdateInitiativeDto,
  ): Promise<InitiativeResponse> {
    return this.initiatives.update(actor, params.id, body);
  }

  @Staff('organiser', 'facilitator')
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiErrors(403, 404)
  remove(@CurrentActor() actor: StaffActor, @Param() params: IdParamsDto): Promise<void> {
    return this.initiatives.remove(actor, params.id);
  }
}
