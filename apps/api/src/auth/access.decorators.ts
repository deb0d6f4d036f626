import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { StaffRole } from '@permanente/contracts';
import { Actor, ANONYMOUS, RequestWithActor } from './actor';

/**
 * Who may call a route. Every route must say it: the AuthGuard refuses routes without an
 * access rule (deny by default). Finer checks (territory scope, ownership) are the services'.
 */
export type AccessRule =
  | { kind: 'public' }
  /** Staff holding at least one of the roles (any staff when empty). */
  | { kind: 'staff'; roles: StaffRole[] }
  | { kind: 'participant' }
  /** A participant, or staff holding one of the roles. */
  | { kind: 'participant-or-staff'; roles: StaffRole[] };

export const ACCESS_RULE = 'permanente:access';

export const Public = () => SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule);
export const Staff = (...roles: StaffRole[]) =>
  SetMetadata(ACCESS_RULE, { kind: 'staff', roles } satisfies AccessRule);
export const ParticipantOnly = () =>
  SetMetadata(ACCESS_RULE, { kind: 'participant' } satisfies AccessRule);
export const ParticipantOrStaff = (...roles: StaffRole[]) =>
  SetMetadata(ACCESS_RULE, { kind: 'participant-or-staff', roles } satisfies AccessRule);

/** The resolved caller (see Actor). */
export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor =>
    context.switchToHttp().getRequest<RequestWithActor>().actor ?? ANONYMOUS,
);
