import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import type {
  ActivityView,
  ClusteringSuggestions,
  EntryLockResponse,
  IdeaClassificationResponse,
  PostIdeaResponse,
  RunSheetTemplate,
  ThemeView,
  WallInfoResponse,
  WallLinkResponse,
  WallLinkState,
  WorkshopSnapshot,
  WorkshopStatusResponse,
} from '@permanente/contracts';
import { CurrentActor, ParticipantOrStaff, Public, Staff } from '../auth/access.decorators';
import type { Actor, StaffActor } from '../auth/actor';
import { WorkshopParamsDto } from '../workshops/dto/workshop.dto';
import { AgendaService } from './agenda.service';
import {
  ApplyRunSheetDto,
  ClassifyIdeaDto,
  CreateActivityDto,
  SaveThemeDto,
  SetEntryLockDto,
  WorkshopThemeParamsDto,
  PaperIdeaDto,
  UpdateActivityDto,
  UpdateWorkshopStatusDto,
  WorkshopActivityParamsDto,
  WorkshopIdeaParamsDto,
  WallTokenParamsDto,
} from './dto/agenda.dto';
import { csvLanguage } from './csv.util';
import { ExportLanguageQueryDto } from './dto/export-query.dto';
import { IdeasService } from './ideas.service';
import { DomainError } from '../common/domain-error';
import { ApiCreatedContract, ApiOkContract, ApiOkText } from '../openapi/api-contract.decorator';
import { LiveStateService } from './live-state.service';
import { ThemesService } from './themes.service';
import { WallLinksService } from './wall-links.service';
import { WorkshopRecordService } from './workshop-record.service';

/** The facilitator's console over REST; the phones use the socket (LiveGateway). */
@ApiTags('live workshops')
@Controller('workshops/:id')
export class LiveController {
  constructor(
    private readonly agenda: AgendaService,
    private readonly ideas: IdeasService,
    private readonly state: LiveStateService,
    private readonly record: WorkshopRecordService,
    private readonly themes: ThemesService,
    private readonly walls: WallLinksService,
  ) {}

  @ParticipantOrStaff('facilitator', 'organiser')
  @Get('snapshot')
  @ApiOkContract(
    'WorkshopSnapshot',
    'The workshop as of its latest event (participants: without hidden ideas)',
  )
  async snapshot(
    @CurrentActor() actor: Actor,
    @Param() params: WorkshopParamsDto,
  ): Promise<WorkshopSnapshot> {
    if (actor.kind === 'participant') {
      if (actor.workshopId !== params.id)
        throw new DomainError('not_found', `No workshop has the id ${params.id}`);
      return this.state.snapshot({
        workshopId: params.id,
        audience: 'participant',
        participantId: actor.participantId,
      });
    }
    return this.state.snapshot(await this.state.staffViewer(actor as StaffActor, params.id));
  }

  @Staff('facilitator', 'organiser')
  @Get('export.csv')
  @ApiOkText(
    'text/csv',
    'Every contribution: activity, time, origin (phone or paper), author pseudonym, content; headers in French unless lang=en (or Accept-Language asks for English)',
  )
  async exportCsv(
    @CurrentActor() actor: StaffActor,
    @Param() params: WorkshopParamsDto,
    @Query() query: ExportLanguageQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const language = csvLanguage(query.lang, request.headers['accept-language']);
    const csv = await this.record.csv(actor, params.id, language);
    response.setHeader('content-type', 'text/csv; charset=utf-8');
    response.setHeader('content-disposition', `attachment; filename="atelier-${params.id}.csv"`);
    return csv;
  }

  @Staff('facilitator', 'organiser')
  @Post('activities')
  @ApiCreatedContract('ActivityView', 'Added at the end of the agenda')
  addActivity(
    @CurrentActor() actor: StaffActor,
    @Param() params: WorkshopParamsDto,
    @Body() body: CreateActivityDto,
  ): Promise<ActivityView> {
    return this.agenda.addActivity(actor, params.id, body);
  }

