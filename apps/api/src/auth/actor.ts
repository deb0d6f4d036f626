import type { StaffRole } from '@permanente/contracts';
import type { Request } from 'express';

export interface StaffActor {
  kind: 'staff';
  userId: string;
  displayName: string;
  roles: StaffRole[];
  /** Empty: the whole platform. */
  scopeTerritoryIds: string[];
  sessionId: string;
  csrfToken: string;
}

export interface ParticipantActor {
  kind: 'participant';
  participantId: string;
  workshopId: string;
}

export interface AnonymousActor {
  kind: 'anonymous';
}

/** Who is calling, resolved once per request by the AuthGuard. */
export type Actor = StaffActor | ParticipantActor | AnonymousActor;

export const ANONYMOUS: AnonymousActor = { kind: 'anonymous' };

export type RequestWithActor = Request & { actor?: Actor; id?: string };

export function isStaff(actor: Actor, ...roles: StaffRole[]): actor is StaffActor {
  return (
    actor.kind === 'staff' &&
    (roles.length === 0 || roles.some((role) => actor.roles.includes(role)))
  );
}
