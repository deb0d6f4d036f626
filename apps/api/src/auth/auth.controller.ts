import { Body, Controller, Get, HttpCode, Inject, Post, Put, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { SESSION_COOKIE, type SessionResponse } from '@permanente/contracts';
import type { Request, Response } from 'express';
import { AccountsService } from '../accounts/accounts.service';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { ApiErrors, ApiOkContract } from '../openapi/api-contract.decorator';
import { CurrentActor, Public, Staff } from './access.decorators';
import type { StaffActor } from './actor';
import { AuthService } from './auth.service';
import { ChangePasswordDto, LoginDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly accounts: AccountsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkContract('SessionResponse', 'Signed in: the session cookie is set')
  @ApiErrors(401, 429)
  async login(
    @Body() body: LoginDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SessionResponse> {
    const { token, session } = await this.auth.login(
      body.email,
      body.password,
      request.ip ?? 'unknown',
    );
    response.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.publicUrl.startsWith('https:'),
      path: '/',
      expires: new Date(session.expiresAt),
    });
    return session;
  }

  @Staff()
  @Get('session')
  @ApiOkContract('SessionResponse', 'The current session and account')
  session(@CurrentActor() actor: StaffActor): Promise<SessionResponse> {
    return this.auth.describe(actor.sessionId);
  }

  @Staff()
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse()
  async logout(
    @CurrentActor() actor: StaffActor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    await this.auth.logout(actor.sessionId);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Staff()
  @Put('password')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Changed; every other session of the account is closed' })
  changePassword(
    @CurrentActor() actor: StaffActor,
    @Body() body: ChangePasswordDto,
  ): Promise<void> {
    return this.accounts.changeOwnPassword(actor, body.currentPassword, body.newPassword);
  }
}