  @Staff('facilitator', 'organiser')
  @Get('wall-link')
  @ApiOkContract('WallLinkState', 'The wall link of the workshop, if one is live')
  wallLink(
    @CurrentActor() actor: StaffActor,
    @Param() params: WorkshopParamsDto,
  ): Promise<WallLinkState> {
    return this.walls.current(actor, params.id);
  }

  @Staff('facilitator', 'organiser')
  @Post('wall-link')
  @ApiCreatedContract(
    'WallLinkResponse',
    'A new read-only wall link for the projection computer; the previous one dies',
  )
  createWallLink(
    @CurrentActor() actor: StaffActor,
    @Param() params: WorkshopParamsDto,
  ): Promise<WallLinkResponse> {
    return this.walls.create(actor, params.id);
  }

  @Staff('facilitator', 'organiser')
  @Delete('wall-link')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked: the walls using it are disconnected' })
  revokeWallLink(
    @CurrentActor() actor: StaffActor,
    @Param() params: WorkshopParamsDto,
  ): Promise<void> {
    return this.walls.revoke(actor, params.id);
  }

  @Staff('facilitator', 'organiser')
  @Post('run-sheet')
  @ApiCreatedContract(
    ['ActivityView'],
    'A run sheet (agenda template) applied: its activities added after the others',
  )
  applyRunSheet(
    @CurrentActor() actor: StaffActor,
    @Param() params: WorkshopParamsDto,
    @Body() body: ApplyRunSheetDto,
  ): Promise<ActivityView[]> {
    return this.agenda.applyRunSheet(actor, params.id, body.templateId);
  }

  @Staff('facilitator', 'organiser')
  @Patch('activities/:activityId')
  @ApiOkContract(
    'ActivityView',
    'Opened, closed, renamed or timed; opening one closes the one running',
  )
  updateActivity(
    @CurrentActor() actor: StaffActor,
    @Param() params: WorkshopActivityParamsDto,
    @Body() body: UpdateActivityDto,
  ): Promise<ActivityView> {
    return this.agenda.updateActivity(actor, params.id, params.activityId, body);
  }

  @Staff('facilitator', 'organiser')
  @Put('status')
  @ApiOkContract(
    'WorkshopStatusResponse',
    'draft → scheduled → live → closed; closing locks the workshop',
  )
  async setStatus(
    @CurrentActor() actor: StaffActor,
    @Param() params: WorkshopParamsDto,
    @Body() body: UpdateWorkshopStatusDto,
  ): Promise<WorkshopStatusResponse> {
    return { status: await this.agenda.setStatus(actor, params.id, body.status) };
  }

  @Staff('facilitator', 'organiser')
  @Put('entry')
  @ApiOkContract(
    'SetEntryLockRequest',
    'Closes (locked: true) or reopens the door: while locked, no phone may join',
  )
  async setEntryLock(
    @CurrentActor() actor: StaffActor,
    @Param() params: WorkshopParamsDto,
    @Body() body: SetEntryLockDto,
  ): Promise<EntryLockResponse> {
    return { locked: await this.agenda.setEntryLock(actor, params.id, body.locked) };
  }

  @Staff('facilitator', 'organiser')
  @Post('ideas')
  @ApiCreatedContract(
    'PostIdeaResponse',
    'A paper contribution typed in (origin: paper); idempotent on clientId',
  )
  postPaperIdea(
    @CurrentActor() actor: StaffActor,
    @Param() params: WorkshopParamsDto,
    @Body() body: PaperIdeaDto,
  ): Promise<PostIdeaResponse> {
    return this.ideas.postFromPaper(actor, params.id, body);
  }

  @Staff('facilitator', 'organiser')
  @Get('clustering-suggestions')
  @ApiOkContract(
    'ClusteringSuggestions',
    'Likely duplicates and groups among the visible ideas (French text similarity)',
  )
  suggestions(
    @CurrentActor() actor: StaffActor,
    @Param() params: WorkshopParamsDto,
  ): Promise<ClusteringSuggestions> {
    return this.themes.suggestions(actor, params.id);
  }

