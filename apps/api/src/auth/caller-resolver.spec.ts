import { SESSION_COOKIE } from '@permanente/contracts';
import type { StaffActor } from './actor';
import { csrfMatches, sessionCookie } from './caller-resolver';

describe('sessionCookie', () => {
  it('finds the session among other cookies and decodes it', () => {
    expect(sessionCookie(`theme=dark; ${SESSION_COOKIE}=a%2Bb; lang=fr`)).toBe('a+b');
  });

  it('is undefined without a header, without the cookie, or with an empty one', () => {
    expect(sessionCookie(undefined)).toBeUndefined();
    expect(sessionCookie('theme=dark')).toBeUndefined();
    expect(sessionCookie(`${SESSION_COOKIE}=`)).toBeUndefined();
  });
});

describe('csrfMatches', () => {
  const actor = { csrfToken: 'x'.repeat(43) } as StaffActor;

  it('accepts the session token only', () => {
    expect(csrfMatches(actor, 'x'.repeat(43))).toBe(true);
    expect(csrfMatches(actor, 'y'.repeat(43))).toBe(false);
    expect(csrfMatches(actor, 'x'.repeat(42))).toBe(false);
    expect(csrfMatches(actor, undefined)).toBe(false);
  });
});
