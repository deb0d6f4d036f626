import type { ExtendFieldKitResponse, IssueFieldKitResponse } from '@permanente/contracts';
import { randomUUID } from 'node:crypto';
import { AccountsService } from '../src/accounts/accounts.service';
import { join, login, staffHeaders } from './support/actors';
import { TestLiveClient } from './support/live-client';
import { resetDatabase, startTestApp, TestApp } from './support/test-app';

/**
 * Bus mode on central: every write path touching a checked-out workshop is refused with the
 * same 409 naming the kit, not only those that add a workshop event; and a kit's checkout is a
 * lease that ends when the kit expires, which the organiser can extend.
 */
describe('bus mode: checkout of every write path, kit expiry and extension (integration)', () => {
  let t: TestApp;
  let url: string;
  let organiser: Record<string, string>;
  let facilitator: Record<string, string>;
  let outsider: Record<string, string>;
  let vierzon: string;
  let tourId: string;
  const clients: TestLiveClient[] = [];

  const send = (
    method: 'post' | 'patch' | 'put' | 'delete',
    path: string,
    headers: Record<string, string>,
    body: object = {},
  ) => t.http()[method](path).set(headers).send(body);

  async function account(email: string, roles: string[], scopeTerritoryIds: string[] = []) {
    await t.app.get(AccountsService).create(null, {
      email,
      password: 'a long enough password',
      displayName: email.split('@')[0],
      roles: roles as never,
      scopeTerritoryIds,
    });
    return staffHeaders(await login(t, email, 'a long enough password'));
  }

  /** A workshop with a board and a spectrum; `live`: running, the spectrum open. */
  async function workshop(title: string, live = false) {
    const created = await send('post', '/api/workshops', organiser, {
      title,
      territoryId: vierzon,
    }).expect(201);
    const id = created.body.id as string;
    const path = `/api/workshops/${id}`;
    const board = await send('post', `${path}/activities`, organiser, {
      kind: 'idea_board',
      prompt: 'Que faut-il changer ?',
    }).expect(201);
    const vote = await send('post', `${path}/activities`, organiser, {
      kind: 'spectrum',
      prompt: 'Le bus suffit',
    }).expect(201);
    if (live) {
      await send('put', `${path}/status`, organiser, { status: 'live' }).expect(200);
      await send('patch', `${path}/activities/${vote.body.id}`, organiser, {
        status: 'open',
      }).expect(200);
    }
    return {
      id,
      path,
      code: created.body.code as string,
      board: board.body.id as string,
      vote: vote.body.id as string,
    };
  }

  const issue = async (label: string, workshopIds: string[], expiresInDays = 7) =>
    (
      await send('post', '/api/field/kits', organiser, {
        label,
        workshopIds,
        expiresInDays,
      }).expect(201)
    ).body as IssueFieldKitResponse;

  const expectCheckedOut = (
    response: { status: number; body: Record<string, unknown> },
    kit: IssueFieldKitResponse,
  ) => {
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'checked_out', kitId: kit.kit.id });
    expect(response.body['message']).toContain(kit.kit.label);
    expect(JSON.stringify(response.body)).not.toMatch(/\bat .*\.ts:\d+/);
  };

  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.dataSource);
    url = await t.listen();
    const [cher] = await t.dataSource.query(
      `INSERT INTO territories (code, name, level) VALUES ('18', 'Cher', 'departement') RETURNING id`,
    );
    const [bassin] = await t.dataSource.query(
      `INSERT INTO territories (code, name, level, parent_id) VALUES ('bv-vierzon', 'Vierzon', 'bassin_de_vie', $1) RETURNING id`,
      [cher.id],
    );
    const [loiret] = await t.dataSource.query(
      `INSERT INTO territories (code, name, level) VALUES ('45', 'Loiret', 'departement') RETURNING id`,
    );
    vierzon = bassin.id;
    organiser = await account('orga@example.test', ['organiser']);
    facilitator = await account('fac.cher@example.test', ['facilitator'], [cher.id]);
    outsider = await account('fac.loiret@example.test', ['facilitator'], [loiret.id]);
    const campaign = await send('post', '/api/campaigns', organiser, {
      slug: 'bus-2026',
      title: 'Tournée en bus',
      territoryId: cher.id,
      startsOn: '2026-02-01',
      endsOn: '2026-07-31',
    }).expect(201);
    tourId = (
      await send('post', '/api/tours', organiser, {
        campaignId: campaign.body.id,
        title: 'La tournée en bus',
      }).expect(201)
    ).body.id;
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  afterAll(() => t.close());

  const stop = (day: string, workshopId?: string) => ({
    day,
    startsAt: '09:00',
    endsAt: '18:00',
    territoryId: vierzon,
    placeName: 'Place du marché',
    ...(workshopId ? { workshopId } : {}),
  });

  it('refuses with the 409 naming the kit the writes that add no workshop event, too', async () => {
    const out = await workshop('Fabrik dehors', true);
    const second = await workshop('Fabrik dehors aussi');
    const home = await workshop('Fabrik ici', true);
    // Before the kit: a phone joined, a wall link, a tour stop with the workshop.
    const phone = await join(t, out.code, 'Camille');
    const socket = await TestLiveClient.connect(url, { token: phone.body.token });
    clients.push(socket);
    await socket.ready();
    await send('post', `${out.path}/wall-link`, facilitator).expect(201);
    const linked = await send(
      'post',
      `/api/tours/${tourId}/stops`,
      organiser,
      stop('2026-03-10', out.id),
    ).expect(201);
    const kit = await issue('Bus, Vierzon', [out.id, second.id]);

    // Wall links: a new one, and revoking the one in use.
    expectCheckedOut(await send('post', `${out.path}/wall-link`, facilitator), kit);
    expectCheckedOut(await send('delete', `${out.path}/wall-link`, facilitator), kit);
    // The participant's own data: name and profile, and erasure.
    expectCheckedOut(
      await send('patch', '/api/participants/me', phone.headers, { displayName: 'Cam' }),
      kit,
    );
    expectCheckedOut(
      await send('delete', '/api/participants/me/personal-data', phone.headers),
      kit,
    );
    // A position: the choice itself appends no event (its tally comes later).
    const vote = await socket.choose('spectrum:place', {
      clientId: randomUUID(),
      activityId: out.vote,
      position: 2,
    });
    expect(vote).toMatchObject({ ok: false, error: { code: 'conflict', kitId: kit.kit.id } });
    // The agenda and the board's themes.
    expectCheckedOut(
      await send('patch', `${out.path}/activities/${out.board}`, organiser, { prompt: 'Autre' }),
      kit,
    );
    expectCheckedOut(await send('put', `${out.path}/entry`, organiser, { locked: true }), kit);
    expectCheckedOut(
      await send('post', `${out.path}/themes`, organiser, { name: 'Mobilité' }),
      kit,
    );
    // The tour: unlinking the workshop from its stop, linking the other one to a stop.
    expectCheckedOut(
      await send('patch', `/api/tour-stops/${linked.body.id}`, organiser, { workshopId: null }),
      kit,
    );
    expectCheckedOut(
      await send('post', `/api/tours/${tourId}/stops`, organiser, stop('2026-03-11', second.id)),
      kit,
    );

    // Nothing of it was written.
    const [participant] = await t.dataSource.query(
      `SELECT display_name, erased_at FROM participants WHERE id = $1`,
      [phone.body.participant.id],
    );
    expect(participant).toEqual({ display_name: 'Camille', erased_at: null });
    const links = await t.dataSource.query(
      `SELECT revoked_at FROM wall_links WHERE workshop_id = $1`,
      [out.id],
    );
    expect(links).toEqual([{ revoked_at: null }]);
    const [choices] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM spectrum_positions WHERE activity_id = $1`,
      [out.vote],
    );
    expect(choices.n).toBe(0);
    const [linkedStop] = await t.dataSource.query(
      `SELECT workshop_id FROM tour_stops WHERE id = $1`,
      [linked.body.id],
    );
    expect(linkedStop.workshop_id).toBe(out.id);

    // A workshop that is not in the kit changes as usual.
    await send('post', `${home.path}/wall-link`, facilitator).expect(201);
    await send('post', `/api/tours/${tourId}/stops`, organiser, stop('2026-03-12', home.id)).expect(
      201,
    );

    // Revoked: every path is open again.
    await send('post', `/api/field/kits/${kit.kit.id}/revoke`, organiser).expect(200);
    await send('patch', '/api/participants/me', phone.headers, { displayName: 'Cam' }).expect(200);
    await send('post', `${out.path}/wall-link`, facilitator).expect(201);
  });

  it('a kit past its end frees its workshops; it is extended before, or after if nothing changed', async () => {
    const x = await workshop('Fabrik X');
    const y = await workshop('Fabrik Y');
    const kitX = await issue('Bus X', [x.id], 1);
    const kitY = await issue('Bus Y', [y.id], 1);
    const extend = (kit: IssueFieldKitResponse, headers: Record<string, string>, body: object) =>
      send('post', `/api/field/kits/${kit.kit.id}/extend`, headers, body);

    // Bad input and scope.
    const bad = await extend(kitX, organiser, { expiresInDays: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['body.expiresInDays']);
    await extend(kitX, outsider, { expiresInDays: 5 }).expect(403);
    await send('post', `/api/field/kits/${randomUUID()}/extend`, organiser, {
      expiresInDays: 5,
    }).expect(404);

    // Before its end: the end moves, the checkout goes on; an earlier end is refused.
    const extended = (await extend(kitX, facilitator, { expiresInDays: 5 }).expect(200))
      .body as ExtendFieldKitResponse;
    expect(new Date(extended.kit.expiresAt).getTime()).toBeGreaterThan(
      new Date(kitX.kit.expiresAt).getTime() + 3 * 86_400_000,
    );
    expect(extended.kit.status).toBe('active');
    expect(extended.file.split('\n')).toHaveLength(3);
    expect(extended.file).not.toContain('PRIVATE');
    const shorter = await extend(kitX, organiser, { expiresInDays: 2 });
    expect(shorter.status).toBe(400);
    expect(shorter.body.fields[0]).toMatchObject({ field: 'body.expiresInDays' });
    expectCheckedOut(
      await send('post', `${x.path}/activities`, organiser, { kind: 'spectrum', prompt: 'S' }),
      kitX,
    );
    const audit = await t.dataSource.query(
      `SELECT action, details->>'wasExpired' AS was_expired FROM audit_log WHERE target_id = $1 ORDER BY action`,
      [kitX.kit.id],
    );
    expect(audit).toEqual([
      { action: 'field.kit_extended', was_expired: 'false' },
      { action: 'field.kit_issued', was_expired: null },
    ]);

    // Past its end: the checkout ended, central takes changes again, the kit is refused.
    const expire = async (kit: IssueFieldKitResponse, workshopId: string) => {
      // What happened before the end happened, for the log too, a while before it.
      await t.dataSource.query(
        `UPDATE workshop_events SET created_at = created_at - interval '2 hours' WHERE workshop_id = $1`,
        [workshopId],
      );
      await t.dataSource.query(
        `UPDATE field_kits SET expires_at = now() - interval '1 hour' WHERE id = $1`,
        [kit.kit.id],
      );
    };
    await expire(kitX, x.id);
    await expire(kitY, y.id);
    await send('post', `${x.path}/activities`, organiser, { kind: 'spectrum', prompt: 'S' }).expect(
      201,
    );
    await send('post', `${x.path}/wall-link`, organiser).expect(201);
    const kits = (await t.http().get('/api/field/kits').set(organiser).expect(200)).body;
    expect(kits.find((k: { id: string }) => k.id === kitX.kit.id).status).toBe('expired');
    // X changed on central since: its kit cannot come back to life.
    const late = await extend(kitX, organiser, { expiresInDays: 3 });
    expect(late.status).toBe(409);
    expect(late.body.message).toContain('Fabrik X');
    // Y did not: extended, its checkout resumes.
    const rescued = (await extend(kitY, organiser, { expiresInDays: 3 }).expect(200))
      .body as ExtendFieldKitResponse;
    expect(rescued.kit.status).toBe('active');
    expectCheckedOut(await send('post', `${y.path}/wall-link`, organiser), kitY);
    // X is free: a new kit may take it out; the old one stays refused.
    await issue('Bus X, again', [x.id]);
    await extend(kitX, organiser, { expiresInDays: 3 }).expect(409);
    // A revoked kit is not extended.
    await send('post', `/api/field/kits/${kitY.kit.id}/revoke`, organiser).expect(200);
    await extend(kitY, organiser, { expiresInDays: 9 }).expect(409);
  });
});
