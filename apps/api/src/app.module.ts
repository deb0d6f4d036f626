import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import type { DatabaseTarget } from './database/database-target';
import { DemoModule } from './demo/demo.module';
import { HealthModule } from './health/health.module';
import { TerritoriesModule } from './territories/territories.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, database: DatabaseTarget): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forTarget(database, config.databasePoolSize),
        HealthModule,
        TerritoriesModule,
        DemoModule,
      ],
    };
  }
}
