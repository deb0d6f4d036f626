import { randomUUID } from 'node:crypto';
import { AccountsService } from '../src/accounts/accounts.service';
import type { StaffActor } from '../src/auth/actor';
import { AgendaService } from '../src/live/agenda.service';
import { WorkshopsService } from '../src/workshops/workshops.service';
import { join, login, MATRIX_ACTORS, type MatrixActor } from './support/actors';
import { TestLiveClient } from './support/live-client';
import { resetDatabase, startTestApp, TestApp } from './support/test-app';

/**
 * The socket side of the authorization matrix: every live event × every kind of caller.
 * 'refused' means the handshake itself is refused (with that error); otherwise the
 * acknowledgement's outcome for an action on THIS workshop's open activities.
 */
const ACTORS = MATRIX_ACTORS;
type ActorName = MatrixActor;

const HANDSHAKE: Record<ActorName, 'connects' | 'unauthorized' | 'forbidden'> = {
  anonymous: 'unauthorized',
  participantHere: 'connects',
  participantElsewhere: 'connects', // to its own workshop only
  facilitatorInScope: 'connects',
  facilitatorOutOfScope: 'forbidden',
  official: 'forbidden',
  organiser: 'connects',
};

// Outcome of each event for the callers that connect: 'ok' or the error code.
const EVENTS: Record<string, Partial<Record<ActorName, string>>> = {
  'workshop:sync': {
    participantHere: 'ok',
    participantElsewhere: 'ok',
    facilitatorInScope: 'ok',
    organiser: 'ok',
  },
  'idea:post': {
    participantHere: 'ok',
    participantElsewhere: 'not_found',
    facilitatorInScope: 'forbidden',
    organiser: 'forbidden',
  },
  'vote:set': {
    participantHere: 'ok',
    participantElsewhere: 'not_found',
    facilitatorInScope: 'forbidden',
    organiser: 'forbidden',
  },
  'spectrum:place': {
    participantHere: 'ok',
    participantElsewhere: 'not_found',
    facilitatorInScope: 'forbidden',
    organiser: 'forbidden',
  },
  'poll:answer': {
    participantHere: 'ok',
    participantElsewhere: 'not_found',
    facilitatorInScope: 'forbidden',
    organiser: 'forbidden',
  },
};

