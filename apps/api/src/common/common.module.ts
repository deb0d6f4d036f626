import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { Clock, CLOCK, systemClock } from './clock';
import { RATE_LIMITER, RateLimiter } from './rate-limiter';

/**
 * Process-wide services: the clock (replaceable in tests) and the rate limiter (shared by
 * every instance through Redis when REDIS_URL is set, in memory otherwise).
 */
@Global()
@Module({})
export class CommonModule {
  static forRoot(clock: Clock = systemClock): DynamicModule {
    return {
      module: CommonModule,
      providers: [
        { provide: CLOCK, useValue: clock },
        {
          provide: RATE_LIMITER,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => RateLimiter.create(config),
        },
      ],
      exports: [CLOCK, RATE_LIMITER],
    };
  }
}
