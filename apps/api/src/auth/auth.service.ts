import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SessionResponse } from '@permanente/contracts';
import { DataSource, IsNull } from 'typeorm';
import { UserEntity } from '../accounts/user.entity';
import { toStaffUserResponse } from '../accounts/user.mapper';
import { CLOCK, Clock } from '../common/clock';
import { RATE_LIMITER, RateLimiter } from '../common/rate-limiter';
import { TooManyRequestsException } from '../common/too-many-requests.exception';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import type { ParticipantActor, StaffActor } from './actor';
import { AuthRepository } from './auth.repository';
import { verifyAgainstDummy, verifyPassword } from './password.util';
import { SessionEntity } from './session.entity';
import { hashToken, newSecretToken } from './tokens.util';
import { DomainError } from '../common/domain-error';

/** Login throttling: failures per account and per client address, in a sliding minute. */
export const LOGIN_WINDOW_MS = 60_000;
export const LOGIN_FAILURES_PER_ACCOUNT = 5;
export const LOGIN_FAILURES_PER_IP = 20;
/** last_seen_at is written at most this often per session. */
const TOUCH_INTERVAL_MS = 60_000;

const WRONG_CREDENTIALS = 'Email or password is incorrect';

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly callers: AuthRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get idleMs(): number {
    return this.config.sessionIdleMinutes * 60_000;
  }

  /**
   * Checks the credentials and opens a session. Refusals never say whether the email exists;
   * after 5 failures in a minute the account (and after 20 the address) gets 429 until the
   * window passes, even with the right password.
   */
  async login(
    emailInput: string,
    password: string,
    ip: string,
  ): Promise<{ token: string; session: SessionResponse }> {
    const email = emailInput.trim().toLowerCase();
    const accountKey = `login:account:${email}`;
    const ipKey = `login:ip:${ip}`;
    for (const [key, limit] of [
      [accountKey, LOGIN_FAILURES_PER_ACCOUNT],
      [ipKey, LOGIN_FAILURES_PER_IP],
    ] as const) {
      const decision = await this.limiter.check(key, limit, LOGIN_WINDOW_MS);
      if (!decision.allowed) {
        throw new TooManyRequestsException(
          'Too many failed logins: wait a minute and try again',
          decision.retryAfterMs,
        );
      }
    }

    const user = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.email = :email', { email })
      .getOne();
    const valid = user
      ? await verifyPassword(user.passwordHash, password)
      : await verifyAgainstDummy(password);
    if (!user || !valid || user.disabledAt) {
      await Promise.all([
        this.limiter.record(accountKey, LOGIN_FAILURES_PER_ACCOUNT, LOGIN_WINDOW_MS),
        this.limiter.record(ipKey, LOGIN_FAILURES_PER_IP, LOGIN_WINDOW_MS),
      ]);
      throw new DomainError('unauthorized', WRONG_CREDENTIALS);
    }
    await this.limiter.reset(accountKey, LOGIN_FAILURES_PER_ACCOUNT, LOGIN_WINDOW_MS);

    const now = this.clock.now();
    const token = newSecretToken();
    const session = await this.dataSource.getRepository(SessionEntity).save({
      tokenHash: hashToken(token),
      userId: user.id,
      csrfToken: newSecretToken(),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.config.sessionMaxHours * 3_600_000),
      revokedAt: null,
    });
    return { token, session: await this.describe(session.id) };
  }

  /** The staff actor of a session cookie, or null when it is unknown, revoked, expired or disabled. */
  async resolveSession(token: string): Promise<StaffActor | null> {
    const row = await this.callers.sessionByTokenHash(hashToken(token));
    if (!row) return null;
    const now = this.clock.now().getTime();
    if (
      now >= new Date(row.expires_at).getTime() ||
      now >= new Date(row.last_seen_at).getTime() + this.idleMs
    ) {
      return null;
    }
    if (now - new Date(row.last_seen_at).getTime() >= TOUCH_INTERVAL_MS) {
      await this.callers.touchSession(row.id, new Date(now));
    }
    return {
      kind: 'staff',
      userId: row.user_id,
      displayName: row.display_name,
      roles: row.roles,
      scopeTerritoryIds: row.scope_territory_ids,
      sessionId: row.id,
      csrfToken: row.csrf_token,
    };
  }

  /** The session as the client sees it. */
  async describe(sessionId: string): Promise<SessionResponse> {
    const session = await this.dataSource
      .getRepository(SessionEntity)
      .findOneByOrFail({ id: sessionId });
    const user = await this.dataSource
      .getRepository(UserEntity)
      .findOneOrFail({ where: { id: session.userId }, relations: { scopes: true } });
    const idleEnd = Math.min(
      session.lastSeenAt.getTime() + this.idleMs,
      session.expiresAt.getTime(),
    );
    return {
      user: toStaffUserResponse(user),
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt.toISOString(),
      idleExpiresAt: new Date(idleEnd).toISOString(),
    };
  }

  /** The participant behind a bearer credential, or null. */
  async resolveParticipant(token: string): Promise<ParticipantActor | null> {
    const row = await this.callers.participantByTokenHash(hashToken(token));
    return row ? { kind: 'participant', participantId: row.id, workshopId: row.workshop_id } : null;
  }

  async logout(sessionId: string): Promise<void> {
    await this.dataSource
      .getRepository(SessionEntity)
      .update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
  }
}
