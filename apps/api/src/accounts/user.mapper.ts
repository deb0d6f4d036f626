import type { StaffUserResponse } from '@permanente/contracts';
import type { UserEntity } from './user.entity';

export function toStaffUserResponse(user: UserEntity): StaffUserResponse {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    roles: [...user.roles].sort(),
    office: user.office,
    scopeTerritoryIds: (user.scopes ?? []).map((scope) => scope.id).sort(),
    disabled: user.disabledAt !== null,
    createdAt: user.createdAt.toISOString(),
  };
}
