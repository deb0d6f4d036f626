import { Body, Controller, Get, HttpCode, Ip, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type {
  ExtendFieldKitResponse,
  FieldBatchResult,
  FieldInstanceStatus,
  FieldKitView,
  FieldSyncReport,
  FieldSyncStateResponse,
  ImportedKitSummary,
  IssueFieldKitResponse,
} from '@permanente/contracts';
import type { Response } from 'express';
import { CurrentActor, Public, Staff } from '../auth/access.decorators';
import type { StaffActor } from '../auth/actor';
import {
  ApiCreatedContract,
  ApiError,
  ApiOkContract,
  ApiOkText,
} from '../openapi/api-contract.decorator';
import {
  ExtendFieldKitDto,
  FieldKitParamsDto,
  FieldLanQrQueryDto,
  FieldSignedRequestDto,
  FieldSyncDto,
  ImportFieldFileDto,
  IssueFieldKitDto,
} from './dto/field.dto';
import { FieldInstanceService } from './field-instance.service';
import { FieldKitsService } from './field-kits.service';
import { FieldSyncService } from './field-sync.service';

/** Central side: kits (issue, list, revoke), the kits' sync and the export file import. */
@ApiTags('field')
@Controller('field')
export class FieldController {
  constructor(
    private readonly kits: FieldKitsService,
    private readonly sync: FieldSyncService,
  ) {}

  @Staff('facilitator', 'organiser')
  @Post('kits')
  @ApiCreatedContract(
    'IssueFieldKitResponse',
    'The kit and its signed file; its workshops are checked out',
  )
  @ApiError(403, 'A workshop is outside your scope')
  @ApiError(409, 'A workshop is out, closed or already run')
  issue(
    @CurrentActor() actor: StaffActor,
    @Body() body: IssueFieldKitDto,
  ): Promise<IssueFieldKitResponse> {
    return this.kits.issue(actor, body);
  }

  @Staff('facilitator', 'organiser')
  @Get('kits')
  @ApiOkContract(['FieldKitView'], 'Kits whose workshops you may run')
  list(@CurrentActor() actor: StaffActor): Promise<FieldKitView[]> {
    return this.kits.list(actor);
  }

  @Staff('facilitator', 'organiser')
  @Post('kits/:id/revoke')
  @HttpCode(200)
  @ApiOkContract('FieldKitView', 'The kit, revoked: its checkout ends, its syncs are refused')
  revoke(
    @CurrentActor() actor: StaffActor,
    @Param() params: FieldKitParamsDto,
  ): Promise<FieldKitView> {
    return this.kits.revoke(actor, params.id);
  }

  @Staff('facilitator', 'organiser')
  @Post('kits/:id/extend')
  @HttpCode(200)
  @ApiOkContract(
    'ExtendFieldKitResponse',
    'The kit with its new end, and the extension file for the laptop',
  )
  @ApiError(409, 'Revoked or back, or expired and changed on central since')
  extend(
    @CurrentActor() actor: StaffActor,
    @Param() params: FieldKitParamsDto,
    @Body() body: ExtendFieldKitDto,
  ): Promise<ExtendFieldKitResponse> {
    return this.kits.extend(actor, params.id, body.expiresInDays);
  }

  @Public()
  @Post('sync/state')
  @HttpCode(200)
  @ApiOkContract('FieldSyncStateResponse', 'The batches central already holds of the kit')
  @ApiError(401, 'Unknown kit or bad signature')
  async state(
    @Ip() ip: string,
    @Body() body: FieldSignedRequestDto,
  ): Promise<FieldSyncStateResponse> {
    await this.sync.limit(ip);
    return this.sync.state(body);
  }

  @Public()
  @Post('sync')
  @HttpCode(200)
  @ApiOkContract('FieldBatchResult', 'The batch, applied (or already held: nothing changed)')
  @ApiError(401, 'Unknown kit or bad signature')
  @ApiError(403, 'Revoked or expired kit, or not its workshop')
  async apply(@Ip() ip: string, @Body() body: FieldSignedRequestDto): Promise<FieldBatchResult> {
    await this.sync.limit(ip);
    return this.sync.apply(body, 'sync');
  }

  @Staff('facilitator', 'organiser')
  @Post('import')
  @HttpCode(200)
  @ApiOkContract('FieldSyncReport', 'The export file, applied through the same path as a sync')
  async importFile(
    @CurrentActor() actor: StaffActor,
    @Body() body: ImportFieldFileDto,
  ): Promise<FieldSyncReport> {
    return this.sync.importFile(body.file, actor, (kitId) => this.kits.assertManages(actor, kitId));
  }
}

/** Field side: the kit this laptop runs, its import, sync back and export file. */
@ApiTags('field')
@Controller('field/instance')
export class FieldInstanceController {
  constructor(private readonly instance: FieldInstanceService) {}

  @Staff('facilitator', 'organiser')
  @Get()
  @ApiOkContract('FieldInstanceStatus', 'The kit this instance runs, and its LAN addresses')
  status(): Promise<FieldInstanceStatus> {
    return this.instance.status();
  }

  @Staff('facilitator', 'organiser')
  @Get('qr.svg')
  @ApiOkText('image/svg+xml', 'A QR code of a LAN address (its join page), for phones')
  async lanQr(
    @Query() query: FieldLanQrQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const svg = await this.instance.lanQrSvg(query.n);
    response.setHeader('content-type', 'image/svg+xml; charset=utf-8');
    response.setHeader('cache-control', 'no-store');
    return svg;
  }

  @Staff('organiser')
  @Post('kit')
  @ApiCreatedContract(
    'ImportedKitSummary',
    'The kit, imported: its workshops and accounts are here',
  )
  importKit(@Body() body: ImportFieldFileDto): Promise<ImportedKitSummary> {
    return this.instance.importKit(body.file);
  }

  @Staff('facilitator', 'organiser')
  @Post('sync')
  @HttpCode(200)
  @ApiOkContract('FieldSyncReport', 'What was sent to central')
  syncBack(@Body() body: FieldSyncDto): Promise<FieldSyncReport> {
    return this.instance.sync(body.centralUrl);
  }

  @Staff('facilitator', 'organiser')
  @Get('export')
  @ApiOkText('text/plain', 'The signed export file (for a USB key)')
  async exportFile(@Res({ passthrough: true }) response: Response): Promise<string> {
    const { fileName, file } = await this.instance.exportFile();
    // Text, not JSON: the file is two lines (the JSON payload and its signature).
    response.setHeader('content-type', 'text/plain; charset=utf-8');
    response.setHeader('content-disposition', `attachment; filename="${fileName}"`);
    return file;
  }
}
