import { SESSION_COOKIE } from '@permanente/contracts';
import { AccountsService } from '../src/accounts/accounts.service';
import { FakeClock } from '../src/common/clock';
import { login, staffHeaders } from './support/actors';
import { resetDatabase, startTestApp, TestApp, testDatabaseTarget } from './support/test-app';

const ORGANISER = { email: 'orga@example.test', password: 'correct horse battery' };
const FACILITATOR = { email: 'Anim@Example.test', password: 'another long secret' };

describe('staff accounts and sessions (integration)', () => {
  let t: TestApp;
  const clock = new FakeClock();

  beforeAll(async () => {
    t = await startTestApp(
      { sessionIdleMinutes: 30, sessionMaxHours: 8 },
      testDatabaseTarget(),
      clock,
    );
    await resetDatabase(t.dataSource);
    const accounts = t.app.get(AccountsService);
    await accounts.create(null, { ...ORGANISER, displayName: 'Orga', roles: ['organiser'] });
    await accounts.create(null, {
      ...FACILITATOR,
      displayName: 'Anim',
      roles: ['facilitator', 'official'],
    });
  });

  afterAll(() => t.close());

  it('stores passwords as argon2id hashes, never in clear', async () => {
    const [row] = await t.dataSource.query(
      `SELECT email, password_hash FROM users WHERE email = 'anim@example.test'`,
    );
    expect(row.email).toBe('anim@example.test'); // emails are kept lower-case
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=3\$/);
    expect(row.password_hash).not.toContain(FACILITATOR.password);
    const response = await t
      .http()
      .get('/api/accounts')
      .set(staffHeaders(await login(t, ORGANISER.email, ORGANISER.password)));
    expect(JSON.stringify(response.body)).not.toContain('argon2');
  });

  it('signs in with an httpOnly SameSite cookie and returns the account, roles and a CSRF token', async () => {
    const response = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'ANIM@example.test ', password: FACILITATOR.password })
      .expect(200);
    const cookie = ([] as string[]).concat(response.headers['set-cookie'])[0];
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(response.body.user).toMatchObject({
      email: 'anim@example.test',
      roles: ['facilitator', 'official'],
      disabled: false,
    });
    expect(response.body.csrfToken).toHaveLength(43);
    // Only the token's hash is stored.
    const token = cookie.split(';')[0].split('=')[1];
    const stored = await t.dataSource.query(
      `SELECT token_hash FROM sessions WHERE token_hash = $1`,
      [token],
    );
    expect(stored).toEqual([]);
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const wrong = await t
      .http()
      .post('/api/auth/login')
      .send({ email: ORGANISER.email, password: 'nope nope nope' })
      .expect(401);
    const unknown = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'nobody@example.test', password: 'nope nope nope' })
      .expect(401);
    expect(wrong.body.message).toBe('Email or password is incorrect');
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('gives 429 to the 6th wrong password within a minute, even a right one, until the window passes', async () => {
    const email = 'target@example.test';
    await t.app.get(AccountsService).create(null, {
      email,
      password: 'the right password',
      displayName: 'T',
      roles: ['official'],
    });
    for (let attempt = 1; attempt <= 5; attempt++) {
      await t
        .http()
        .post('/api/auth/login')
        .send({ email, password: `wrong password ${attempt}` })
        .expect(401);
      clock.advance(1_000);
    }
    const sixth = await t
      .http()
      .post('/api/auth/login')
      .send({ email, password: 'wrong password 6' })
      .expect(429);
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
    await t
      .http()
      .post('/api/auth/login')
      .send({ email, password: 'the right password' })
      .expect(429);
    // Another account from the same address is not locked by this one.
    await t.http().post('/api/auth/login').send(ORGANISER).expect(200);
    // The limits count in rate-limiter-flexible, on the system time (Redis's TTLs with
    // several instances): a minute later, as that time sees it.
    clock.advance(60_000);
    const realNow = Date.now;
    const later = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 61_000);
    try {
      await t
        .http()
        .post('/api/auth/login')
        .send({ email, password: 'the right password' })
        .expect(200);
    } finally {
      later.mockRestore();
    }
  });

  it('ends a session after the inactivity timeout, and keeps an active one alive', async () => {
    const staff = await login(t, ORGANISER.email, ORGANISER.password);
    clock.advance(29 * 60_000);
    await t.http().get('/api/auth/session').set(staffHeaders(staff)).expect(200); // activity
    clock.advance(29 * 60_000);
    await t.http().get('/api/auth/session').set(staffHeaders(staff)).expect(200); // still within 30 min of the last request
    clock.advance(31 * 60_000);
    await t.http().get('/api/auth/session').set(staffHeaders(staff)).expect(401);
  });

  it('ends a session at its absolute lifetime, however active', async () => {
    const staff = await login(t, ORGANISER.email, ORGANISER.password);
    for (let minutes = 0; minutes < 8 * 60 - 20; minutes += 20) {
      clock.advance(20 * 60_000);
      await t.http().get('/api/auth/session').set(staffHeaders(staff)).expect(200);
    }
    clock.advance(20 * 60_000);
    await t.http().get('/api/auth/session').set(staffHeaders(staff)).expect(401);
  });

  it('logs out server-side: the old cookie no longer works', async () => {
    const staff = await login(t, ORGANISER.email, ORGANISER.password);
    await t.http().post('/api/auth/logout').set(staffHeaders(staff)).expect(204);
    await t.http().get('/api/auth/session').set(staffHeaders(staff)).expect(401);
    const [row] = await t.dataSource.query(`SELECT revoked_at FROM sessions WHERE id = $1`, [
      await sessionIdOf(staff.csrfToken),
    ]);
    expect(row.revoked_at).not.toBeNull();
  });

  it('refuses cookie-authenticated writes without the CSRF token', async () => {
    const staff = await login(t, ORGANISER.email, ORGANISER.password);
    const noToken = await t
      .http()
      .post('/api/auth/logout')
      .set({ cookie: staff.cookie })
      .expect(403);
    expect(noToken.body.message).toBe('Missing or wrong x-csrf-token header');
    await t
      .http()
      .post('/api/auth/logout')
      .set({ cookie: staff.cookie, 'x-csrf-token': 'forged' })
      .expect(403);
    await t.http().get('/api/auth/session').set({ cookie: staff.cookie }).expect(200); // reads need none
  });

  it('changes a password, closing the other sessions but not this one', async () => {
    const email = 'changer@example.test';
    await t.app.get(AccountsService).create(null, {
      email,
      password: 'first password!',
      displayName: 'C',
      roles: ['facilitator'],
    });
    const here = await login(t, email, 'first password!');
    const elsewhere = await login(t, email, 'first password!');
    await t
      .http()
      .put('/api/auth/password')
      .set(staffHeaders(here))
      .send({ currentPassword: 'wrong', newPassword: 'second password!' })
      .expect(401);
    const tooShort = await t
      .http()
      .put('/api/auth/password')
      .set(staffHeaders(here))
      .send({ currentPassword: 'first password!', newPassword: 'short' })
      .expect(400);
    expect(tooShort.body.fields[0]).toMatchObject({ field: 'body.newPassword', code: 'minLength' });
    await t
      .http()
      .put('/api/auth/password')
      .set(staffHeaders(here))
      .send({ currentPassword: 'first password!', newPassword: 'second password!' })
      .expect(204);
    await t.http().get('/api/auth/session').set(staffHeaders(here)).expect(200);
    await t.http().get('/api/auth/session').set(staffHeaders(elsewhere)).expect(401);
    await t.http().post('/api/auth/login').send({ email, password: 'first password!' }).expect(401);
    await login(t, email, 'second password!');
  });

  it('lets an organiser create, scope, disable accounts, and records it all in the audit log', async () => {
    const organiser = await login(t, ORGANISER.email, ORGANISER.password);
    const [cher] = await t.dataSource.query(
      `INSERT INTO territories (code, name, level) VALUES ('T-18', 'Cher', 'departement') RETURNING id`,
    );
    const created = await t
      .http()
      .post('/api/accounts')
      .set(staffHeaders(organiser))
      .send({
        email: 'new@example.test',
        displayName: 'New',
        password: 'a good long password',
        roles: ['facilitator'],
        scopeTerritoryIds: [cher.id],
      })
      .expect(201);
    expect(created.body).toMatchObject({ roles: ['facilitator'], scopeTerritoryIds: [cher.id] });
    await t
      .http()
      .post('/api/accounts')
      .set(staffHeaders(organiser))
      .send({
        email: 'NEW@example.test',
        displayName: 'Twin',
        password: 'a good long password',
        roles: ['official'],
      })
      .expect(409);
    const bad = await t
      .http()
      .post('/api/accounts')
      .set(staffHeaders(organiser))
      .send({ email: 'x', displayName: '', password: 'short', roles: ['king'] })
      .expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'body.displayName',
      'body.email',
      'body.password',
      'body.roles',
    ]);

    const newcomer = await login(t, 'new@example.test', 'a good long password');
    await t
      .http()
      .patch(`/api/accounts/${created.body.id}`)
      .set(staffHeaders(organiser))
      .send({ roles: ['facilitator', 'official'], disabled: true })
      .expect(200);
    await t.http().get('/api/auth/session').set(staffHeaders(newcomer)).expect(401); // disabling closes sessions
    await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'new@example.test', password: 'a good long password' })
      .expect(401);

    const audit = await t
      .http()
      .get('/api/audit?action=account.update')
      .set(staffHeaders(organiser))
      .expect(200);
    expect(audit.body.items[0]).toMatchObject({
      actorUserId: organiser.session.user.id,
      actorName: 'Orga',
      action: 'account.update',
      targetType: 'user',
      targetId: created.body.id,
      details: { roles: ['facilitator', 'official'], disabled: true },
    });
  });

  it('never leaves the installation without an active organiser', async () => {
    const organiser = await login(t, ORGANISER.email, ORGANISER.password);
    const others = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM users WHERE 'organiser' = ANY(roles) AND id <> $1`,
      [organiser.session.user.id],
    );
    expect(others[0].n).toBe(0);
    const refused = await t
      .http()
      .patch(`/api/accounts/${organiser.session.user.id}`)
      .set(staffHeaders(organiser))
      .send({ disabled: true })
      .expect(409);
    expect(refused.body.message).toBe('This is the last active organiser account');
  });

  async function sessionIdOf(csrfToken: string): Promise<string> {
    const [row] = await t.dataSource.query(`SELECT id FROM sessions WHERE csrf_token = $1`, [
      csrfToken,
    ]);
    return row.id;
  }
});
