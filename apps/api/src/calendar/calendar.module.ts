import { Module } from '@nestjs/common';
import { PanelsModule } from '../panels/panels.module';
import { TourModule } from '../tour/tour.module';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';

/** iCalendar feeds of the tour's stops and of a panel member's sessions (docs/mail.md). */
@Module({
  imports: [TourModule, PanelsModule],
  controllers: [CalendarController],
  providers: [CalendarService],
})
export class CalendarModule {}
