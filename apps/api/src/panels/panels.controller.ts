import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type {
  PanelContributionResponse,
  ApplyToPanelResponse,
  JoinWorkshopResponse,
  PanelSessionResponse,
  ImportVolunteersResponse,
  InvitationLinkResponse,
  PanelDrawAudit,
  PanelDrawJob,
  PanelFeasibilityResponse,
  PanelInvitationResponse,
  PanelLotteryResponse,
  PanelMemberResponse,
  PanelPublicResponse,
  PanelRerunResponse,
  PanelResponse,
  PanelSummary,
  PanelVolunteerResponse,
} from '@permanente/contracts';
import type { Request } from 'express';
import { CurrentActor, Public, Staff } from '../auth/access.decorators';
import type { StaffActor } from '../auth/actor';
import {
  ApiAcceptedContract,
  ApiCreatedContract,
  ApiError,
  ApiErrors,
  ApiOkContract,
} from '../openapi/api-contract.decorator';
import {
  ApplyToPanelDto,
  AppointMemberDto,
  CreateLotteryDto,
  CreatePanelDto,
  CreatePanelSessionDto,
  InvitationSessionParamsDto,
  DrawPanelDto,
  ImportVolunteersDto,
  InvitationAnswerDto,
  InvitationParamsDto,
  MemberStatusDto,
  PanelDrawJobParamsDto,
  PanelDrawParamsDto,
  PanelListQueryDto,
  PanelMemberParamsDto,
  PanelParamsDto,
  ReplacementDto,
  SetQuotasDto,
  UpdatePanelDto,
} from './dto/panel.dto';
import { PanelContributionDto } from './dto/panel-contribution.dto';
import { PanelContributionService } from './panel-contribution.service';
import { PanelDrawJobsService } from './panel-draw-jobs.service';
import { PanelDrawsService } from './panel-draws.service';
import { PanelMembersService } from './panel-members.service';
import { PanelPoolService } from './panel-pool.service';
import { PanelSessionsService } from './panel-sessions.service';
import { PanelsService } from './panels.service';

const ipOf = (request: Request) => request.ip ?? 'unknown';

@ApiTags('panels')
@Controller()
export class PanelsController {
  constructor(
    private readonly panels: PanelsService,
    private readonly pool: PanelPoolService,
    private readonly members: PanelMembersService,
    private readonly sessions: PanelSessionsService,
    private readonly draws: PanelDrawsService,
    private readonly jobs: PanelDrawJobsService,
    private readonly contribution: PanelContributionService,
  ) {}

  // ---- organisers ------------------------------------------------------------------------

  @Staff('organiser')
  @Get('panels')
  @ApiOkContract(['PanelSummary'], 'The panels in the caller’s scope')
  list(
    @CurrentActor() actor: StaffActor,
    @Query() query: PanelListQueryDto,
  ): Promise<PanelSummary[]> {
    return this.panels.list(actor, query.campaignId);
  }

  @Staff('organiser')
  @Post('panels')
  @ApiCreatedContract('PanelResponse', 'The panel, with default features when none are given')
  @ApiErrors(400)
  @ApiError(409, 'The campaign has a panel there')
  create(@CurrentActor() actor: StaffActor, @Body() body: CreatePanelDto): Promise<PanelResponse> {
    return this.panels.create(actor, body);
  }

  @Staff('organiser')
  @Get('panels/:id')
  @ApiOkContract('PanelResponse', 'The panel with its quotas, draws, members and lotteries')
  @ApiErrors(404)
  get(@CurrentActor() actor: StaffActor, @Param() params: PanelParamsDto): Promise<PanelResponse> {
    return this.panels.get(actor, params.id);
  }

  @Staff('organiser')
  @Patch('panels/:id')
  @ApiOkContract('PanelResponse', 'Updated')
  @ApiErrors(409)
  update(
    @CurrentActor() actor: StaffActor,
    @Param() params: PanelParamsDto,
    @Body() body: UpdatePanelDto,
  ): Promise<PanelResponse> {
    return this.panels.update(actor, params.id, body);
  }

  @Staff('organiser')
  @Put('panels/:id/quotas')
  @ApiOkContract('PanelResponse', 'The quotas, replaced as a whole')
  @ApiErrors(400)
  @ApiError(409, 'The panel is drawn')
  setQuotas(
    @CurrentActor() actor: StaffActor,
    @Param() params: PanelParamsDto,
    @Body() body: SetQuotasDto,
  ): Promise<PanelResponse> {
    return this.panels.setQuotas(actor, params.id, body.quotas);
  }

  @Staff('organiser')
  @Get('panels/:id/feasibility')
  @ApiOkContract(
    'PanelFeasibilityResponse',
    'Whether the quotas can be met by the pool; the quotas at fault',
  )
  feasibility(
    @CurrentActor() actor: StaffActor,
    @Param() params: PanelParamsDto,
  ): Promise<PanelFeasibilityResponse> {
    return this.draws.feasibility(actor, params.id);
  }

