import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccountsModule } from '../accounts/accounts.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { CallerResolver } from './caller-resolver';

@Module({
  imports: [AccountsModule],
  controllers: [AuthController],
  providers: [
    AuthService,
    AuthRepository,
    CallerResolver,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, CallerResolver],
})
export class AuthModule {}
