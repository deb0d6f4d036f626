import { CSRF_HEADER, type LoginRequest, type SessionResponse } from '@permanente/contracts';
import { getJson, postJson } from '@web/shared/api/http';

/** Staff sessions: an httpOnly cookie, plus the CSRF token the API wants with every write. */
export const authApi = {
  session: (signal?: AbortSignal) => getJson<SessionResponse>('/api/auth/session', signal),
  login: (request: LoginRequest) => postJson<SessionResponse>('/api/auth/login', request),
  logout: (csrfToken: string) =>
    postJson<void>('/api/auth/logout', undefined, { [CSRF_HEADER]: csrfToken }),
};