  @Staff('organiser')
  @Get('panels/:id/volunteers')
  @ApiOkContract(
    ['PanelVolunteerResponse'],
    'The pool with contact details (until erased) and probabilities',
  )
  volunteers(
    @CurrentActor() actor: StaffActor,
    @Param() params: PanelParamsDto,
  ): Promise<PanelVolunteerResponse[]> {
    return this.pool.volunteers(actor, params.id);
  }

  @Staff('organiser')
  @Post('panels/:id/volunteers/import')
  @ApiCreatedContract('ImportVolunteersResponse', 'Every row imported (or none)')
  @ApiError(400, 'The rows and columns at fault')
  import(
    @CurrentActor() actor: StaffActor,
    @Param() params: PanelParamsDto,
    @Body() body: ImportVolunteersDto,
  ): Promise<ImportVolunteersResponse> {
    return this.pool.importCsv(actor, params.id, body);
  }

  @Staff('organiser')
  @Post('panels/:id/pool/erase')
  @HttpCode(200)
  @ApiOkContract('PanelResponse', 'Names and contacts erased; anonymous features kept')
  @ApiError(409, 'The panel is not drawn yet')
  erase(
    @CurrentActor() actor: StaffActor,
    @Param() params: PanelParamsDto,
  ): Promise<PanelResponse> {
    return this.pool.erasePool(actor, params.id);
  }

  @Staff('organiser')
  @Post('panels/:id/draws')
  @HttpCode(202)
  @ApiAcceptedContract(
    'PanelDrawJob',
    'The draw job, queued: poll it; the draw is stored when it is done',
  )
  @ApiError(409, 'Already drawn, or a draw is running')
  @ApiError(422, 'The quotas cannot be met')
  @ApiError(503, 'Solver busy')
  draw(
    @CurrentActor() actor: StaffActor,
    @Param() params: PanelParamsDto,
    @Body() body: DrawPanelDto,
  ): Promise<PanelDrawJob> {
    return this.jobs.start(actor, params.id, body);
  }

  @Staff('organiser')
  @Get('panels/:id/draw-jobs/:jobId')
  @ApiOkContract('PanelDrawJob', 'A draw job: status, progress (stage, bounds, gap), draw')
  @ApiErrors(404)
  drawJob(
    @CurrentActor() actor: StaffActor,
    @Param() params: PanelDrawJobParamsDto,
  ): Promise<PanelDrawJob> {
    return this.jobs.job(actor, params.id, params.jobId);
  }

  @Staff('organiser')
  @Post('panels/:id/draw-jobs/:jobId/cancel')
  @HttpCode(200)
  @ApiOkContract('PanelDrawJob', 'The draw job, cancelled: nothing will be stored')
  @ApiErrors(404)
  @ApiError(409, 'The job is already finished')
  cancelDrawJob(
    @CurrentActor() actor: StaffActor,
    @Param() params: PanelDrawJobParamsDto,
  ): Promise<PanelDrawJob> {
    return this.jobs.cancel(actor, params.id, params.jobId);
  }

  @Staff('organiser')
  @Post('panels/:id/draws/:drawId/cancel')
  @HttpCode(200)
  @ApiOkContract('PanelDrawAudit', 'Cancelled, with its replacements; the drawn members leave')
  cancel(
    @CurrentActor() actor: StaffActor,
    @Param() params: PanelDrawParamsDto,
  ): Promise<PanelDrawAudit> {
    return this.draws.cancel(actor, params.id, params.drawId);
  }

  @Staff('organiser')
  @Post('panels/:id/replacements')
  @HttpCode(202)
  @ApiAcceptedContract(
    'PanelDrawJob',
    'A replacement draw job for the seats of those who declined, queued: poll it like a draw',
  )
  @ApiErrors(409)
  replace(
    @CurrentActor() actor: StaffActor,
    @Param() params: PanelParamsDto,
    @Body() body: ReplacementDto,
  ): Promise<PanelDrawJob> {
    return this.jobs.startReplacement(actor, params.id, body.seed);
  }

  @Staff('organiser')
  @Post('panels/:id/contribution')
  @ApiCreatedContract(
    'PanelContributionResponse',
    'The proposals the panel adopted, published together with the panel as source',
  )
  contribute(
    @CurrentActor() actor: StaffActor,
    @Param() params: PanelParamsDto,
    @Body() body: PanelContributionDto,
  ): Promise<PanelContributionResponse> {
    return this.contribution.submit(actor, params.id, body);
  }

