import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CampaignResponse } from '@permanente/contracts';
import { CurrentActor, Public, Staff } from '../auth/access.decorators';
import type { StaffActor } from '../auth/actor';
import {
  ApiCreatedContract,
  ApiError,
  ApiErrors,
  ApiOkContract,
} from '../openapi/api-contract.decorator';
import { CampaignsService, toCampaignResponse } from './campaigns.service';
import { CampaignParamsDto, CreateCampaignDto, UpdateCampaignDto } from './dto/campaign.dto';

@ApiTags('campaigns')
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Public()
  @Get()
  @ApiOkContract(['CampaignResponse'], 'Every campaign, newest first')
  list(): Promise<CampaignResponse[]> {
    return this.campaigns.list();
  }

  @Public()
  @Get(':id')
  @ApiOkContract('CampaignResponse', 'The campaign')
  @ApiErrors(404)
  async get(@Param() params: CampaignParamsDto): Promise<CampaignResponse> {
    return toCampaignResponse(await this.campaigns.get(params.id));
  }

  @Staff('organiser')
  @Post()
  @ApiCreatedContract('CampaignResponse', 'The campaign')
  @ApiErrors(400)
  @ApiError(409, 'The slug is taken')
  create(
    @CurrentActor() actor: StaffActor,
    @Body() body: CreateCampaignDto,
  ): Promise<CampaignResponse> {
    return this.campaigns.create(actor, body);
  }

  @Staff('organiser')
  @Patch(':id')
  @ApiOkContract('CampaignResponse', 'The campaign after the change')
  @ApiErrors(400, 404)
  update(
    @CurrentActor() actor: StaffActor,
    @Param() params: CampaignParamsDto,
    @Body() body: UpdateCampaignDto,
  ): Promise<CampaignResponse> {
    return this.campaigns.update(actor, params.id, body);
  }
}
