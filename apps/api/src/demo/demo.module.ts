import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { LiveModule } from '../live/live.module';
import { PanelsModule } from '../panels/panels.module';
import { TerritoriesModule } from '../territories/territories.module';
import { TourModule } from '../tour/tour.module';
import { DemoSeedService } from './demo-seed.service';
import { DemoRepository } from './demo.repository';

@Module({
  imports: [
    TerritoriesModule,
    AccountsModule,
    CampaignsModule,
    PanelsModule,
    TourModule,
    LiveModule,
  ],
  providers: [DemoSeedService, DemoRepository],
  exports: [DemoSeedService],
})
export class DemoModule {}
