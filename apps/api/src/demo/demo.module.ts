import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { TerritoriesModule } from '../territories/territories.module';
import { DemoSeedService } from './demo-seed.service';

@Module({
  imports: [TerritoriesModule, AccountsModule],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class DemoModule {}
