import { Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { OutgoingMailPage } from '@permanente/contracts';
import type { Request, Response } from 'express';
import { Public, Staff } from '../auth/access.decorators';
import { RATE_LIMITER, RateLimiter } from '../common/rate-limiter';
import { TooManyRequestsException } from '../common/too-many-requests.exception';
import { ApiErrors, ApiOkContract, ApiOkText } from '../openapi/api-contract.decorator';
import { OutboxQueryDto, UnsubscribeQueryDto } from './mail.dto';
import { MailOutboxService } from './mail-outbox.service';
import { MailPageService } from './mail-page.service';
import { unsubscribeConfirmPage, unsubscribedPage } from './unsubscribe-page';

/** Unsubscribe calls per client address per hour (a stranger can call them). */
export const UNSUBSCRIBES_PER_IP_PER_HOUR = 30;

@ApiTags('mail')
@Controller('mail')
export class MailController {
  constructor(
    private readonly outbox: MailOutboxService,
    private readonly pages: MailPageService,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
  ) {}

  @Staff('organiser')
  @Get('outbox')
  @ApiOkContract('OutgoingMailPage', 'The outbox, newest first, and whether SMTP is configured')
  list(@Query() query: OutboxQueryDto): Promise<OutgoingMailPage> {
    return this.pages.page(query.limit, query.offset);
  }

  /** The link in a mail's footer: a page with one button (a GET changes nothing). */
  @Public()
  @Get('unsubscribe')
  @ApiOkText('text/html', 'A page asking to confirm, with a button that POSTs')
  @ApiErrors(400, 429)
  async confirm(
    @Query() query: UnsubscribeQueryDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.limit(request);
    const category = await this.outbox.checkToken(query.token);
    if (!category) await this.outbox.unsubscribe(query.token); // throws the 400
    response.type('html').send(unsubscribeConfirmPage(query.token));
  }

  /** One click (RFC 8058): mail programs POST `List-Unsubscribe=One-Click` here. */
  @Public()
  @Post('unsubscribe')
  @HttpCode(200)
  @ApiOkText('text/html', 'Unsubscribed from the link’s category; no sign-in needed')
  @ApiErrors(400, 429)
  async unsubscribe(
    @Query() query: UnsubscribeQueryDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    await this.limit(request);
    await this.outbox.unsubscribe(query.token);
    response.type('html').send(unsubscribedPage());
  }

  private async limit(request: Request): Promise<void> {
    const decision = await this.limiter.consume(
      `mail:unsubscribe:${request.ip ?? 'unknown'}`,
      UNSUBSCRIBES_PER_IP_PER_HOUR,
      3_600_000,
    );
    if (!decision.allowed)
      throw new TooManyRequestsException(
        'Too many unsubscribe requests from this address: try again later',
        decision.retryAfterMs,
      );
  }
}
