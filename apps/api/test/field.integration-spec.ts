import type {
  ExtendFieldKitResponse,
  FieldSyncReport,
  IssueFieldKitResponse,
  WorkshopSnapshot,
} from '@permanente/contracts';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { AccountsService } from '../src/accounts/accounts.service';
import { loadConfig } from '../src/config/app-config';
import { openDatabaseTarget, type DatabaseTarget } from '../src/database/database-target';
import { FieldInstanceService, type FetchLike } from '../src/field/field-instance.service';
import type { FieldKitPayload } from '../src/field/field-payloads';
import { SYNC_REQUESTS_PER_MINUTE } from '../src/field/field-sync.service';
import { signText } from '../src/field/field-signing';
import { join, login, staffHeaders } from './support/actors';
import { eventually, TestLiveClient } from './support/live-client';
import { resetDatabase, startTestApp, TestApp } from './support/test-app';

/**
 * Bus mode end to end: a central API on the test database (PostgreSQL with DATABASE_URL) and a
 * field API on its own embedded PGlite, in one process. The kit goes from one to the other as
 * its file's text; the field instance reaches central only through `sync` (real HTTP).
 */
const PHONES = Number(process.env['FIELD_TEST_PHONES'] ?? 20);

describe('bus mode: field kits, checkout, sync back (integration)', () => {
  let central: TestApp;
  let centralUrl: string;
  let field: TestApp;
  let fieldUrl: string;
  let fieldTarget: DatabaseTarget;
  let dataDir: string;
  let organiser: Record<string, string>;
  let facilitator: Record<string, string>;
  let outsider: Record<string, string>;
  let workshopA: { id: string; code: string };
  let workshopB: { id: string; code: string };
  let workshopC: { id: string; code: string };
  const activities: Record<string, string> = {};
  const clients: TestLiveClient[] = [];

  const post = (t: TestApp, path: string, headers: Record<string, string>, body: object = {}) =>
    t.http().post(path).set(headers).send(body);

  async function account(email: string, roles: string[], scopeTerritoryIds: string[] = []) {
    await central.app.get(AccountsService).create(null, {
      email,
      password: 'a long enough password',
      displayName: email.split('@')[0],
      roles: roles as never,
      scopeTerritoryIds,
    });
    return staffHeaders(await login(central, email, 'a long enough password'));
  }

  async function workshop(title: string, territoryId: string) {
    const created = await post(central, '/api/workshops', organiser, { title, territoryId }).expect(
      201,
    );
    const id = created.body.id as string;
    for (const [name, body] of Object.entries({
      board: { kind: 'idea_board', prompt: 'Que faut-il changer ?', categories: ['Mobilité'] },
      clustering: { kind: 'clustering', prompt: 'Regroupons' },
      vote: { kind: 'dot_vote', prompt: 'Vos priorités', dots: 3 },
      spectrum: { kind: 'spectrum', prompt: 'Le bus suffit' },
    })) {
      const activity = await post(
        central,
        `/api/workshops/${id}/activities`,
        organiser,
        body,
      ).expect(201);
      if (title.endsWith('A')) activities[name] = activity.body.id;
    }
    return { id, code: created.body.code as string };
  }

  beforeAll(async () => {
    central = await startTestApp({ trustProxyHops: 1 });
    await resetDatabase(central.dataSource);
    centralUrl = await central.listen();
    const [cher] = await central.dataSource.query(
      `INSERT INTO territories (code, name, level) VALUES ('18', 'Cher', 'departement') RETURNING id`,
    );
    const [vierzon] = await central.dataSource.query(
      `INSERT INTO territories (code, name, level, parent_id) VALUES ('bv-vierzon', 'Vierzon', 'bassin_de_vie', $1) RETURNING id`,
      [cher.id],
    );
    const [loiret] = await central.dataSource.query(
      `INSERT INTO territories (code, name, level) VALUES ('45', 'Loiret', 'departement') RETURNING id`,
    );
    organiser = await account('orga@example.test', ['organiser']);
    facilitator = await account('fac.cher@example.test', ['facilitator'], [cher.id]);
    outsider = await account('fac.loiret@example.test', ['facilitator'], [loiret.id]);
    workshopA = await workshop('Fabrik de Vierzon A', vierzon.id);
    workshopB = await workshop('Fabrik de Vierzon B', vierzon.id);
    workshopC = await workshop('Fabrik de Vierzon C', vierzon.id);

    dataDir = mkdtempSync(joinPath(tmpdir(), 'permanente-field-'));
    const config = { ...loadConfig({ DATA_DIR: dataDir, WEB_ROOT: 'none' }), databasePoolSize: 4 };
    fieldTarget = await openDatabaseTarget(config);
    field = await startTestApp({ trustProxyHops: 1, demoData: false, dataDir }, fieldTarget);
    fieldUrl = await field.listen();
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  afterAll(async () => {
    await field?.close();
    await fieldTarget?.close();
    await central?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  let issued: IssueFieldKitResponse;

  it('issues a kit only to staff who run its workshops, and checks them out', async () => {
    await post(central, '/api/field/kits', outsider, {
      label: 'Bus',
      workshopIds: [workshopA.id],
    }).expect(403);
    const bad = await post(central, '/api/field/kits', facilitator, { label: '', workshopIds: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['body.label', 'body.workshopIds']),
    );
    const response = await post(central, '/api/field/kits', facilitator, {
      label: 'Bus, Vierzon',
      workshopIds: [workshopA.id],
    }).expect(201);
    issued = response.body;
    expect(issued.kit.status).toBe('active');
    expect(issued.kit.workshops).toEqual([{ id: workshopA.id, title: 'Fabrik de Vierzon A' }]);
    expect(issued.file.split('\n')).toHaveLength(3);
    expect(issued.centralKeyFingerprint).toMatch(/^[0-9a-f]{64}$/);
    // The kit carries what signing in needs, never more: no other account, no sessions.
    expect(issued.file).toContain('fac.cher@example.test');
    expect(issued.file).not.toContain('orga@example.test');
    expect(issued.file).not.toContain('fac.loiret@example.test');
    // Out already: a second kit for the same workshop is refused.
    await post(central, '/api/field/kits', organiser, {
      label: 'Again',
      workshopIds: [workshopA.id],
    }).expect(409);
    const audit = await central.dataSource.query(
      `SELECT action FROM audit_log WHERE target_id = $1`,
      [issued.kit.id],
    );
    expect(audit).toEqual([{ action: 'field.kit_issued' }]);
  });

  it('refuses every change to a checked-out workshop on central, naming the kit', async () => {
    const refused = await post(central, `/api/workshops/${workshopA.id}/activities`, organiser, {
      kind: 'idea_board',
      prompt: 'Encore ?',
    }).expect(409);
    expect(refused.body).toMatchObject({ code: 'checked_out', kitId: issued.kit.id });
    expect(refused.body.message).toContain('Bus, Vierzon');
    const live = await central
      .http()
      .put(`/api/workshops/${workshopA.id}/status`)
      .set(organiser)
      .send({ status: 'live' })
      .expect(409);
    expect(live.body.kitId).toBe(issued.kit.id);
    const joinRefused = await central
      .http()
      .post('/api/workshops/join')
      .send({ code: workshopA.code });
    expect(joinRefused.status).toBe(409);
    expect(joinRefused.body.kitId).toBe(issued.kit.id);
    // Workshop B is not in the kit: it changes as usual.
    await post(central, `/api/workshops/${workshopB.id}/activities`, organiser, {
      kind: 'idea_board',
      prompt: 'B reste ici',
    }).expect(201);
  });

  it('imports the kit on the field instance; a kit altered by one byte is refused', async () => {
    const tampered = issued.file.replace('Vierzon', 'VierzoN');
    const service = field.app.get(FieldInstanceService);
    await expect(service.importKit(tampered)).rejects.toThrow(/signature/);
    const summary = await service.importKit(issued.file);
    expect(summary.workshops.map((w) => w.id)).toEqual([workshopA.id]);
    expect(summary.centralKeyFingerprint).toBe(issued.centralKeyFingerprint);
    // Importing again changes nothing.
    await service.importKit(issued.file);
    const [{ n }] = await field.dataSource.query(`SELECT count(*)::int AS n FROM activities`);
    expect(n).toBe(4);
  });

  it('takes the extension of its kit signed by central; an altered one is refused', async () => {
    const extension = (
      await post(central, `/api/field/kits/${issued.kit.id}/extend`, facilitator, {
        expiresInDays: 20,
      }).expect(200)
    ).body as ExtendFieldKitResponse;
    const service = field.app.get(FieldInstanceService);
    const altered = extension.file.replace(
      /"expiresAt":"(\d)/,
      (_, d) => `"expiresAt":"${(Number(d) + 1) % 10}`,
    );
    expect(altered).not.toBe(extension.file);
    await expect(service.importKit(altered)).rejects.toThrow(/altered/);
    const summary = await service.importKit(extension.file);
    expect(summary).toMatchObject({ extended: true, expiresAt: extension.kit.expiresAt });
    expect(summary.workshops.map((w) => w.id)).toEqual([workshopA.id]);
    const status = (await service.status()).kit!;
    expect(status.expiresAt).toBe(extension.kit.expiresAt);
  });

  it('draws a QR code of each LAN address for phones to scan', async () => {
    const service = field.app.get(FieldInstanceService);
    const { lanUrls } = await service.status();
    if (lanUrls.length > 0) {
      const svg = await service.lanQrSvg(0);
      expect(svg).toMatch(/^<svg[^>]*viewBox/);
      expect(svg).toContain('<path');
    }
    // An address this computer does not have: a 404, never a QR of something else.
    await expect(service.lanQrSvg(lanUrls.length)).rejects.toThrow(/no such network address/);
  });

  let fieldStaff: Record<string, string>;

  it(`runs the workshop on the field with ${PHONES} phones, cut off from central`, async () => {
    fieldStaff = staffHeaders(
      await login(field, 'fac.cher@example.test', 'a long enough password'),
    );
    // Scoped to the kit's workshop on the field: the instance's other data is not theirs.
    const path = `/api/workshops/${workshopA.id}`;
    await field.http().put(`${path}/status`).set(fieldStaff).send({ status: 'live' }).expect(200);
    const open = (id: string) =>
      field
        .http()
        .patch(`${path}/activities/${id}`)
        .set(fieldStaff)
        .send({ status: 'open' })
        .expect(200);
    await open(activities['board']);
    for (let k = 0; k < PHONES; k++) {
      const joined = await join(field, workshopA.code, `Phone ${k}`, `10.1.0.${k + 1}`);
      const client = await TestLiveClient.connect(fieldUrl, { token: joined.body.token });
      clients.push(client);
      await client.ready();
    }
    for (const [k, client] of clients.entries()) {
      for (const text of [`Idée ${k} : plus de bus`, `Idée ${k} : une navette le samedi`]) {
        const ack = await client.postIdea({
          clientId: randomUUID(),
          activityId: activities['board'],
          text,
          category: 'Mobilité',
        });
        expect(ack.ok).toBe(true);
      }
    }
    await post(field, `${path}/ideas`, fieldStaff, {
      clientId: randomUUID(),
      activityId: activities['board'],
      text: 'Idée papier : un marché couvert',
    }).expect(201);
    const board = (await field.http().get(`${path}/snapshot`).set(fieldStaff).expect(200))
      .body as WorkshopSnapshot;
    const ideas = board.ideas;
    expect(ideas).toHaveLength(PHONES * 2 + 1);
    await post(field, `${path}/ideas/${ideas[1].id}/hide`, fieldStaff).expect(204);

    await open(activities['clustering']);
    const theme = await post(field, `${path}/themes`, fieldStaff, { name: 'Transports' }).expect(
      201,
    );
    const doomed = await post(field, `${path}/themes`, fieldStaff, { name: 'À supprimer' }).expect(
      201,
    );
    await field.http().delete(`${path}/themes/${doomed.body.id}`).set(fieldStaff).expect(204);
    for (const idea of ideas.slice(0, 6))
      await field
        .http()
        .put(`${path}/ideas/${idea.id}/classification`)
        .set(fieldStaff)
        .send({ themeId: theme.body.id })
        .expect(200);
    // A merge: the third idea is a duplicate of the first.
    await field
      .http()
      .put(`${path}/ideas/${ideas[2].id}/classification`)
      .set(fieldStaff)
      .send({ themeId: theme.body.id, duplicateOf: ideas[0].id })
      .expect(200);

    await open(activities['vote']);
    for (const [k, client] of clients.entries()) {
      const ack = await client.choose('vote:set', {
        clientId: randomUUID(),
        activityId: activities['vote'],
        dots: { [ideas[0].id]: 2, [ideas[(k % 5) + 3].id]: 1 },
      });
      expect(ack.ok).toBe(true);
    }
    await open(activities['spectrum']);
    for (const [k, client] of clients.entries()) {
      const ack = await client.choose('spectrum:place', {
        clientId: randomUUID(),
        activityId: activities['spectrum'],
        position: (k % 5) + 1,
      });
      expect(ack.ok).toBe(true);
    }
    await field.http().put(`${path}/status`).set(fieldStaff).send({ status: 'closed' }).expect(200);
  });

  /** The staff board of a workshop, without what differs by instance (seqs). */
  async function boardOf(t: TestApp, headers: Record<string, string>) {
    const snapshot = (
      await t.http().get(`/api/workshops/${workshopA.id}/snapshot`).set(headers).expect(200)
    ).body as WorkshopSnapshot;
    const { seq: _seq, ...rest } = snapshot;
    void _seq;
    return rest;
  }
  async function csvOf(t: TestApp, headers: Record<string, string>) {
    return (
      await t.http().get(`/api/workshops/${workshopA.id}/export.csv`).set(headers).expect(200)
    ).text;
  }

  it('syncs back after a cut: nothing missing, nothing twice; a third run changes nothing', async () => {
    const service = field.app.get(FieldInstanceService);
    // Someone follows the workshop live on central while the kit comes back.
    const watcher = await TestLiveClient.connect(
      centralUrl,
      { workshopId: workshopA.id },
      { extraHeaders: { cookie: organiser['cookie'] } },
    );
    clients.push(watcher);
    await watcher.ready();
    const before = watcher.lastSeq ?? 0;

    // The connection drops twice: once after central applied a batch but before its answer
    // arrived, then before the next request leaves.
    let calls = 0;
    const cutting: FetchLike = async (url, init) => {
      calls += 1;
      if (url.endsWith('/api/field/sync') && calls === 4) {
        await fetch(url, init);
        throw new Error('network cut after the request');
      }
      return fetch(url, init);
    };
    await expect(service.sync(centralUrl, cutting)).rejects.toThrow(/cannot be reached/);
    const stop: FetchLike = async (url, init) => {
      if (url.endsWith('/api/field/sync') && (calls += 1) > 7) throw new Error('cable pulled');
      return fetch(url, init);
    };
    await expect(service.sync(centralUrl, stop)).rejects.toThrow(/cannot be reached/);

    const second: FieldSyncReport = await service.sync(centralUrl);
    expect(second.applied).toBeGreaterThan(0);
    expect(second.skipped).toBeGreaterThan(0);
    expect(second.kitClosed).toBe(true);

    const counts = async () =>
      (
        await central.dataSource.query(
          `SELECT (SELECT count(*) FROM ideas WHERE workshop_id = $1)::int AS ideas,
             (SELECT count(*) FROM participants WHERE workshop_id = $1)::int AS participants,
             (SELECT count(*) FROM workshop_events WHERE workshop_id = $1)::int AS events,
             (SELECT count(*) FROM audit_log WHERE action = 'field.batch_applied')::int AS audited`,
          [workshopA.id],
        )
      )[0];
    const afterSecond = await counts();
    const [{ fieldEvents }] = await field.dataSource.query(
      `SELECT count(*)::int AS "fieldEvents" FROM workshop_events WHERE workshop_id = $1`,
      [workshopA.id],
    );
    const [{ centralBefore }] = await central.dataSource.query(
      `SELECT count(*)::int AS "centralBefore" FROM workshop_events WHERE workshop_id = $1 AND seq <= $2`,
      [workshopA.id, before],
    );
    expect(afterSecond.ideas).toBe(PHONES * 2 + 1);
    expect(afterSecond.participants).toBe(PHONES);
    expect(afterSecond.events).toBe(centralBefore + fieldEvents);

    const third = await service.sync(centralUrl);
    expect(third.applied).toBe(0);
    expect(await counts()).toEqual(afterSecond);
    // Whoever issued the kit hears that it is back, once, however many runs it took.
    expect(
      await central.dataSource.query(
        `SELECT recipient, subject, category FROM mail_outbox WHERE text_body LIKE '%Bus, Vierzon%'`,
      ),
    ).toEqual([
      {
        recipient: 'fac.cher@example.test',
        subject: 'Retour du terrain : « Bus, Vierzon »',
        category: 'organiser',
      },
    ]);

    // Central now reads as the field did: board, themes, tallies, hidden state, CSV.
    expect(await boardOf(central, organiser)).toEqual(await boardOf(field, fieldStaff));
    expect(await csvOf(central, organiser)).toBe(await csvOf(field, fieldStaff));
    // The events reached whoever watched central, in central's own sequence.
    await eventually(
      () => watcher.lastSeq === before + fieldEvents,
      15_000,
      `the watcher at seq ${before + fieldEvents}`,
    );
    expect(watcher.received.some((event) => event.type === 'idea.posted')).toBe(true);
    // The audit log says which kit brought what.
    const [audited] = await central.dataSource.query(
      `SELECT details FROM audit_log WHERE action = 'field.batch_applied' ORDER BY at LIMIT 1`,
    );
    expect(audited.details).toMatchObject({ kitId: issued.kit.id, kit: 'Bus, Vierzon' });
    // Back home and closed: the checkout has ended.
    await post(central, `/api/workshops/${workshopA.id}/activities`, organiser, {
      kind: 'idea_board',
      prompt: 'Suite à Vierzon',
    }).expect(201);
    const [{ checked_out_by }] = await central.dataSource.query(
      `SELECT checked_out_by FROM workshops WHERE id = $1`,
      [workshopA.id],
    );
    expect(checked_out_by).toBeNull();
  });

  /** A request signed with the kit's key, as the field instance would send it. */
  function signed(file: string, payload: object) {
    const kit = JSON.parse(file.split('\n')[0]) as FieldKitPayload;
    const text = JSON.stringify({ kitId: kit.kitId, ...payload });
    return { kitId: kit.kitId, payload: text, signature: signText(kit.kitPrivateKey, text) };
  }

  it('a kit for workshop A cannot write workshop B', async () => {
    const forged = signed(issued.file, {
      format: 'permanente-field-batch/1',
      workshopId: workshopB.id,
      key: `${workshopB.id}/workshop/0`,
      stage: 'workshop',
      rows: [{ id: workshopB.id, title: 'Pris', status: 'closed', entry_locked: true }],
    });
    const refused = await central.http().post('/api/field/sync').send(forged).expect(403);
    expect(refused.body.message).toMatch(/does not hold/);
    // Back home and closed, the kit brings nothing more, even for its own workshop.
    const late = signed(issued.file, {
      format: 'permanente-field-batch/1',
      workshopId: workshopA.id,
      key: `${workshopA.id}/themes/late`,
      stage: 'themes',
      rows: [],
    });
    await central.http().post('/api/field/sync').send(late).expect(409);
    // A signature that does not match, or none: 401 (or 400 for a malformed one).
    await central
      .http()
      .post('/api/field/sync')
      .send({ ...forged, signature: '0'.repeat(128) })
      .expect(401);
    await central
      .http()
      .post('/api/field/sync')
      .send({ ...forged, signature: 'x' })
      .expect(400);
    const [{ title }] = await central.dataSource.query(
      `SELECT title FROM workshops WHERE id = $1`,
      [workshopB.id],
    );
    expect(title).toBe('Fabrik de Vierzon B');
  });

  it('revoking a kit stops it at once and frees its workshop; an expired kit is refused', async () => {
    // A phone on central follows workshop C before it goes out.
    const path = `/api/workshops/${workshopC.id}`;
    await central.http().put(`${path}/status`).set(organiser).send({ status: 'live' }).expect(200);
    const [board] = (
      await central.dataSource.query(
        `SELECT id FROM activities WHERE workshop_id = $1 ORDER BY position LIMIT 1`,
        [workshopC.id],
      )
    ).map((row: { id: string }) => row.id);
    await central
      .http()
      .patch(`${path}/activities/${board}`)
      .set(organiser)
      .send({ status: 'open' })
      .expect(200);
    const joined = await join(central, workshopC.code, 'Sur place', '10.2.0.1');
    const phone = await TestLiveClient.connect(centralUrl, { token: joined.body.token });
    clients.push(phone);
    await phone.ready();
    const kit = (
      await post(central, '/api/field/kits', organiser, {
        label: 'Bus C',
        workshopIds: [workshopC.id],
        expiresInDays: 1,
      }).expect(201)
    ).body as IssueFieldKitResponse;
    // The live socket refuses too, with the kit in the acknowledgement.
    const ack = await phone.postIdea({ clientId: randomUUID(), activityId: board, text: 'Ici ?' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'conflict', kitId: kit.kit.id } });

    const state = signed(kit.file, {
      format: 'permanente-field-state/1',
      at: new Date().toISOString(),
    });
    await central.http().post('/api/field/sync/state').send(state).expect(200);
    // Its own workshop, with a row of another workshop inside: refused.
    const smuggled = signed(kit.file, {
      format: 'permanente-field-batch/1',
      workshopId: workshopC.id,
      key: `${workshopC.id}/themes/smuggled`,
      stage: 'themes',
      rows: [{ id: randomUUID(), workshop_id: workshopB.id, name: 'x', position: 9 }],
    });
    await central.http().post('/api/field/sync').send(smuggled).expect(403);
    // Signed, but rows that do not fit central's data (an unknown activity): a 400, not a 500.
    const unfit = signed(kit.file, {
      format: 'permanente-field-batch/1',
      workshopId: workshopC.id,
      key: `${workshopC.id}/activities/0`,
      stage: 'activities',
      rows: [{ id: randomUUID(), workshop_id: workshopC.id, position: 1, kind: 'idea_board' }],
    });
    await central.http().post('/api/field/sync').send(unfit).expect(400);
    // Signed by the kit, but not JSON: a 400 as well.
    const kitKey = (JSON.parse(kit.file.split('\n')[0]) as FieldKitPayload).kitPrivateKey;
    await central
      .http()
      .post('/api/field/sync')
      .send({ kitId: kit.kit.id, payload: 'not json', signature: signText(kitKey, 'not json') })
      .expect(400);
    // Only the issuer's peers in scope may revoke: not a facilitator of another territory.
    await post(central, `/api/field/kits/${kit.kit.id}/revoke`, outsider).expect(403);
    const revoked = await post(central, `/api/field/kits/${kit.kit.id}/revoke`, facilitator).expect(
      200,
    );
    expect(revoked.body.status).toBe('revoked');
    const refused = await central.http().post('/api/field/sync/state').send(state).expect(403);
    expect(refused.body.message).toMatch(/revoked/);
    const again = await phone.postIdea({
      clientId: randomUUID(),
      activityId: board,
      text: 'Ici !',
    });
    expect(again.ok).toBe(true);

    // Expiry: a kit past its date is refused, as a file or over the network.
    const late = (
      await post(central, '/api/field/kits', organiser, {
        label: 'Bus B',
        workshopIds: [workshopB.id],
      }).expect(201)
    ).body as IssueFieldKitResponse;
    await central.dataSource.query(
      `UPDATE field_kits SET expires_at = now() - interval '1 minute' WHERE id = $1`,
      [late.kit.id],
    );
    const expired = signed(late.file, {
      format: 'permanente-field-state/1',
      at: new Date().toISOString(),
    });
    const answer = await central.http().post('/api/field/sync/state').send(expired).expect(403);
    expect(answer.body.message).toMatch(/expired/);
    const kits = (await central.http().get('/api/field/kits').set(organiser).expect(200)).body;
    expect(kits.find((k: { id: string }) => k.id === late.kit.id).status).toBe('expired');
    await post(central, `/api/field/kits/${late.kit.id}/revoke`, organiser).expect(200);
  });

  it('brings a workshop back on a USB key: a signed export file, refused if altered by one byte', async () => {
    const kit = (
      await post(central, '/api/field/kits', organiser, {
        label: 'Bus B, sans réseau',
        workshopIds: [workshopB.id],
        facilitatorIds: [
          (
            await central.dataSource.query(
              `SELECT id FROM users WHERE email = 'fac.cher@example.test'`,
            )
          )[0].id,
        ],
      }).expect(201)
    ).body as IssueFieldKitResponse;
    const fieldOrganiser = await field.app.get(AccountsService).create(null, {
      email: 'orga.field@example.test',
      password: 'a long enough password',
      displayName: 'Orga terrain',
      roles: ['organiser'],
    });
    void fieldOrganiser;
    const fieldAdmin = staffHeaders(
      await login(field, 'orga.field@example.test', 'a long enough password'),
    );
    // The import screen's route, on the field instance.
    await post(field, '/api/field/instance/kit', fieldAdmin, { file: kit.file }).expect(201);
    const status = (await field.http().get('/api/field/instance').set(fieldAdmin).expect(200)).body;
    expect(status.kit).toMatchObject({ id: kit.kit.id, workshopIds: [workshopB.id] });

    const staff = staffHeaders(
      await login(field, 'fac.cher@example.test', 'a long enough password'),
    );
    const path = `/api/workshops/${workshopB.id}`;
    await field.http().put(`${path}/status`).set(staff).send({ status: 'live' }).expect(200);
    const [board] = await field.dataSource.query(
      `SELECT id FROM activities WHERE workshop_id = $1 ORDER BY position LIMIT 1`,
      [workshopB.id],
    );
    await field
      .http()
      .patch(`${path}/activities/${board.id}`)
      .set(staff)
      .send({ status: 'open' })
      .expect(200);
    for (let k = 0; k < 3; k++) {
      const joined = await join(field, workshopB.code, `Clé ${k}`, `10.3.0.${k + 1}`);
      const phone = await TestLiveClient.connect(fieldUrl, { token: joined.body.token });
      clients.push(phone);
      await phone.ready();
      const ack = await phone.postIdea({
        clientId: randomUUID(),
        activityId: board.id,
        text: `Sur la clé ${k}`,
      });
      expect(ack.ok).toBe(true);
    }
    await field.http().put(`${path}/status`).set(staff).send({ status: 'closed' }).expect(200);

    const exported = await field.http().get('/api/field/instance/export').set(staff).expect(200);
    const file = exported.text;
    expect(exported.headers['content-disposition']).toContain(`field-export-${kit.kit.id}.json`);
    // One byte changed, anywhere: refused, and nothing is written.
    for (const at of [10, Math.floor(file.length / 2), file.length - 5]) {
      const byte = file[at] === 'a' ? 'b' : 'a';
      const altered = file.slice(0, at) + byte + file.slice(at + 1);
      const refused = await post(central, '/api/field/import', organiser, { file: altered });
      expect([400, 401]).toContain(refused.status);
    }
    const [{ n }] = await central.dataSource.query(
      `SELECT count(*)::int AS n FROM ideas WHERE workshop_id = $1`,
      [workshopB.id],
    );
    expect(n).toBe(0);

    const report = (await post(central, '/api/field/import', organiser, { file }).expect(200)).body;
    expect(report).toMatchObject({ kitId: kit.kit.id, skipped: 0, kitClosed: true });
    expect(report.applied).toBe(report.batches);
    const again = (await post(central, '/api/field/import', organiser, { file }).expect(200)).body;
    expect(again).toMatchObject({ applied: 0, skipped: report.batches });
    const snapshot = async (t: TestApp, headers: Record<string, string>) => {
      const { seq: _seq, ...rest } = (
        await t.http().get(`${path}/snapshot`).set(headers).expect(200)
      ).body as WorkshopSnapshot;
      void _seq;
      return rest;
    };
    expect(await snapshot(central, organiser)).toEqual(await snapshot(field, staff));
    const via = await central.dataSource.query(
      `SELECT DISTINCT via FROM field_sync_batches WHERE kit_id = $1`,
      [kit.kit.id],
    );
    expect(via).toEqual([{ via: 'file' }]);
  });

  it('rate-limits the sync endpoints per address, before any signature check', async () => {
    const body = {
      kitId: randomUUID(),
      payload: '{}',
      signature: '0'.repeat(128),
    };
    const send = () =>
      central.http().post('/api/field/sync/state').set('x-forwarded-for', '10.9.9.9').send(body);
    for (let sent = 0; sent < SYNC_REQUESTS_PER_MINUTE; sent += 50) {
      const answers = await Promise.all(Array.from({ length: 50 }, send));
      expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(401));
    }
    const limited = await send();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not concerned.
    await central
      .http()
      .post('/api/field/sync')
      .set('x-forwarded-for', '10.9.9.10')
      .send(body)
      .expect(401);
  });
});
