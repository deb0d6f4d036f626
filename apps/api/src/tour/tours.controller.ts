import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import type {
  HeardResponse,
  TourCoverageResponse,
  TourPlanningResponse,
  TourResponse,
  TourStopDetailResponse,
  TourStopPlanningResponse,
  TourSummary,
} from '@permanente/contracts';
import { CurrentActor, Public, Staff } from '../auth/access.decorators';
import type { Actor, StaffActor } from '../auth/actor';
import { PublicCache } from '../common/public-cache.decorator';
import {
  ApiCreatedContract,
  ApiError,
  ApiErrors,
  ApiOkContract,
} from '../openapi/api-contract.decorator';
import { CoverageService } from './coverage.service';
import { HeardService } from './heard.service';
import {
  CreateTourDto,
  CreateTourStopDto,
  IdParamsDto,
  ReorderTourStopsDto,
  UpdateTourDto,
  UpdateTourStopDto,
} from './dto/tour.dto';
import { ToursService } from './tours.service';

@ApiTags('tour')
@Controller('tours')
export class ToursController {
  constructor(
    private readonly tours: ToursService,
    private readonly coverage: CoverageService,
    private readonly heard: HeardService,
  ) {}

  @Public()
  @Get()
  @PublicCache()
  @ApiOkContract(['TourSummary'], 'Every tour, the newest campaign first')
  list(): Promise<TourSummary[]> {
    return this.tours.list();
  }

  @Public()
  @Get(':id')
  @PublicCache()
  @ApiOkContract('TourResponse', 'The tour and its stops in itinerary order (no internal notes)')
  @ApiErrors(404)
  get(@Param() params: IdParamsDto): Promise<TourResponse> {
    return this.tours.get(params.id);
  }

  @Public()
  @Get(':id/coverage')
  @PublicCache()
  @ApiOkContract(
    'TourCoverageResponse',
    'Visits, workshops, participation per bassin and département',
  )
  @ApiErrors(404)
  getCoverage(@Param() params: IdParamsDto): Promise<TourCoverageResponse> {
    return this.coverage.coverage(params.id);
  }

  /** Not cached: organisers get every cell, everyone else the public figures. */
  @Public()
  @Get(':id/heard')
  @ApiOkContract(
    'HeardResponse',
    'Who was heard per territory: participation, first-timers, profile margins next to the census',
  )
  @ApiErrors(404)
  getHeard(@Param() params: IdParamsDto, @CurrentActor() actor: Actor): Promise<HeardResponse> {
    return this.heard.figures(params.id, actor);
  }

  @Staff('organiser', 'facilitator')
  @Get(':id/planning')
  @ApiOkContract('TourPlanningResponse', 'The stops with the team’s notes and the campaign’s dates')
  @ApiErrors(404)
  planning(@Param() params: IdParamsDto): Promise<TourPlanningResponse> {
    return this.tours.planning(params.id);
  }

  @Staff('organiser')
  @Post()
  @ApiCreatedContract('TourSummary', 'The tour of a campaign')
  @ApiErrors(400)
  @ApiError(409, 'The campaign already has a tour')
  create(@CurrentActor() actor: StaffActor, @Body() body: CreateTourDto): Promise<TourSummary> {
    return this.tours.create(actor, body);
  }

  @Staff('organiser')
  @Patch(':id')
  @ApiOkContract('TourSummary')
  @ApiErrors(400, 404)
  update(
    @CurrentActor() actor: StaffActor,
    @Param() params: IdParamsDto,
    @Body() body: UpdateTourDto,
  ): Promise<TourSummary> {
    return this.tours.update(actor, params.id, body);
  }

  @Staff('organiser', 'facilitator')
  @Post(':id/stops')
  @ApiCreatedContract(
    'TourStopPlanningResponse',
    'A new stop (facilitators: in a bassin of their scope)',
  )
  @ApiError(400, 'Outside the campaign, not a bassin de vie, overlapping another stop...')
  @ApiErrors(403, 404)
  @ApiError(409, 'The workshop has another stop')
  createStop(
    @CurrentActor() actor: StaffActor,
    @Param() params: IdParamsDto,
    @Body() body: CreateTourStopDto,
  ): Promise<TourStopPlanningResponse> {
    return this.tours.createStop(actor, params.id, body);
  }

  @Staff('organiser')
  @Put(':id/stop-order')
  @ApiOkContract('TourPlanningResponse', 'The days of the tour handed out in the new order')
  @ApiErrors(400, 404)
  reorder(
    @CurrentActor() actor: StaffActor,
    @Param() params: IdParamsDto,
    @Body() body: ReorderTourStopsDto,
  ): Promise<TourPlanningResponse> {
    return this.tours.reorder(actor, params.id, body.stopIds);
  }
}

@ApiTags('tour')
@Controller('tour-stops')
export class TourStopsController {
  constructor(private readonly tours: ToursService) {}

  @Public()
  @Get(':id')
  @ApiOkContract('TourStopDetailResponse', 'A stop with its initiatives, its Fabrik and its report')
  @ApiErrors(404)
  get(@Param() params: IdParamsDto): Promise<TourStopDetailResponse> {
    return this.tours.getStop(params.id);
  }

  @Staff('organiser', 'facilitator')
  @Patch(':id')
  @ApiOkContract('TourStopPlanningResponse', 'Edited or rescheduled')
  @ApiErrors(400, 403, 404)
  @ApiError(409, 'The workshop has another stop')
  update(
    @CurrentActor() actor: StaffActor,
    @Param() params: IdParamsDto,
    @Body() body: UpdateTourStopDto,
  ): Promise<TourStopPlanningResponse> {
    return this.tours.updateStop(actor, params.id, body);
  }

  @Staff('organiser', 'facilitator')
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiErrors(403, 404)
  @ApiError(409, 'Unlink or move its workshop first')
  remove(@CurrentActor() actor: StaffActor, @Param() params: IdParamsDto): Promise<void> {
    return this.tours.deleteStop(actor, params.id);
  }
}
