import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MIGRATIONS_LOCK, withAdvisoryLock } from './advisory-lock';
import { buildDataSourceOptions } from './data-source-options';
import type { DatabaseTarget } from './database-target';

export const DATABASE_TARGET = Symbol('DATABASE_TARGET');

/**
 * The TypeORM connection to an already opened database target. Pending migrations run
 * when the connection opens, before the API accepts a request, one instance at a time.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forTarget(target: DatabaseTarget, poolSize: number): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...buildDataSourceOptions(
              target.url,
              Math.min(poolSize, target.maxPoolSize ?? poolSize),
            ),
            retryAttempts: 0,
          }),
          // The target was probed already: fail at once instead of Nest's 9 silent retries.
          // Migrations run under a lock, so instances starting together take turns.
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            await withAdvisoryLock(dataSource, MIGRATIONS_LOCK, () =>
              dataSource.runMigrations({ transaction: 'each' }),
            );
            return dataSource;
          },
        }),
      ],
      providers: [{ provide: DATABASE_TARGET, useValue: target }],
      exports: [DATABASE_TARGET],
    };
  }
}
