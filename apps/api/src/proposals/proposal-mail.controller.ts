import { Body, Controller, HttpCode, Param, Put, Req } from '@nestjs/common';
import { ApiHeader, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { SUPPORTER_TOKEN_HEADER } from '@permanente/contracts';
import type { Request } from 'express';
import { CurrentActor, Public } from '../auth/access.decorators';
import type { Actor } from '../auth/actor';
import { ProposalMailDto } from '../mail/mail.dto';
import { ApiErrors } from '../openapi/api-contract.decorator';
import { ProposalParamsDto } from './dto/proposal.dto';
import { ProposalMailService } from './proposal-mail.service';

@ApiTags('proposals')
@Controller('proposals')
export class ProposalMailController {
  constructor(private readonly proposalMail: ProposalMailService) {}

  /** Gives an address (with consent) to hear of the answer and follow-ups; follows too. */
  @Public()
  @Put(':id/mail')
  @HttpCode(204)
  @ApiHeader({ name: SUPPORTER_TOKEN_HEADER, required: false })
  @ApiNoContentResponse({ description: 'Address kept with consent; the proposal is followed' })
  @ApiErrors(400, 401, 403, 404, 429)
  async optIn(
    @CurrentActor() actor: Actor,
    @Param() params: ProposalParamsDto,
    @Body() body: ProposalMailDto,
    @Req() request: Request,
  ): Promise<void> {
    await this.proposalMail.optIn(
      {
        actor,
        supporterToken: request.header(SUPPORTER_TOKEN_HEADER),
      },
      params.id,
      body,
    );
  }
}
