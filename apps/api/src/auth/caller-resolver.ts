import { Injectable } from '@nestjs/common';
import { PARTICIPANT_TOKEN_PREFIX, SESSION_COOKIE } from '@permanente/contracts';
import { parseCookie } from 'cookie';
import { timingSafeEqual } from 'node:crypto';
import { Actor, ANONYMOUS, ParticipantActor, StaffActor } from './actor';
import { AuthService } from './auth.service';

/** What a caller presents: an HTTP request and a socket handshake both carry these. */
export interface CallerCredentials {
  /** The `Authorization` header (HTTP). */
  authorization?: string | undefined;
  /** A bearer token given outside the header (the socket handshake's `auth.token`). */
  token?: string | undefined;
  /** The raw `Cookie` header. */
  cookieHeader?: string | undefined;
}

/** The caller and what proved it: CSRF matters only for what the browser sends by itself. */
export interface ResolvedCaller {
  actor: Actor;
  via: 'bearer' | 'cookie' | 'none';
}

/**
 * Who is calling, worked out in one place for the HTTP guard and the live handshake: a
 * participant's bearer credential first, else the staff session cookie, else anonymous.
 * A bearer that does not resolve is anonymous even if a cookie is present (the client chose
 * to speak as a participant).
 */
@Injectable()
export class CallerResolver {
  constructor(private readonly auth: AuthService) {}

  async resolve(credentials: CallerCredentials): Promise<ResolvedCaller> {
    const bearer = credentials.authorization?.startsWith('Bearer ')
      ? credentials.authorization.slice('Bearer '.length).trim()
      : credentials.token;
    if (bearer !== undefined) {
      const participant = await this.participant(bearer);
      return participant
        ? { actor: participant, via: 'bearer' }
        : { actor: ANONYMOUS, via: 'none' };
    }
    const session = sessionCookie(credentials.cookieHeader);
    const staff = session ? await this.auth.resolveSession(session) : null;
    return staff ? { actor: staff, via: 'cookie' } : { actor: ANONYMOUS, via: 'none' };
  }

  /** A participant bearer credential (`p1.…`), or null. */
  async participant(token: string): Promise<ParticipantActor | null> {
    if (!token.startsWith(PARTICIPANT_TOKEN_PREFIX)) return null;
    return this.auth.resolveParticipant(token.slice(PARTICIPANT_TOKEN_PREFIX.length));
  }
}

/** The staff session cookie's value in a raw `Cookie` header. */
export function sessionCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  return parseCookie(header)[SESSION_COOKIE] || undefined;
}

/** Whether a cookie-authenticated write carries the session's CSRF token (constant time). */
export function csrfMatches(actor: StaffActor, sent: string | undefined): boolean {
  const left = Buffer.from(sent ?? '');
  const right = Buffer.from(actor.csrfToken);
  return left.length === right.length && timingSafeEqual(left, right);
}
