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
import { ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  SUPPORTER_TOKEN_HEADER,
  type AnswerStateUsage,
  type ProposalCommentView,
  type ProposalDetail,
  type ProposalNotification,
  type ProposalPage,
  type PublicSupporterResponse,
  type SupportResponse,
  type TerritoryProposalFigures,
} from '@permanente/contracts';
import type { Request, Response } from 'express';
import { CurrentActor, Public, Staff } from '../auth/access.decorators';
import type { Actor, StaffActor } from '../auth/actor';
import { PublicCache } from '../common/public-cache.decorator';
import { csvLanguage } from '../live/csv.util';
import {
  ApiCreatedContract,
  ApiError,
  ApiErrors,
  ApiOkContract,
  ApiOkText,
} from '../openapi/api-contract.decorator';
import { AnswersService } from './answers.service';
import {
  AnswerProposalDto,
  AnswerStatesDto,
  CampaignParamsDto,
  CommentDto,
  CommentParamsDto,
  CreateProposalDto,
  DraftFromWorkshopDto,
  FiguresQueryDto,
  FollowUpDto,
  NotificationsQueryDto,
  ProposalExportQueryDto,
  ProposalListQueryDto,
  ProposalParamsDto,
  UpdateProposalDto,
} from './dto/proposal.dto';
import { EngagementService, type EngagementCaller } from './engagement.service';
import { ProposalQueriesService } from './proposal-queries.service';
import { ProposalsService } from './proposals.service';

function caller(actor: Actor, request: Request): EngagementCaller {
  return {
    actor,
    supporterToken: request.header(SUPPORTER_TOKEN_HEADER),
  };
}

const SUPPORTER_HEADER = {
  name: SUPPORTER_TOKEN_HEADER,
  required: false,
  description: 'A public supporter token, when neither a participant nor signed in',
};

@ApiTags('proposals')
@Controller('proposals')
export class ProposalsController {
  constructor(
    private readonly proposals: ProposalsService,
    private readonly queries: ProposalQueriesService,
    private readonly answers: AnswersService,
    private readonly engagement: EngagementService,
  ) {}

  // ---- static routes first (before ':id') ----

  @Public()
  @Get()
  @PublicCache()
  @ApiOkContract('ProposalPage', 'Published proposals: search, filters, sort, pagination')
  @ApiErrors(400)
  list(@Query() query: ProposalListQueryDto): Promise<ProposalPage> {
    return this.queries.listPublic(query);
  }

  @Staff('official', 'facilitator', 'organiser')
  @Get('queue')
  @ApiOkContract('ProposalPage', "The officials' review queue, in the caller's scope")
  queue(
    @CurrentActor() actor: StaffActor,
    @Query() query: ProposalListQueryDto,
  ): Promise<ProposalPage> {
    return this.queries.queue(actor, query);
  }

  @Public()
  @Get('figures')
  @PublicCache()
  @ApiOkContract(
    ['TerritoryProposalFigures'],
    'Per territory: proposals, answered, overdue, mean answer time',
  )
  figures(@Query() query: FiguresQueryDto): Promise<TerritoryProposalFigures[]> {
    return this.queries.figures(query.campaignId, query.territoryId);
  }

  @Staff('official', 'organiser')
  @Get('export.csv')
  @ApiOkText(
    'text/csv',
    'Proposals in scope with their current answer (queue filters); headers in French unless lang=en (or Accept-Language asks for English)',
  )
  async exportCsv(
    @CurrentActor() actor: StaffActor,
    @Query() exportQuery: ProposalExportQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const { lang, ...query } = exportQuery;
    const language = csvLanguage(lang, request.headers['accept-language']);
    const csv = await this.queries.exportCsv(actor, query, language);
    response.setHeader('content-type', 'text/csv; charset=utf-8');
    response.setHeader('content-disposition', 'attachment; filename="propositions.csv"');
    return csv;
  }

