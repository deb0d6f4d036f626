import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from './access/access.module';
import { AccountsModule } from './accounts/accounts.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { Clock } from './common/clock';
import { CommonModule } from './common/common.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import type { DatabaseTarget } from './database/database-target';
import { DemoModule } from './demo/demo.module';
import { FieldModule } from './field/field.module';
import { HealthModule } from './health/health.module';
import { LiveFanout, LiveFanoutModule, memoryFanout } from './live/live-fanout';
import { LiveModule } from './live/live.module';
import { MailModule } from './mail/mail.module';
import { PanelsModule } from './panels/panels.module';
import { ParticipantsModule } from './participants/participants.module';
import { ProposalsModule } from './proposals/proposals.module';
import { TerritoriesModule } from './territories/territories.module';
import { TourModule } from './tour/tour.module';
import { WorkshopsModule } from './workshops/workshops.module';

@Module({})
export class AppModule {
  static forRoot(
    config: AppConfig,
    database: DatabaseTarget,
    clock?: Clock,
    fanout: LiveFanout = memoryFanout,
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LiveFanoutModule.forRoot(fanout),
        CommonModule.forRoot(clock),
        DatabaseModule.forTarget(database, config.databasePoolSize),
        AccessModule,
        AuditModule,
        AuthModule,
        AccountsModule,
        MailModule,
        HealthModule,
        TerritoriesModule,
        CampaignsModule,
        WorkshopsModule,
        ParticipantsModule,
        LiveModule,
        ProposalsModule,
        TourModule,
        PanelsModule,
        CalendarModule,
        DemoModule,
        FieldModule,
      ],
    };
  }
}
