import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CSRF_HEADER, PARTICIPANT_TOKEN_PREFIX, SESSION_COOKIE } from '@permanente/contracts';
import { timingSafeEqual } from 'node:crypto';
import { ACCESS_RULE, AccessRule } from './access.decorators';
import { Actor, ANONYMOUS, isStaff, RequestWithActor } from './actor';
import { AuthService } from './auth.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The one global guard: resolves the caller (staff session cookie or participant bearer
 * credential), then applies the route's access rule. Routes without a rule are refused:
 * nothing is reachable by forgetting a decorator.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true; // socket events have their own guard
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    if (!rule) {
      this.logger.error(
        `No access rule on ${request.method} ${request.route?.path ?? request.path}: refused`,
      );
      throw new ForbiddenException('This route has no access rule');
    }
    const actor = await this.resolve(request);
    request.actor = actor;
    if (rule.kind === 'public') return true;

    const participantAllowed = rule.kind === 'participant' || rule.kind === 'participant-or-staff';
    const staffRoles =
      rule.kind === 'staff' || rule.kind === 'participant-or-staff' ? rule.roles : null;
    if (actor.kind === 'anonymous')
      throw new UnauthorizedException('Sign in or join the workshop first');
    if (actor.kind === 'participant') {
      if (participantAllowed) return true;
      throw new ForbiddenException('Participants cannot do this');
    }
    if (staffRoles === null || !isStaff(actor, ...staffRoles)) {
      throw new ForbiddenException('Your role does not allow this');
    }
    // Cookie-authenticated writes must carry the session's CSRF token: another site can make
    // the browser send the cookie, but cannot read the token.
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.header(CSRF_HEADER);
      if (!sent || !sameSecret(sent, actor.csrfToken)) {
        throw new ForbiddenException(`Missing or wrong ${CSRF_HEADER} header`);
      }
    }
    return true;
  }

  private async resolve(request: RequestWithActor): Promise<Actor> {
    const authorization = request.header('authorization');
    if (authorization?.startsWith('Bearer ')) {
      const token = authorization.slice('Bearer '.length).trim();
      if (token.startsWith(PARTICIPANT_TOKEN_PREFIX)) {
        const participant = await this.auth.resolveParticipant(
          token.slice(PARTICIPANT_TOKEN_PREFIX.length),
        );
        if (participant) return participant;
      }
      return ANONYMOUS;
    }
    const cookie = (request.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    if (cookie) return (await this.auth.resolveSession(cookie)) ?? ANONYMOUS;
    return ANONYMOUS;
  }
}
