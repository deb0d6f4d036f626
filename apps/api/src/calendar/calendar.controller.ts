import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/access.decorators';
import { PublicCache } from '../common/public-cache.decorator';
import { ApiErrors, ApiOkText } from '../openapi/api-contract.decorator';
import { InvitationParamsDto } from '../panels/dto/panel.dto';
import { IdParamsDto } from '../tour/dto/tour.dto';
import { CalendarService } from './calendar.service';

/** Set once the feed is built (`@Header()` would also mark the JSON 404s as calendars). */
function asCalendar(response: Response, filename: string, disposition: 'inline' | 'attachment') {
  response.type('text/calendar; charset=utf-8');
  response.setHeader('content-disposition', `${disposition}; filename="${filename}"`);
}

@ApiTags('calendar')
@Controller()
export class CalendarController {
  constructor(private readonly calendars: CalendarService) {}

  @Public()
  @Get('tours/:id/calendar.ics')
  @PublicCache()
  @ApiOkText('text/calendar', 'The tour’s stops as an iCalendar feed (subscribe to it)')
  @ApiErrors(404)
  async tour(
    @Param() params: IdParamsDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const feed = await this.calendars.tour(params.id);
    asCalendar(response, 'tour.ics', 'inline');
    return feed;
  }

  @Public()
  @Get('tour-stops/:id/calendar.ics')
  @PublicCache()
  @ApiOkText('text/calendar', 'One stop as an iCalendar file ("add to my calendar")')
  @ApiErrors(404)
  async stop(
    @Param() params: IdParamsDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const feed = await this.calendars.stop(params.id);
    asCalendar(response, 'stop.ics', 'attachment');
    return feed;
  }

  @Public()
  @Get('panel-invitations/:token/calendar.ics')
  @ApiOkText('text/calendar', 'The panel’s sessions, by the member’s personal link')
  @ApiErrors(404, 429)
  async panel(
    @Param() params: InvitationParamsDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const feed = await this.calendars.panelSessions(params.token, request.ip ?? 'unknown');
    asCalendar(response, 'panel.ics', 'attachment');
    response.setHeader('cache-control', 'private, no-store');
    return feed;
  }
}
