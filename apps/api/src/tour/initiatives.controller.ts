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
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { InitiativePage, InitiativeResponse } from '@permanente/contracts';
import type { Request } from 'express';
import { CurrentActor, Public, Staff } from '../auth/access.decorators';
import type { StaffActor } from '../auth/actor';
import { ApiErrorDto } from '../common/api-error.dto';
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
  @ApiOkResponse({ description: 'Search and filter the catalogue, one page at a time' })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiTooManyRequestsResponse({ type: ApiErrorDto })
  search(@Query() query: InitiativeSearchDto, @Req() request: Request): Promise<InitiativePage> {
    return this.initiatives.search(query, request.ip ?? 'unknown');
  }

  @Public()
  @Get(':id')
  @ApiOkResponse()
  @ApiNotFoundResponse({ type: ApiErrorDto })
  get(@Param() params: IdParamsDto): Promise<InitiativeResponse> {
    return this.initiatives.get(params.id);
  }

  @Staff('organiser', 'facilitator')
  @Post()
  @ApiCreatedResponse()
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiForbiddenResponse({ type: ApiErrorDto })
  create(
    @CurrentActor() actor: StaffActor,
    @Body() body: CreateInitiativeDto,
  ): Promise<InitiativeResponse> {
    return this.initiatives.create(actor, body);
  }

  @Staff('organiser', 'facilitator')
  @Patch(':id')
  @ApiOkResponse()
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiForbiddenResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
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
  @ApiForbiddenResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  remove(@CurrentActor() actor: StaffActor, @Param() params: IdParamsDto): Promise<void> {
    return this.initiatives.remove(actor, params.id);
  }
}