  @Public()
  @Get('notifications')
  @ApiHeader(SUPPORTER_HEADER)
  @ApiOkContract(
    ['ProposalNotification'],
    'Answers and follow-ups on what the caller supports or follows',
  )
  @ApiErrors(401)
  notifications(
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Query() query: NotificationsQueryDto,
  ): Promise<ProposalNotification[]> {
    return this.engagement.notifications(caller(actor, request), query.since);
  }

  @Public()
  @Post('supporters')
  @ApiCreatedContract(
    'PublicSupporterResponse',
    'A pseudonymous public supporter token (rate-limited)',
  )
  @ApiErrors(429)
  supporter(@Req() request: Request): Promise<PublicSupporterResponse> {
    return this.engagement.createPublicSupporter(request.ip ?? 'unknown');
  }

  @Staff('facilitator', 'organiser')
  @Post()
  @ApiCreatedContract('ProposalDetail', 'A draft proposal')
  @ApiErrors(400, 403)
  create(
    @CurrentActor() actor: StaffActor,
    @Body() body: CreateProposalDto,
  ): Promise<ProposalDetail> {
    return this.proposals.create(actor, body);
  }

  @Staff('facilitator', 'organiser')
  @Post('from-workshop')
  @ApiCreatedContract('ProposalDetail', "A draft built from a closed workshop's theme or ideas")
  @ApiErrors(400)
  @ApiError(409, 'The workshop is not closed')
  fromWorkshop(
    @CurrentActor() actor: StaffActor,
    @Body() body: DraftFromWorkshopDto,
  ): Promise<ProposalDetail> {
    return this.proposals.draftFromWorkshop(actor, body);
  }

  @Staff('organiser')
  @Get('campaigns/:campaignId/answer-states')
  @ApiOkContract(
    ['AnswerStateUsage'],
    "The campaign's answer states in order, with how many current answers use each",
  )
  @ApiErrors(404)
  answerStates(@Param() params: CampaignParamsDto): Promise<AnswerStateUsage[]> {
    return this.queries.answerStates(params.campaignId);
  }

  @Staff('organiser')
  @Put('campaigns/:campaignId/answer-states')
  @ApiOkResponse({ type: [String], description: "The campaign's answer states" })
  @ApiErrors(400, 404)
  @ApiError(409, 'A state to remove is still the current answer of proposals (named, with counts)')
  setAnswerStates(
    @CurrentActor() actor: StaffActor,
    @Param() params: CampaignParamsDto,
    @Body() body: AnswerStatesDto,
  ): Promise<string[]> {
    return this.proposals.setAnswerStates(actor, params.campaignId, body.states);
  }

  // ---- one proposal ----

  @Public()
  @Get(':id')
  @ApiHeader(SUPPORTER_HEADER)
  @ApiOkContract('ProposalDetail', 'A proposal with provenance, answers and follow-ups')
  @ApiErrors(404)
  async get(
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Param() params: ProposalParamsDto,
  ): Promise<ProposalDetail> {
    const identity = await this.engagement.identify(caller(actor, request));
    return this.queries.detail(actor, params.id, identity?.key ?? null);
  }

  @Staff('facilitator', 'organiser')
  @Patch(':id')
  @ApiOkContract('ProposalDetail', 'The changed draft')
  @ApiError(409, 'Not a draft any more')
  update(
    @CurrentActor() actor: StaffActor,
    @Param() params: ProposalParamsDto,
    @Body() body: UpdateProposalDto,
  ): Promise<ProposalDetail> {
    return this.proposals.update(actor, params.id, body);
  }

  @Staff('facilitator', 'organiser')
  @Post(':id/publish')
  @HttpCode(200)
  @ApiOkContract('ProposalDetail', 'Published: the answer due date is set')
  @ApiErrors(409)
  publish(
    @CurrentActor() actor: StaffActor,
    @Param() params: ProposalParamsDto,
  ): Promise<ProposalDetail> {
    return this.proposals.publish(actor, params.id);
  }

  @Staff('official', 'organiser')
  @Post(':id/review')
  @HttpCode(200)
  @ApiOkContract('ProposalDetail', 'Under review')
  @ApiErrors(409)
  review(
    @CurrentActor() actor: StaffActor,
    @Param() params: ProposalParamsDto,
  ): Promise<ProposalDetail> {
    return this.proposals.startReview(actor, params.id);
  }