  @Staff('facilitator', 'organiser')
  @Post('themes')
  @ApiCreatedContract('ThemeView', 'A new theme, last in order')
  createTheme(
    @CurrentActor() actor: StaffActor,
    @Param() params: WorkshopParamsDto,
    @Body() body: SaveThemeDto,
  ): Promise<ThemeView> {
    return this.themes.create(actor, params.id, body.name);
  }

  @Staff('facilitator', 'organiser')
  @Patch('themes/:themeId')
  @ApiOkContract('ThemeView', 'Renamed')
  renameTheme(
    @CurrentActor() actor: StaffActor,
    @Param() params: WorkshopThemeParamsDto,
    @Body() body: SaveThemeDto,
  ): Promise<ThemeView> {
    return this.themes.rename(actor, params.id, params.themeId, body.name);
  }

  @Staff('facilitator', 'organiser')
  @Delete('themes/:themeId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted; its ideas are left without a theme' })
  deleteTheme(
    @CurrentActor() actor: StaffActor,
    @Param() params: WorkshopThemeParamsDto,
  ): Promise<void> {
    return this.themes.remove(actor, params.id, params.themeId);
  }

  @Staff('facilitator', 'organiser')
  @Put('ideas/:ideaId/classification')
  @ApiOkContract(
    'IdeaClassificationResponse',
    'The idea put in a theme and/or merged as a duplicate',
  )
  classify(
    @CurrentActor() actor: StaffActor,
    @Param() params: WorkshopIdeaParamsDto,
    @Body() body: ClassifyIdeaDto,
  ): Promise<IdeaClassificationResponse> {
    return this.themes.classify(actor, params.id, params.ideaId, body);
  }

  @Staff('facilitator', 'organiser')
  @Post('ideas/:ideaId/hide')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Hidden from participants and the wall; audit-logged' })
  hide(@CurrentActor() actor: StaffActor, @Param() params: WorkshopIdeaParamsDto): Promise<void> {
    return this.ideas.setHidden(actor, params.id, params.ideaId, true);
  }

  @Staff('facilitator', 'organiser')
  @Post('ideas/:ideaId/restore')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Shown again; audit-logged' })
  restore(
    @CurrentActor() actor: StaffActor,
    @Param() params: WorkshopIdeaParamsDto,
  ): Promise<void> {
    return this.ideas.setHidden(actor, params.id, params.ideaId, false);
  }
}

/** The run sheets (agenda templates) facilitators may apply to a workshop. */
@ApiTags('live workshops')
@Controller('run-sheets')
export class RunSheetsController {
  constructor(private readonly agenda: AgendaService) {}

  @Staff('facilitator', 'organiser')
  @Get()
  @ApiOkContract(['RunSheetTemplate'], 'The agenda templates, the 2017 Fabrik format first')
  list(): readonly RunSheetTemplate[] {
    return this.agenda.runSheets();
  }
}

/** The wall opened from its link, on the projection computer: no account, read-only. */
@ApiTags('live workshops')
@Controller('walls')
export class WallsController {
  constructor(private readonly walls: WallLinksService) {}

  @Public()
  @Get(':token')
  @ApiOkContract(
    'WallInfoResponse',
    'The workshop behind a live wall link (404 once revoked or ended)',
  )
  info(@Param() params: WallTokenParamsDto): Promise<WallInfoResponse> {
    return this.walls.info(params.token);
  }

  @Public()
  @Get(':token/qr.svg')
  @ApiOkText('image/svg+xml', 'The join QR code, for the wall opened from its link')
  async joinQr(
    @Param() params: WallTokenParamsDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const svg = await this.walls.joinQrSvg(params.token);
    response.setHeader('content-type', 'image/svg+xml; charset=utf-8');
    response.setHeader('cache-control', 'no-store');
    return svg;
  }
}
