import { Inject, Injectable } from '@nestjs/common';
import type { TourStopResponse } from '@permanente/contracts';
import ical, { type ICalCalendar } from 'ical-generator';
import { CLOCK, Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PanelMembersService } from '../panels/panel-members.service';
import { ToursService } from '../tour/tours.service';
import { wallTime } from './paris-time';

/** A panel session has a start time only: calendars show it this long. */
export const SESSION_HOURS = 3;

/**
 * iCalendar feeds (ical-generator): the tour's stops (one feed per tour, one file per stop,
 * for "add to my calendar") and the sessions of a panel member's invitation (by their
 * personal link, since sessions are not public). Times are written in UTC from the stops'
 * Paris wall-clock times; each event's UID is stable so that a calendar updates it.
 */
@Injectable()
export class CalendarService {
  constructor(
    private readonly tours: ToursService,
    private readonly members: PanelMembersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private calendar(name: string): ICalCalendar {
    const host = new URL(this.config.publicUrl).hostname;
    return ical({ name, prodId: { company: 'Permanente', product: host, language: 'FR' } });
  }

  private addStop(calendar: ICalCalendar, stop: TourStopResponse, tourTitle: string): void {
    const host = new URL(this.config.publicUrl).hostname;
    const place = [stop.place.name, stop.place.address].filter((part) => part.trim()).join(', ');
    calendar.createEvent({
      id: `tour-stop-${stop.id}@${host}`,
      start: wallTime(stop.day, stop.startsAt),
      end: wallTime(stop.day, stop.endsAt),
      stamp: this.clock.now(),
      summary: `${tourTitle} : ${stop.territoryName}`,
      description: stop.moments.map((m) => `${m.startsAt}–${m.endsAt} ${m.title}`).join('\n'),
      location:
        stop.place.latitude !== null && stop.place.longitude !== null
          ? {
              title: place || stop.territoryName,
              geo: { lat: stop.place.latitude, lon: stop.place.longitude },
            }
          : place || stop.territoryName,
      url: `${this.config.publicUrl}/tour/stops/${stop.id}`,
    });
  }

  async tour(tourId: string): Promise<string> {
    const tour = await this.tours.get(tourId);
    const calendar = this.calendar(tour.title);
    for (const stop of tour.stops) this.addStop(calendar, stop, tour.title);
    return calendar.toString();
  }

  async stop(stopId: string): Promise<string> {
    const stop = await this.tours.getStop(stopId);
    const calendar = this.calendar(stop.tourTitle);
    this.addStop(calendar, stop, stop.tourTitle);
    return calendar.toString();
  }

  async panelSessions(token: string, ip: string): Promise<string> {
    const invitation = await this.members.readInvitation(token, ip);
    const host = new URL(this.config.publicUrl).hostname;
    const calendar = this.calendar(invitation.panelTitle);
    for (const session of invitation.sessions) {
      if (!session.startsAt) continue;
      const start = new Date(session.startsAt);
      calendar.createEvent({
        id: `panel-session-${session.workshopId}@${host}`,
        start,
        end: new Date(start.getTime() + SESSION_HOURS * 3_600_000),
        stamp: this.clock.now(),
        summary: `${invitation.panelTitle} : ${session.title}`,
        location: session.place,
      });
    }
    return calendar.toString();
  }
}