  @Staff('official')
  @Post(':id/answers')
  @ApiCreatedContract('ProposalDetail', 'A new answer version')
  @ApiErrors(400, 403, 409)
  answer(
    @CurrentActor() actor: StaffActor,
    @Param() params: ProposalParamsDto,
    @Body() body: AnswerProposalDto,
  ): Promise<ProposalDetail> {
    return this.answers.answer(actor, params.id, body);
  }

  @Staff('official', 'organiser')
  @Post(':id/follow-ups')
  @ApiCreatedContract('ProposalDetail', 'A dated progress update')
  @ApiErrors(400, 409)
  followUp(
    @CurrentActor() actor: StaffActor,
    @Param() params: ProposalParamsDto,
    @Body() body: FollowUpDto,
  ): Promise<ProposalDetail> {
    return this.answers.followUp(actor, params.id, body);
  }

  @Public()
  @Post(':id/supports')
  @HttpCode(200)
  @ApiHeader(SUPPORTER_HEADER)
  @ApiOkContract('SupportResponse', 'Supported (once per identity)')
  @ApiErrors(401, 404)
  support(
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Param() params: ProposalParamsDto,
  ): Promise<SupportResponse> {
    return this.engagement.support(caller(actor, request), params.id);
  }

  @Public()
  @Put(':id/follow')
  @HttpCode(204)
  @ApiHeader(SUPPORTER_HEADER)
  @ApiNoContentResponse({ description: 'Followed: answers appear in the notifications' })
  @ApiErrors(401)
  follow(
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Param() params: ProposalParamsDto,
  ): Promise<void> {
    return this.engagement.follow(caller(actor, request), params.id);
  }

  @Public()
  @Delete(':id/follow')
  @HttpCode(204)
  @ApiHeader(SUPPORTER_HEADER)
  @ApiNoContentResponse({ description: 'No longer followed' })
  @ApiErrors(401)
  unfollow(
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Param() params: ProposalParamsDto,
  ): Promise<void> {
    return this.engagement.unfollow(caller(actor, request), params.id);
  }

  @Public()
  @Get(':id/comments')
  @ApiOkContract(
    ['ProposalCommentView'],
    'Visible comments (moderators in scope also see hidden ones)',
  )
  @ApiErrors(404)
  comments(
    @CurrentActor() actor: Actor,
    @Param() params: ProposalParamsDto,
  ): Promise<ProposalCommentView[]> {
    return this.engagement.comments(actor, params.id);
  }

  @Public()
  @Post(':id/comments')
  @ApiHeader(SUPPORTER_HEADER)
  @ApiCreatedContract('ProposalCommentView', 'The comment')
  @ApiErrors(400, 401)
  comment(
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Param() params: ProposalParamsDto,
    @Body() body: CommentDto,
  ): Promise<ProposalCommentView> {
    return this.engagement.comment(caller(actor, request), params.id, body.text);
  }

  @Public()
  @Post(':id/comments/:commentId/report')
  @HttpCode(204)
  @ApiHeader(SUPPORTER_HEADER)
  @ApiNoContentResponse({ description: 'Reported (once per identity)' })
  @ApiErrors(401)
  report(
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Param() params: CommentParamsDto,
  ): Promise<void> {
    return this.engagement.report(caller(actor, request), params.id, params.commentId);
  }

  @Staff('facilitator', 'official', 'organiser')
  @Post(':id/comments/:commentId/hide')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Hidden (audited)' })
  @ApiErrors(403)
  hide(@CurrentActor() actor: StaffActor, @Param() params: CommentParamsDto): Promise<void> {
    return this.engagement.moderate(actor, params.id, params.commentId, true);
  }

  @Staff('facilitator', 'official', 'organiser')
  @Post(':id/comments/:commentId/restore')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Visible again (audited)' })
  @ApiErrors(403)
  restore(@CurrentActor() actor: StaffActor, @Param() params: CommentParamsDto): Promise<void> {
    return this.engagement.moderate(actor, params.id, params.commentId, false);
  }
}
