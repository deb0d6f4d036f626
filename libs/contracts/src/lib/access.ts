/** Staff roles. A user may hold several. */
export const STAFF_ROLES = ['organiser', 'facilitator', 'official'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A staff account as shown to the account itself and to organisers. */
export interface StaffUserResponse {
  id: string;
  email: string;
  displayName: string;
  roles: StaffRole[];
  /** For an official: the office shown with public answers ("Vice-président délégué ..."). */
  office: string | null;
  /** Territories the account is limited to (with everything inside them); empty: everywhere. */
  scopeTerritoryIds: string[];
  disabled: boolean;
  createdAt: string;
}

export interface LoginRequest {
  email: string;
  password: string;
}

/** `POST /api/auth/login` and `GET /api/auth/session`. */
export interface SessionResponse {
  user: StaffUserResponse;
  /** Send it back in the `x-csrf-token` header with every write made with the session cookie. */
  csrfToken: string;
  /** When the session ends at the latest, whatever the activity. */
  expiresAt: string;
  /** When it ends without activity. */
  idleExpiresAt: string;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export interface CreateStaffUserRequest {
  email: string;
  displayName: string;
  password: string;
  roles: StaffRole[];
  office?: string | null;
  scopeTerritoryIds?: string[];
}

export interface UpdateStaffUserRequest {
  displayName?: string;
  roles?: StaffRole[];
  office?: string | null;
  scopeTerritoryIds?: string[];
  disabled?: boolean;
}

/** One staff action recorded in the audit log. */
export interface AuditEntryResponse {
  id: string;
  at: string;
  actorUserId: string | null;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown>;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** `GET /api/audit`. */
export type AuditEntryPage = Page<AuditEntryResponse>;

/** Header names shared by the API and the clients. */
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_COOKIE = 'permanente_session';
/** Participants send their credential as `Authorization: Bearer <token>`. */
export const PARTICIPANT_TOKEN_PREFIX = 'p1.';
