import {
  CSRF_HEADER,
  type JoinWorkshopResponse,
  type SessionResponse,
} from '@permanente/contracts';
import { DEMO_ACCOUNTS } from '../../src/demo/demo-accounts';
import type { TestApp } from './test-app';

export interface StaffLogin {
  cookie: string;
  csrfToken: string;
  session: SessionResponse;
}

/** Signs in through the real login route; returns the cookie and CSRF token to send back. */
export async function login(t: TestApp, email: string, password: string): Promise<StaffLogin> {
  const response = await t.http().post('/api/auth/login').send({ email, password });
  if (response.status !== 200)
    throw new Error(`login ${email}: ${response.status} ${JSON.stringify(response.body)}`);
  const setCookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  const cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
  return { cookie, csrfToken: response.body.csrfToken, session: response.body };
}

export function staffHeaders(staff: StaffLogin): Record<string, string> {
  return { cookie: staff.cookie, [CSRF_HEADER]: staff.csrfToken };
}

/** The demo data's organiser, signed in: the headers to send (the demo seed must have run). */
export async function demoOrganiserHeaders(t: TestApp): Promise<Record<string, string>> {
  const account = DEMO_ACCOUNTS.find((a) => a.roles.includes('organiser'))!;
  return staffHeaders(await login(t, account.email, account.password));
}

/** Joins a workshop through the real route; returns the bearer header. */
export async function join(
  t: TestApp,
  code: string,
  displayName?: string,
  /** A client address (with TRUST_PROXY_HOPS=1), for tests that join more than a room's worth. */
  ip?: string,
): Promise<{ headers: Record<string, string>; body: JoinWorkshopResponse }> {
  const response = await t
    .http()
    .post('/api/workshops/join')
    .set(ip ? { 'x-forwarded-for': ip } : {})
    .send({ code, displayName });
  if (response.status !== 201)
    throw new Error(`join ${code}: ${response.status} ${JSON.stringify(response.body)}`);
  return { headers: { authorization: `Bearer ${response.body.token}` }, body: response.body };
}

/** The seven kinds of caller of the authorization matrices (REST and live). */
export const MATRIX_ACTORS = [
  'anonymous',
  'participantHere',
  'participantElsewhere',
  'facilitatorInScope',
  'facilitatorOutOfScope',
  'official',
  'organiser',
] as const;
export type MatrixActor = (typeof MATRIX_ACTORS)[number];
