import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { InvitationMailResponse } from '@permanente/contracts';
import { CurrentActor, Staff } from '../auth/access.decorators';
import type { StaffActor } from '../auth/actor';
import { ApiAcceptedContract, ApiError, ApiErrors } from '../openapi/api-contract.decorator';
import { PanelMemberParamsDto } from './dto/panel.dto';
import { PanelMailService } from './panel-mail.service';

@ApiTags('panels')
@Controller()
export class PanelMailController {
  constructor(private readonly panelMail: PanelMailService) {}

  @Staff('organiser')
  @Post('panels/:id/members/:memberId/invitation-mail')
  @HttpCode(202)
  @ApiAcceptedContract(
    'InvitationMailResponse',
    'A new personal link, mailed (queued: false when the address unsubscribed)',
  )
  @ApiErrors(403, 404)
  @ApiError(409, 'Declined, or no address')
  sendInvitation(
    @CurrentActor() actor: StaffActor,
    @Param() params: PanelMemberParamsDto,
  ): Promise<InvitationMailResponse> {
    return this.panelMail.sendInvitation(actor, params.id, params.memberId);
  }
}
