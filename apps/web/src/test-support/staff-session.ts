import type { SessionResponse, StaffRole } from '@permanente/contracts';

/** What `GET /api/auth/session` answers for a signed-in account holding these roles. */
export const staffSession = (roles: StaffRole[]): SessionResponse => ({
  user: {
    id: 'u-1',
    email: 'organisation@permanente.test',
    displayName: 'Organisation',
    roles,
    office: null,
    scopeTerritoryIds: [],
    disabled: false,
    createdAt: '2026-01-01T00:00:00.000Z',
  },
  csrfToken: 'csrf-1',
  expiresAt: '2026-12-31T00:00:00.000Z',
  idleExpiresAt: '2026-12-31T00:00:00.000Z',
});

/** A fetch Response as the web's http helpers read it. */
export const reply = (status: number, body: unknown) => ({
  ok: status < 400,
  status,
  headers: new Headers(),
  json: async () => body,
});