  @Staff('organiser')
  @Post('panels/:id/lotteries')
  @ApiCreatedContract('PanelLotteryResponse', 'A public lottery among a list (appointed seats)')
  lottery(
    @CurrentActor() actor: StaffActor,
    @Param() params: PanelParamsDto,
    @Body() body: CreateLotteryDto,
  ): Promise<PanelLotteryResponse> {
    return this.members.createLottery(actor, params.id, body);
  }

  @Staff('organiser')
  @Post('panels/:id/members')
  @ApiCreatedContract('PanelMemberResponse', 'A member named by someone a lottery drew')
  appoint(
    @CurrentActor() actor: StaffActor,
    @Param() params: PanelParamsDto,
    @Body() body: AppointMemberDto,
  ): Promise<PanelMemberResponse> {
    return this.members.appoint(actor, params.id, body);
  }

  @Staff('organiser')
  @Put('panels/:id/members/:memberId/status')
  @ApiOkContract('PanelMemberResponse', 'An answer received on paper or by phone')
  memberStatus(
    @CurrentActor() actor: StaffActor,
    @Param() params: PanelMemberParamsDto,
    @Body() body: MemberStatusDto,
  ): Promise<PanelMemberResponse> {
    return this.members.setMemberStatus(actor, params.id, params.memberId, body.status);
  }

  @Staff('organiser')
  @Post('panels/:id/members/:memberId/invitation')
  @ApiCreatedContract('InvitationLinkResponse', 'A new personal invitation link, shown once')
  invitation(
    @CurrentActor() actor: StaffActor,
    @Param() params: PanelMemberParamsDto,
  ): Promise<InvitationLinkResponse> {
    return this.members.invitationLink(actor, params.id, params.memberId);
  }

  @Staff('organiser')
  @Post('panels/:id/sessions')
  @ApiCreatedContract('PanelSessionResponse', 'A live workshop only the panel’s members can enter')
  createSession(
    @CurrentActor() actor: StaffActor,
    @Param() params: PanelParamsDto,
    @Body() body: CreatePanelSessionDto,
  ): Promise<PanelSessionResponse> {
    return this.sessions.createSession(actor, params.id, body);
  }

  // ---- public ----------------------------------------------------------------------------

  @Public()
  @Get('panels/:id/public')
  @ApiOkContract(
    'PanelPublicResponse',
    'The open call and the audit: seeds, anonymous pool, results',
  )
  @ApiErrors(404)
  publicView(@Param() params: PanelParamsDto): Promise<PanelPublicResponse> {
    return this.panels.publicView(params.id);
  }

  @Public()
  @Post('panels/:id/volunteers')
  @ApiCreatedContract('ApplyToPanelResponse', 'Application received')
  @ApiErrors(400)
  @ApiError(409, 'The call is closed')
  @ApiErrors(429)
  apply(
    @Param() params: PanelParamsDto,
    @Body() body: ApplyToPanelDto,
    @Req() request: Request,
  ): Promise<ApplyToPanelResponse> {
    return this.pool.apply(params.id, body, ipOf(request));
  }

  @Public()
  @Post('panels/:id/draws/:drawId/rerun')
  @HttpCode(200)
  @ApiOkContract('PanelRerunResponse', 'The draw computed again from its public inputs')
  @ApiErrors(429, 503)
  rerun(@Param() params: PanelDrawParamsDto, @Req() request: Request): Promise<PanelRerunResponse> {
    return this.draws.rerun(params.id, params.drawId, ipOf(request));
  }

  @Public()
  @Get('panel-invitations/:token')
  @ApiOkContract('PanelInvitationResponse', 'The invitation behind a personal link')
  @ApiErrors(404)
  readInvitation(
    @Param() params: InvitationParamsDto,
    @Req() request: Request,
  ): Promise<PanelInvitationResponse> {
    return this.members.readInvitation(params.token, ipOf(request));
  }

  @Public()
  @Post('panel-invitations/:token')
  @HttpCode(200)
  @ApiOkContract('PanelInvitationResponse', 'Accepted or declined')
  answerInvitation(
    @Param() params: InvitationParamsDto,
    @Body() body: InvitationAnswerDto,
    @Req() request: Request,
  ): Promise<PanelInvitationResponse> {
    return this.members.answerInvitation(params.token, body.answer, ipOf(request));
  }

  @Public()
  @Post('panel-invitations/:token/sessions/:workshopId/join')
  @ApiCreatedContract(
    'JoinWorkshopResponse',
    'An accepted member joins a panel session: a participant token',
  )
  @ApiError(403, 'The invitation is not accepted')
  @ApiErrors(404)
  joinSession(
    @Param() params: InvitationSessionParamsDto,
    @Req() request: Request,
  ): Promise<JoinWorkshopResponse> {
    return this.sessions.joinSession(params.token, params.workshopId, ipOf(request));
  }
}
