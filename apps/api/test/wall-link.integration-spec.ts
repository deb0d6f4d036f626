import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { LIVE_PATH, type WallLinkResponse } from '@permanente/contracts';
import type { StaffActor } from '../src/auth/actor';
import { AgendaService } from '../src/live/agenda.service';
import { join, login, staffHeaders } from './support/actors';
import { eventually, TestLiveClient } from './support/live-client';
import { LiveWorkshop, ORGANISER_PASSWORD } from './support/live-workshop';
import type { TestApp } from './support/test-app';

/** The wall by link: read-only, revocable, dead once the workshop closes. */
describe('the wall link (integration)', () => {
  let w: LiveWorkshop;
  let t: TestApp;
  let baseUrl: string;
  let staff: Record<string, string>;
  let organiser: StaffActor;
  let workshopId: string;
  let code: string;
  let boardId: string;

  beforeAll(async () => {
    w = await LiveWorkshop.start({
      territory: { code: 'bv-w', name: 'Vierzon' },
      organiser: { email: 'wall@example.test' },
      title: 'Fabrik au mur',
      board: { prompt: 'Vos idées' },
    });
    ({ t, baseUrl, organiser, workshopId, code, boardId } = w);
    staff = staffHeaders(await login(t, 'wall@example.test', ORGANISER_PASSWORD));
  });

  afterAll(() => w.close());

  const connect = async (token: string) => {
    const client = w.keep(
      await TestLiveClient.connect(baseUrl, { token }, { reconnection: false }),
    );
    return client.ready();
  };

  /** The handshake's refusal, as a socket.io connect_error message. */
  const refusal = (token: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = io(baseUrl, {
        path: LIVE_PATH,
        auth: { token },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      socket.once('connect', () => {
        socket.close();
        reject(new Error('connected'));
      });
      socket.once('connect_error', (error) => {
        socket.close();
        resolve(error.message);
      });
    });

  it('opens with no account: follows the room read-only, never receives a hidden idea, never writes', async () => {
    expect(
      (await t.http().get(`/api/workshops/${workshopId}/wall-link`).set(staff).expect(200)).body,
    ).toEqual({ link: null });
    const created = await t
      .http()
      .post(`/api/workshops/${workshopId}/wall-link`)
      .set(staff)
      .expect(201);
    const link = created.body as WallLinkResponse;
    expect(link.token).toMatch(/^w1-[A-Za-z0-9_-]{32}$/);
    expect(
      (await t.http().get(`/api/workshops/${workshopId}/wall-link`).set(staff).expect(200)).body,
    ).toEqual({ link });
    // No cookie, no header: the token in the address is enough.
    const info = await t.http().get(`/api/walls/${link.token}`).expect(200);
    expect(info.body).toEqual({ workshopId, title: 'Fabrik au mur', code });
    const qr = await t.http().get(`/api/walls/${link.token}/qr.svg`).expect(200);
    expect(qr.headers['content-type']).toContain('image/svg+xml');

    const phoneJoin = await join(t, code, 'Lucie');
    const phone = await connect(phoneJoin.body.token);
    const hidden = await phone.postIdea({
      clientId: randomUUID(),
      activityId: boardId,
      text: 'Une idée à cacher',
    });
    if (!hidden.ok) throw new Error(hidden.error.message);
    await t
      .http()
      .post(`/api/workshops/${workshopId}/ideas/${hidden.data.idea.id}/hide`)
      .set(staff)
      .expect(204);

    const wall = await connect(link.token);
    expect([...wall.board.values()].map((idea) => idea.text)).not.toContain('Une idée à cacher');
    const shown = await phone.postIdea({
      clientId: randomUUID(),
      activityId: boardId,
      text: 'Une idée pour tous',
    });
    expect(shown.ok).toBe(true);
    await eventually(
      () => [...wall.board.values()].some((idea) => idea.text === 'Une idée pour tous'),
      5_000,
      'the wall to show the new idea',
    );
    // Replayed from the database, a hidden idea's content stays out too.
    const replay = await wall.socket.timeout(5_000).emitWithAck('workshop:sync', { lastSeq: 0 });
    expect(JSON.stringify(replay)).not.toContain('Une idée à cacher');

    const post = await wall.postIdea({ clientId: randomUUID(), activityId: boardId, text: 'x' });
    expect(post).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const vote = await wall.choose('vote:set', {
      clientId: randomUUID(),
      activityId: boardId,
      dots: {},
    });
    expect(vote).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM ideas WHERE workshop_id = $1 AND text = 'x'`,
      [workshopId],
    );
    expect(n).toBe(0);
  });

  it('a revoked link disconnects its walls, refuses them again, and its page gets a clear 404', async () => {
    const { body: state } = await t
      .http()
      .get(`/api/workshops/${workshopId}/wall-link`)
      .set(staff)
      .expect(200);
    const token = (state.link as WallLinkResponse).token;
    const wall = await connect(token);
    const gone = new Promise<string>((resolve) => wall.socket.once('disconnect', resolve));
    await t.http().delete(`/api/workshops/${workshopId}/wall-link`).set(staff).expect(204);
    expect(await gone).toBe('io server disconnect');
    expect(await refusal(token)).toBe('unauthorized');
    const page = await t.http().get(`/api/walls/${token}`).expect(404);
    expect(page.body.message).toContain('revoked');
    expect(JSON.stringify(page.body)).not.toContain('Fabrik au mur');
    await t.http().get(`/api/walls/${token}/qr.svg`).expect(404);
    expect(
      (await t.http().get(`/api/workshops/${workshopId}/wall-link`).set(staff).expect(200)).body,
    ).toEqual({ link: null });
  });

  it('a new link replaces the old one, and every link dies with its workshop', async () => {
    const first = (
      await t.http().post(`/api/workshops/${workshopId}/wall-link`).set(staff).expect(201)
    ).body as WallLinkResponse;
    const second = (
      await t.http().post(`/api/workshops/${workshopId}/wall-link`).set(staff).expect(201)
    ).body as WallLinkResponse;
    expect(second.token).not.toBe(first.token);
    await t.http().get(`/api/walls/${first.token}`).expect(404);
    await t.http().get(`/api/walls/${second.token}`).expect(200);
    await t.app.get(AgendaService).setStatus(organiser, workshopId, 'closed');
    await t.http().get(`/api/walls/${second.token}`).expect(404);
    expect(await refusal(second.token)).toBe('unauthorized');
    const late = await t.http().post(`/api/workshops/${workshopId}/wall-link`).set(staff);
    expect(late.status).toBe(409);
    // Unknown or malformed tokens look the same as revoked ones.
    await t.http().get(`/api/walls/w1-nothing-here`).expect(404);
    await t
      .http()
      .get(`/api/walls/p1.${'x'.repeat(20)}`)
      .expect(404);
  });
});