describe('live authorization matrix (integration)', () => {
  let t: TestApp;
  let baseUrl: string;
  let workshopId: string;
  const activity: Record<string, string> = {};
  let ideaId: string;
  const auth: Partial<
    Record<ActorName, { auth: Record<string, string>; headers?: Record<string, string> }>
  > = {};
  const clients: TestLiveClient[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.dataSource);
    baseUrl = await t.listen();
    const [cher] = await t.dataSource.query(
      `INSERT INTO territories (code, name, level) VALUES ('18', 'Cher', 'departement') RETURNING id`,
    );
    const [vierzon] = await t.dataSource.query(
      `INSERT INTO territories (code, name, level, parent_id) VALUES ('bv-v', 'Vierzon', 'bassin_de_vie', $1) RETURNING id`,
      [cher.id],
    );
    const [loiret] = await t.dataSource.query(
      `INSERT INTO territories (code, name, level) VALUES ('45', 'Loiret', 'departement') RETURNING id`,
    );
    const accounts = t.app.get(AccountsService);
    const password = 'live matrix password';
    const staff: Array<[ActorName, 'organiser' | 'facilitator' | 'official', string[]]> = [
      ['facilitatorInScope', 'facilitator', [cher.id]],
      ['facilitatorOutOfScope', 'facilitator', [loiret.id]],
      ['official', 'official', [cher.id]],
      ['organiser', 'organiser', []],
    ];
    const ids: Record<string, string> = {};
    for (const [name, role, scope] of staff) {
      const created = await accounts.create(null, {
        email: `${name}@example.test`,
        password,
        displayName: name,
        roles: [role],
        scopeTerritoryIds: scope,
      });
      ids[name] = created.id;
    }
    const organiser: StaffActor = {
      kind: 'staff',
      userId: ids['organiser'],
      displayName: 'o',
      roles: ['organiser'],
      scopeTerritoryIds: [],
      sessionId: '',
      csrfToken: '',
    };
    const workshops = t.app.get(WorkshopsService);
    const here = await workshops.create(null, { title: 'Ici', territoryId: vierzon.id });
    const elsewhere = await workshops.create(null, { title: 'Ailleurs', territoryId: loiret.id });
    workshopId = here.id;
    const agenda = t.app.get(AgendaService);
    await agenda.setStatus(organiser, here.id, 'live');
    for (const [kind, extra] of [
      ['idea_board', {}],
      ['dot_vote', { dots: 3 }],
      ['spectrum', {}],
      ['poll', { options: ['Oui', 'Non'] }],
    ] as Array<
      ['idea_board' | 'dot_vote' | 'spectrum' | 'poll', { dots?: number; options?: string[] }]
    >) {
      activity[kind] = (
        await agenda.addActivity(organiser, here.id, { kind, prompt: kind, ...extra })
      ).id;
    }
    await agenda.updateActivity(organiser, here.id, activity['idea_board'], { status: 'open' });
    const seed = await join(t, here.code);
    const seeder = await TestLiveClient.connect(baseUrl, { token: seed.body.token });
    const posted = await seeder.postIdea({
      clientId: randomUUID(),
      activityId: activity['idea_board'],
      text: 'Une idée',
    });
    seeder.close();
    if (!posted.ok) throw new Error('seed idea refused');
    ideaId = posted.data.idea.id;

    auth.anonymous = { auth: {} };
    auth.participantHere = { auth: { token: (await join(t, here.code)).body.token } };
    auth.participantElsewhere = { auth: { token: (await join(t, elsewhere.code)).body.token } };
    for (const [name] of staff) {
      const session = await login(t, `${name}@example.test`, password);
      auth[name] = { auth: { workshopId: here.id }, headers: { cookie: session.cookie } };
    }
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  afterAll(() => t.close());

  it('authorises the handshake of each kind of caller', async () => {
    const outcome: Record<string, string> = {};
    for (const actor of ACTORS) {
      try {
        const client = await TestLiveClient.connect(baseUrl, auth[actor]!.auth, {
          reconnection: false,
          extraHeaders: auth[actor]!.headers,
        });
        clients.push(client);
        outcome[actor] = 'connects';
      } catch (error) {
        outcome[actor] = (error as Error).message;
      }
    }
    expect(outcome).toEqual(HANDSHAKE);
  });

  for (const [event, expected] of Object.entries(EVENTS)) {
    it(event, async () => {
      const outcome: Record<string, string> = {};
      const agenda = t.app.get(AgendaService);
      const [organiser] = await t.dataSource.query(
        `SELECT id FROM users WHERE email = 'organiser@example.test'`,
      );
      const actor: StaffActor = {
        kind: 'staff',
        userId: organiser.id,
        displayName: 'o',
        roles: ['organiser'],
        scopeTerritoryIds: [],
        sessionId: '',
        csrfToken: '',
      };
      const kind =
        { 'vote:set': 'dot_vote', 'spectrum:place': 'spectrum', 'poll:answer': 'poll' }[event] ??
        'idea_board';
      await agenda.updateActivity(actor, workshopId, activity[kind], { status: 'open' });
      const request = {
        'workshop:sync': { lastSeq: null },
        'idea:post': {
          clientId: randomUUID(),
          activityId: activity['idea_board'],
          text: 'Autorisé ?',
        },
        'vote:set': {
          clientId: randomUUID(),
          activityId: activity['dot_vote'],
          dots: { [ideaId]: 1 },
        },
        'spectrum:place': { clientId: randomUUID(), activityId: activity['spectrum'], position: 4 },
        'poll:answer': { clientId: randomUUID(), activityId: activity['poll'], choices: [0] },
      }[event]!;
      for (const name of ACTORS.filter((a) => HANDSHAKE[a] === 'connects')) {
        const client = await TestLiveClient.connect(baseUrl, auth[name]!.auth, {
          reconnection: false,
          extraHeaders: auth[name]!.headers,
        });
        clients.push(client);
        const body = 'clientId' in request ? { ...request, clientId: randomUUID() } : request;
        const ack = await client.socket
          .timeout(5_000)
          .emitWithAck(event as 'workshop:sync', body as never);
        outcome[name] = ack.ok ? 'ok' : ack.error.code;
      }
      expect(outcome).toEqual(expected);
    });
  }
});
