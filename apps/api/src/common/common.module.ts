import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, CLOCK, systemClock } from './clock';
import { RATE_LIMITER, RateLimiter } from './rate-limiter';

/** Process-wide services: the clock (replaceable in tests) and the rate limiter. */
@Global()
@Module({})
export class CommonModule {
  static forRoot(clock: Clock = systemClock): DynamicModule {
    return {
      module: CommonModule,
      providers: [
        { provide: CLOCK, useValue: clock },
        { provide: RATE_LIMITER, useFactory: () => new RateLimiter(clock) },
      ],
      exports: [CLOCK, RATE_LIMITER],
    };
  }
}
