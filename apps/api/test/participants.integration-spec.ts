import type { ParticipantExport } from '@permanente/contracts';
import { WorkshopsService } from '../src/workshops/workshops.service';
import { resetDatabase, startTestApp, TestApp } from './support/test-app';

describe('pseudonymous participants (integration)', () => {
  let t: TestApp;
  let code: string;
  let workshopId: string;

  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.dataSource);
    const [territory] = await t.dataSource.query(
      `INSERT INTO territories (code, name, level) VALUES ('bv-x', 'Vierzon', 'bassin_de_vie') RETURNING id`,
    );
    const workshop = await t.app
      .get(WorkshopsService)
      .create(null, { title: 'Fabrik de Vierzon', territoryId: territory.id });
    code = workshop.code;
    workshopId = workshop.id;
  });

  afterAll(() => t.close());

  it('joins with the code as people type it, without an account, and gets a workshop-scoped credential', async () => {
    const typed = `${code.slice(0, 3).toLowerCase()} ${code.slice(3)}`;
    const response = await t
      .http()
      .post('/api/workshops/join')
      .send({ code: typed, displayName: 'Lucie' })
      .expect(201);
    expect(response.body.token).toMatch(/^p1\.[\w-]{43}$/);
    expect(response.body.participant).toMatchObject({
      workshopId,
      displayName: 'Lucie',
      profile: {},
    });
    expect(response.body.workshop).toEqual(
      expect.objectContaining({ id: workshopId, title: 'Fabrik de Vierzon' }),
    );
    expect(response.body.workshop).not.toHaveProperty('code');
    const me = await t
      .http()
      .get('/api/participants/me')
      .set('authorization', `Bearer ${response.body.token}`)
      .expect(200);
    expect(me.body.id).toBe(response.body.participant.id);
    // The credential is stored hashed only.
    const rows = await t.dataSource.query(`SELECT 1 FROM participants WHERE token_hash = $1`, [
      response.body.token,
    ]);
    expect(rows).toEqual([]);
  });

  it('refuses bad codes clearly: malformed 400, unknown 404, closed 409', async () => {
    const malformed = await t.http().post('/api/workshops/join').send({ code: 'O0I1' }).expect(400);
    expect(malformed.body.error).toBe('bad_request');
    await t
      .http()
      .post('/api/workshops/join')
      .send({ code: 'ZZZZZZ' === code ? 'YYYYYY' : 'ZZZZZZ' })
      .expect(404);
    const [other] = await t.dataSource.query(
      `INSERT INTO workshops (code, title, territory_id, status) SELECT 'CKSD22', 'Old', territory_id, 'closed' FROM workshops LIMIT 1 RETURNING id`,
    );
    expect(other.id).toBeDefined();
    const closed = await t.http().post('/api/workshops/join').send({ code: 'CKSD22' }).expect(409);
    expect(closed.body.message).toBe('This workshop is closed');
    const tooLong = await t
      .http()
      .post('/api/workshops/join')
      .send({ code, displayName: 'x'.repeat(41) })
      .expect(400);
    expect(tooLong.body.fields[0].field).toBe('body.displayName');
    await t
      .http()
      .post('/api/workshops/join')
      .send({ code, displayName: 'bell\u0007' })
      .expect(400);
  });

  it('stores profile answers only with consent', async () => {
    const { body } = await t.http().post('/api/workshops/join').send({ code }).expect(201);
    const auth = { authorization: `Bearer ${body.token}` };
    await t
      .http()
      .patch('/api/participants/me')
      .set(auth)
      .send({ profile: { ageBand: '25_34' } })
      .expect(400);
    await t
      .http()
      .patch('/api/participants/me')
      .set(auth)
      .send({ profile: { ageBand: 'ancient' }, profileConsent: true })
      .expect(400);
    const updated = await t
      .http()
      .patch('/api/participants/me')
      .set(auth)
      .send({
        displayName: 'Max',
        profile: { ageBand: '25_34', firstParticipation: true },
        profileConsent: true,
      })
      .expect(200);
    expect(updated.body).toMatchObject({
      displayName: 'Max',
      profile: { ageBand: '25_34', firstParticipation: true },
    });
  });

  it('downloads what it contributed, then erases its personal trace and keeps the record', async () => {
    const { body } = await t
      .http()
      .post('/api/workshops/join')
      .send({ code, displayName: 'Nadia' })
      .expect(201);
    const auth = { authorization: `Bearer ${body.token}` };
    await t
      .http()
      .patch('/api/participants/me')
      .set(auth)
      .send({ profile: { ageBand: '50_64' }, profileConsent: true })
      .expect(200);

    const exported = await t.http().get('/api/participants/me/export').set(auth).expect(200);
    expect(exported.headers['content-disposition']).toContain('attachment');
    const data = exported.body as ParticipantExport;
    expect(data.participant).toMatchObject({ displayName: 'Nadia', profile: { ageBand: '50_64' } });
    expect(data.workshop.title).toBe('Fabrik de Vierzon');
    expect(Array.isArray(data.contributions)).toBe(true);

    const erased = await t
      .http()
      .delete('/api/participants/me/personal-data')
      .set(auth)
      .expect(200);
    expect(erased.body).toMatchObject({ displayName: null, profile: {} });
    const [row] = await t.dataSource.query(
      `SELECT workshop_id, display_name, profile, profile_consent_at, erased_at FROM participants WHERE id = $1`,
      [body.participant.id],
    );
    expect(row).toMatchObject({
      workshop_id: workshopId,
      display_name: null,
      profile: {},
      profile_consent_at: null,
    });
    expect(row.erased_at).not.toBeNull();
  });
});
