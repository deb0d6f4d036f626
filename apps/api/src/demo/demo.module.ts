import { Module } from '@nestjs/common';
import { TerritoriesModule } from '../territories/territories.module';
import { DemoSeedService } from './demo-seed.service';

@Module({ imports: [TerritoriesModule], providers: [DemoSeedService], exports: [DemoSeedService] })
export class DemoModule {}
