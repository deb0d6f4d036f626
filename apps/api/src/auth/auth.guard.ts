import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CSRF_HEADER } from '@permanente/contracts';
import { ACCESS_RULE, AccessRule } from './access.decorators';
import { ANONYMOUS, isStaff, RequestWithActor } from './actor';
import { CallerResolver, csrfMatches } from './caller-resolver';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one global guard: resolves the caller (CallerResolver: participant bearer credential or
 * staff session cookie), checks CSRF once for every cookie-authenticated write, then applies the
 * route's access rule. Routes without a rule are refused: nothing is reachable by forgetting a
 * decorator.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly callers: CallerResolver,
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
    const caller = await this.callers.resolve({
      authorization: request.header('authorization'),
      cookieHeader: request.header('cookie'),
    });
    // Cookie-authenticated writes must carry the session's CSRF token: another site can make
    // the browser send the cookie, but cannot read the token. Checked here once, for every
    // route: a public route (joining, supporting a proposal) then treats the caller as
    // anonymous, as a cross-site request would be; a route that needs staff refuses it.
    const forgeable =
      caller.via === 'cookie' &&
      caller.actor.kind === 'staff' &&
      !SAFE_METHODS.has(request.method) &&
      !csrfMatches(caller.actor, request.header(CSRF_HEADER));
    if (forgeable && rule.kind !== 'public')
      throw new ForbiddenException(`Missing or wrong ${CSRF_HEADER} header`);
    const actor = forgeable ? ANONYMOUS : caller.actor;
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
    return true;
  }
}
