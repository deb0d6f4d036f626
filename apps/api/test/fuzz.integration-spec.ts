import {
  LIVE_CLIENT_EVENTS,
  LIVE_ERROR_CODES,
  LIVE_PATH,
  type Ack,
  type LiveClientEvents,
} from '@permanente/contracts';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import type { StaffActor } from '../src/auth/actor';
import { isInvalidInputForDatabase } from '../src/common/database-input-error';
import { DEMO_ACCOUNTS, DEMO_WORKSHOP } from '../src/demo/demo-accounts';
import { DemoSeedService } from '../src/demo/demo-seed.service';
import { AgendaService } from '../src/live/agenda.service';
import { WorkshopsService } from '../src/workshops/workshops.service';
import { join, login, staffHeaders } from './support/actors';
import { TestLiveClient } from './support/live-client';
import { resetDatabase, startTestApp, TestApp } from './support/test-app';

/**
 * Property-based fuzzing of every REST operation of the OpenAPI document and every live
 * client event: NUL, lone surrogates, nulls, wrong types, huge strings, arrays for scalars,
 * nested objects, in path params, query and JSON bodies, signed out and signed in as the
 * demo organiser; live events from a joined phone and a facilitator. Never a 5xx, never a
 * stack trace, every event acknowledged and never as `unavailable` (the database is up).
 *
 * FUZZ_SEED and FUZZ_RUNS replay or widen a run; fast-check prints the seed and the
 * counterexample of a failure.
 */
const SEED = Number(process.env['FUZZ_SEED'] ?? 1604);
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 6);
/** The fuzzer's own client address (rate limits count it apart from the sign-ins). */
const FUZZ_IP = '10.99.0.1';
const sent = { requests: 0, events: 0, handshakes: 0 };
const STACK_TRACE = /(^|\\n|\n)\s*at \S.*:\d+:\d+|\b[A-Z]\w*Error: [^"]*(\\n|\n)\s*at /;

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  allOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
}
interface Operation {
  method: Method;
  path: string;
  pathParams: string[];
  query: Array<{ name: string; schema: Schema }>;
  body: Schema | null;
}
interface Document {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ name: string; in: string; schema?: Schema }>;
        requestBody?: { content?: Record<string, { schema?: Schema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
}

// ----- hostile values -----

const HUGE = 'é'.repeat(50_000); // 100 kB of UTF-8
const hostileText = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\udc00\ud800'),
  },
  { weight: 1, arbitrary: fc.constant(HUGE) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      '   ',
      '%00',
      "'; DROP TABLE users; --",
      '00000000-0000-0000-0000-000000000000',
      '9'.repeat(40),
      '-1',
      '1e400',
      'NaN',
      '2026-02-31',
      'true',
      '__proto__',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);
const hostileScalar = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  { weight: 2, arbitrary: fc.constant(null) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(true, false, 0, -1, 0.5, 1e308, -1e308, 2 ** 53, 2 ** 31),
  },
  { weight: 1, arbitrary: fc.integer() },
);
const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileScalar,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(hostileText, fc.constantFrom('id', 'text', '__proto__')), tie('value'), {
      maxKeys: 3,
    }),
  ),
})).value;

// ----- plausible values from the schema, so that requests get past the first checks -----

function resolve(document: Document, schema: Schema | undefined): Schema {
  let current = schema ?? {};
  for (let i = 0; i < 5 && current.$ref; i++)
    current = document.components?.schemas?.[current.$ref.split('/').pop()!] ?? {};
  if (current.allOf?.length) return resolve(document, current.allOf[0]);
  if (current.oneOf?.length) return resolve(document, current.oneOf[0]);
  return current;
}

function plausible(
  document: Document,
  schema: Schema | undefined,
  name: string,
  ids: Record<string, string>,
  depth = 0,
): unknown {
  const s = resolve(document, schema);
  if (s.enum?.length) return s.enum[0];
  if (s.example !== undefined) return s.example;
  if (s.format === 'uuid' || /Id$/.test(name)) return ids[name] ?? ids['id'] ?? randomUUID();
  switch (s.type) {
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return depth > 3 ? [] : [plausible(document, s.items, name, ids, depth + 1)];
    case 'object':
      return depth > 3
        ? {}
        : Object.fromEntries(
            Object.entries(s.properties ?? {}).map(([key, value]) => [
              key,
              plausible(document, value, key, ids, depth + 1),
            ]),
          );
    default:
      if (/On$/.test(name)) return '2026-05-01';
      if (/At$/.test(name)) return '2026-05-01T10:00:00.000Z';
      return 'Texte ordinaire';
  }
}

/** A field's value: mostly plausible, often hostile. */
function fieldValue(
  document: Document,
  schema: Schema | undefined,
  name: string,
  ids: Record<string, string>,
) {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(plausible(document, schema, name, ids)) },
    { weight: 3, arbitrary: hostileValue },
  );
}

function bodyArbitrary(document: Document, schema: Schema, ids: Record<string, string>) {
  const s = resolve(document, schema);
  const properties = Object.entries(s.properties ?? {});
  if (properties.length === 0) return fc.oneof(fc.constant({}), hostileValue);
  const keys = properties.map(([key]) => key);
  const valid = plausible(document, s, '', ids) as Record<string, unknown>;
  // A plausible body with some fields left out and one made hostile: what reaches the
  // service with a single bad value (a null on a PATCH, a NUL in one text).
  const oneBadField = fc
    .tuple(fc.subarray(keys), fc.constantFrom(...keys), hostileValue)
    .map(([dropped, key, value]) => {
      const body: Record<string, unknown> = { ...valid };
      for (const drop of dropped) delete body[drop];
      body[key] = value;
      return body;
    });
  const anyFields = fc.record(
    Object.fromEntries(
      properties.map(([key, value]) => [key, fieldValue(document, value, key, ids)]),
    ),
    { requiredKeys: [] },
  );
  return fc.oneof(
    { weight: 5, arbitrary: oneBadField },
    { weight: 2, arbitrary: anyFields },
    { weight: 1, arbitrary: hostileValue },
  );
}

/** Percent-encoding that also carries lone surrogates (as their WTF-8 bytes). */
function percentEncode(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (char.length === 1 && code >= 0xd800 && code <= 0xdfff)
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    else out += encodeURIComponent(char);
  }
  return out;
}

/** A URL piece: an encoded hostile text, or raw malformed percent-escapes. */
const hostileUrlPiece = fc.oneof(
  { weight: 4, arbitrary: hostileText.map((text) => percentEncode(text.slice(0, 2_000))) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%80', '..', '%2e%2e') },
);

function queryArbitrary(operation: Operation, document: Document, ids: Record<string, string>) {
  const names = operation.query.map(({ name }) => name);
  const valid = operation.query.map(
    ({ name, schema }) =>
      `${encodeURIComponent(name)}=${percentEncode(String(plausible(document, schema, name, ids)))}`,
  );
  const bad = (name: string) =>
    fc.oneof(
      {
        weight: 4,
        arbitrary: hostileUrlPiece.map((piece) => `${encodeURIComponent(name)}=${piece}`),
      },
      // An array, or a nested object, where a scalar is expected.
      { weight: 1, arbitrary: hostileUrlPiece.map((piece) => `${name}=a&${name}=${piece}`) },
      { weight: 1, arbitrary: hostileUrlPiece.map((piece) => `${name}[x]=${piece}`) },
    );
  if (names.length === 0) return fc.option(bad('zz'), { nil: '' });
  // Plausible params with some left out and one made hostile, or none hostile at all.
  return fc
    .tuple(
      fc.subarray(names.map((_, index) => index)),
      fc.constantFrom(...names).chain(bad),
      fc.boolean(),
    )
    .map(([kept, hostile, clean]) =>
      [...kept.map((index) => valid[index]), ...(clean ? [] : [hostile])].join('&'),
    );
}

function pathArbitrary(operation: Operation, ids: Record<string, string>) {
  const segments = operation.pathParams.map((name) =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constant(encodeURIComponent(idFor(operation.path, name, ids))) },
      { weight: 2, arbitrary: hostileUrlPiece },
    ),
  );
  return fc.tuple(...segments).map((values) => {
    let path = operation.path;
    operation.pathParams.forEach((name, index) => {
      path = path.replace(`{${name}}`, values[index] || '%00');
    });
    return path;
  });
}

/** The operation with every param and body field plausible. */
function plausibleRequest(operation: Operation, document: Document, ids: Record<string, string>) {
  const validPath = operation.pathParams.reduce(
    (path, name) => path.replace(`{${name}}`, encodeURIComponent(idFor(operation.path, name, ids))),
    operation.path,
  );
  const validQuery = operation.query
    .map(
      ({ name, schema }) =>
        `${name}=${percentEncode(String(plausible(document, schema, name, ids)))}`,
    )
    .join('&');
  const schema = operation.body ? resolve(document, operation.body) : null;
  const validBody = schema ? (plausible(document, schema, '', ids) as object) : undefined;
  return { validPath, validQuery, validBody, schema };
}

/** Which fixture a path parameter names: `{id}` depends on the collection before it. */
function idFor(path: string, name: string, ids: Record<string, string>): string {
  if (name !== 'id') return ids[name] ?? randomUUID();
  const collection = path.split('/')[2];
  return ids[collection] ?? randomUUID();
}

function operationsOf(document: Document): Operation[] {
  const order: Method[] = ['get', 'post', 'put', 'patch', 'delete'];
  return Object.entries(document.paths)
    .flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => order.includes(method as Method))
        .map(([method, spec]) => ({
          method: method as Method,
          path,
          pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]),
          query: (spec.parameters ?? [])
            .filter((p) => p.in === 'query')
            .map((p) => ({ name: p.name, schema: p.schema ?? {} })),
          body: spec.requestBody?.content?.['application/json']?.schema ?? null,
        })),
    )
    .sort(
      (a, b) =>
        order.indexOf(a.method) - order.indexOf(b.method) ||
        // The sign-out last among the writes, so the session lives as long as possible.
        Number(a.path === '/api/auth/logout') - Number(b.path === '/api/auth/logout'),
    );
}

/** What each body field gets, one at a time, the others plausible. */
const SINGLE_FIELD_VALUES: unknown[] = [
  'a\u0000b',
  '\ud800',
  null,
  HUGE,
  ['a'],
  { a: 'b' },
  12345,
  true,
];

function expectNoStackTrace(text: string, what: string): void {
  if (STACK_TRACE.test(text))
    throw new Error(`${what}: the answer holds a stack trace: ${text.slice(0, 2_000)}`);
}

describe(`fuzzing every REST operation and every live event (integration, FUZZ_SEED=${SEED})`, () => {
  let t: TestApp;
  let baseUrl: string;
  let document: Document;
  let organiserHeaders: Record<string, string>;
  const ids: Record<string, string> = {};
  const sockets: TestLiveClient[] = [];

  const one = async (sql: string): Promise<string | undefined> =>
    (await t.dataSource.query(sql))[0]?.id;

  async function signIn(): Promise<void> {
    const account = DEMO_ACCOUNTS.find((a) => a.roles.includes('organiser'))!;
    organiserHeaders = staffHeaders(await login(t, account.email, account.password));
  }

  beforeAll(async () => {
    t = await startTestApp({ trustProxyHops: 1 });
    await resetDatabase(t.dataSource);
    await t.app.get(DemoSeedService).seed();
    baseUrl = await t.listen();
    document = (await t.http().get('/api/openapi.json').expect(200)).body;
    await signIn();
    const tables: Record<string, string> = {
      campaigns: 'campaigns',
      workshops: 'workshops',
      panels: 'panels',
      proposals: 'proposals',
      tours: 'tours',
      'tour-stops': 'tour_stops',
      initiatives: 'initiatives',
      territories: 'territories',
      themeId: 'themes',
      ideaId: 'ideas',
      activityId: 'activities',
      drawId: 'panel_draws',
      memberId: 'panel_members',
      commentId: 'proposal_comments',
      campaignId: 'campaigns',
      workshopId: 'workshops',
      territoryId: 'territories',
      stopId: 'tour_stops',
      proposalId: 'proposals',
      panelId: 'panels',
    };
    for (const [key, table] of Object.entries(tables)) {
      const id = await one(`SELECT id FROM ${table} ORDER BY id LIMIT 1`);
      if (id) ids[key] = id;
    }
    // An account other than the organiser's own, so that it stays signed in.
    ids['accounts'] =
      (await one(
        `SELECT id FROM users WHERE NOT ('organiser' = ANY(roles)) ORDER BY id LIMIT 1`,
      )) ?? randomUUID();
  });

  afterAll(async () => {
    process.stdout.write(
      `\nfuzz (seed ${SEED}, ${RUNS} runs): ${sent.requests} requests, ${sent.events} live events, ${sent.handshakes} handshakes\n`,
    );
    for (const socket of sockets) socket.close();
    await t.close();
  });

  it('finds the operations in the OpenAPI document, and would see a stack trace', () => {
    expect(operationsOf(document).length).toBeGreaterThan(50);
    const stack = new TypeError('x is undefined').stack!;
    expect(STACK_TRACE.test(JSON.stringify({ message: stack }))).toBe(true);
    expect(STACK_TRACE.test(stack)).toBe(true);
    expect(STACK_TRACE.test(JSON.stringify({ message: 'Some fields are invalid' }))).toBe(false);
  });

  describe('live events', () => {
    let participant: TestLiveClient;
    let facilitator: TestLiveClient;
    const activities: Record<string, string> = {};
    let actor: StaffActor;
    let workshopId: string;
    let facilitatorCookie: string;
    /** One activity is open at a time: each event is fuzzed with its own open. */
    const kindOf: Record<keyof LiveClientEvents, string> = {
      'workshop:sync': 'idea_board',
      'idea:post': 'idea_board',
      'vote:set': 'dot_vote',
      'spectrum:place': 'spectrum',
      'poll:answer': 'poll',
    };

    beforeAll(async () => {
      const [organiser] = await t.dataSource.query(
        `SELECT id FROM users WHERE 'organiser' = ANY(roles) LIMIT 1`,
      );
      actor = {
        kind: 'staff',
        userId: organiser.id,
        displayName: 'Orga',
        roles: ['organiser'],
        scopeTerritoryIds: [],
        sessionId: '',
        csrfToken: '',
      };
      const [territory] = await t.dataSource.query(`SELECT id FROM territories WHERE code = $1`, [
        DEMO_WORKSHOP.territoryCode,
      ]);
      const workshop = await t.app
        .get(WorkshopsService)
        .create(null, { title: 'Fabrik fuzz', territoryId: territory.id });
      workshopId = workshop.id;
      const agenda = t.app.get(AgendaService);
      for (const request of [
        { kind: 'idea_board' as const, prompt: 'Vos idées ?', categories: ['Mobilité'] },
        { kind: 'dot_vote' as const, prompt: 'Votez', dots: 3 },
        { kind: 'spectrum' as const, prompt: 'D’accord ?' },
        { kind: 'poll' as const, prompt: 'Laquelle ?', options: ['A', 'B'], multiple: true },
      ]) {
        const activity = await agenda.addActivity(actor, workshop.id, request);
        activities[request.kind] = activity.id;
        await agenda.updateActivity(actor, workshop.id, activity.id, { status: 'open' });
      }
      await agenda.setStatus(actor, workshop.id, 'live');
      const phone = await join(t, workshop.code, 'Fuzz', '10.98.0.1');
      participant = await TestLiveClient.connect(baseUrl, { token: phone.body.token });
      sockets.push(participant);
      await participant.ready();
      const facilitatorAccount = DEMO_ACCOUNTS.find((a) => a.roles.includes('facilitator'))!;
      const staff = await login(t, facilitatorAccount.email, facilitatorAccount.password);
      facilitatorCookie = staff.cookie;
      facilitator = await TestLiveClient.connect(
        baseUrl,
        { workshopId: workshop.id },
        { extraHeaders: { cookie: staff.cookie } },
      );
      sockets.push(facilitator);
      await facilitator.ready();
    });

    function payloadArbitrary(event: keyof LiveClientEvents) {
      const activityId = fc.oneof(fc.constantFrom(...Object.values(activities)), hostileValue);
      const field = (value: unknown) =>
        fc.oneof(
          { weight: 2, arbitrary: fc.constant(value) },
          { weight: 3, arbitrary: hostileValue },
        );
      const shapes: Record<keyof LiveClientEvents, fc.Arbitrary<unknown>> = {
        'workshop:sync': fc.record({ lastSeq: field(0) }, { requiredKeys: [] }),
        'idea:post': fc.record(
          {
            clientId: field(randomUUID()),
            activityId,
            text: field('Une idée'),
            category: field('Mobilité'),
          },
          { requiredKeys: [] },
        ),
        'vote:set': fc.record(
          {
            clientId: field(randomUUID()),
            activityId,
            dots: fc.oneof(
              fc.dictionary(fc.oneof(hostileText, fc.uuid()), hostileValue, { maxKeys: 3 }),
              hostileValue,
            ),
          },
          { requiredKeys: [] },
        ),
        'spectrum:place': fc.record(
          { clientId: field(randomUUID()), activityId, position: field(3) },
          { requiredKeys: [] },
        ),
        'poll:answer': fc.record(
          { clientId: field(randomUUID()), activityId, choices: field([0]) },
          { requiredKeys: [] },
        ),
      };
      return fc.oneof(
        { weight: 4, arbitrary: shapes[event] },
        { weight: 1, arbitrary: hostileValue },
      );
    }

    it('a hostile handshake is refused with a live error code, never as a server failure', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({ token: hostileValue, workshopId: hostileValue }, { requiredKeys: [] }),
          fc.boolean(),
          async (auth, asStaff) => {
            sent.handshakes += 1;
            const message = await new Promise<string>((settle) => {
              const socket = io(baseUrl, {
                path: LIVE_PATH,
                auth: auth as Record<string, unknown>,
                transports: ['websocket'],
                reconnection: false,
                forceNew: true,
                extraHeaders: asStaff ? { cookie: facilitatorCookie } : {},
              });
              socket.once('connect', () => {
                socket.close();
                settle('connected');
              });
              socket.once('connect_error', (error) => {
                socket.close();
                settle(error.message);
              });
            });
            expect([...LIVE_ERROR_CODES, 'connected']).toContain(message);
            expect(message).not.toBe('unavailable');
          },
        ),
        { seed: SEED, numRuns: RUNS * 3 },
      );
    });

    for (const event of Object.values(LIVE_CLIENT_EVENTS)) {
      for (const who of ['participant', 'facilitator'] as const) {
        it(`${event} from a ${who}: every payload is acknowledged, none as a server failure`, async () => {
          const socket = (who === 'participant' ? participant : facilitator).socket;
          await t.app
            .get(AgendaService)
            .updateActivity(actor, workshopId, activities[kindOf[event]], { status: 'open' });
          await fc.assert(
            fc.asyncProperty(payloadArbitrary(event), async (payload) => {
              sent.events += 1;
              const ack = (await socket
                .timeout(10_000)
                .emitWithAck(event, payload as never)) as Ack<unknown>;
              expect(typeof ack.ok).toBe('boolean');
              if (!ack.ok) {
                expect(ack.error.code).not.toBe('unavailable');
                expectNoStackTrace(JSON.stringify(ack), event);
              }
              expect(socket.connected).toBe(true);
            }),
            { seed: SEED + event.length + (who === 'participant' ? 0 : 100), numRuns: RUNS * 3 },
          );
        });
      }
    }

    it('a payload with a NUL or a lone surrogate is refused as invalid, naming the field', async () => {
      await t.app
        .get(AgendaService)
        .updateActivity(actor, workshopId, activities['idea_board'], { status: 'open' });
      const nul = (await participant.socket
        .timeout(5_000)
        .emitWithAck(LIVE_CLIENT_EVENTS.postIdea, {
          clientId: randomUUID(),
          activityId: activities['idea_board'],
          text: 'une idée\u0000',
        })) as Ack<unknown>;
      expect(nul).toEqual({
        ok: false,
        error: { code: 'invalid', field: 'text', message: expect.stringContaining('NUL') },
      });
      const surrogate = (await participant.socket
        .timeout(5_000)
        .emitWithAck(LIVE_CLIENT_EVENTS.answerPoll, {
          clientId: randomUUID(),
          activityId: activities['poll'],
          choices: [0],
          extra: ['ok', '\ud800'],
        } as never)) as Ack<unknown>;
      expect(surrogate).toEqual({
        ok: false,
        error: { code: 'invalid', field: 'extra.1', message: expect.stringContaining('surrogate') },
      });
    });
  });

  describe('REST operations', () => {
    /** One request; a failure (5xx or stack trace) is thrown with what was sent. */
    async function send(
      operation: Operation,
      signedIn: boolean,
      path: string,
      query: string,
      body: unknown,
    ): Promise<number> {
      let call = t
        .http()
        [operation.method](query ? `${path}?${query}` : path)
        .set('x-forwarded-for', FUZZ_IP)
        .set(signedIn ? organiserHeaders : {});
      if (body !== undefined)
        call = call.set('content-type', 'application/json').send(JSON.stringify(body));
      const response = await call;
      sent.requests += 1;
      // The sign-out and the password change end the session: sign in again.
      if (signedIn && response.status === 401) {
        const session = await t.http().get('/api/auth/session').set(organiserHeaders);
        if (session.status === 401) await signIn();
      }
      const what = `${operation.method.toUpperCase()} ${path}${query ? `?${query.slice(0, 300)}` : ''}`;
      expectNoStackTrace(response.text ?? '', what);
      if (response.status >= 500)
        throw new Error(`${what} → ${response.status} ${response.text?.slice(0, 500)}`);
      // Every refusal is the API's JSON error shape (431, a too long URL, is Node's own).
      if (
        response.status >= 400 &&
        response.status !== 431 &&
        !/json/.test(response.headers['content-type'] ?? '')
      )
        throw new Error(`${what} → ${response.status} not JSON: ${response.text?.slice(0, 300)}`);
      return response.status;
    }

    const ACTORS = [
      ['signed out', false],
      ['organiser', true],
    ] as const;

    it('every field of every operation, one hostile value at a time: no 5xx, no stack trace', async () => {
      const failures: string[] = [];
      const check = async (
        operation: Operation,
        signedIn: boolean,
        path: string,
        query: string,
        body: unknown,
      ): Promise<number> => {
        try {
          return await send(operation, signedIn, path, query, body);
        } catch (error) {
          failures.push(`${signedIn ? 'organiser' : 'signed out'}: ${(error as Error).message}`);
          return 500;
        }
      };
      for (const operation of operationsOf(document)) {
        const { validPath, validQuery, validBody, schema } = plausibleRequest(
          operation,
          document,
          ids,
        );
        for (const [, signedIn] of ACTORS) {
          // Signed out, a 401 comes from the access guard, before any input is read: the
          // variants would only meet the same guard.
          const status = await check(operation, signedIn, validPath, validQuery, validBody);
          if (!signedIn && status === 401) continue;
          for (const name of operation.pathParams)
            for (const value of ['a%00b', '%ED%A0%80', 'not-a-uuid', 'x'.repeat(2_000)])
              await check(
                operation,
                signedIn,
                operation.path
                  .replace(`{${name}}`, value)
                  .replace(/\{(\w+)\}/g, (_, other) =>
                    encodeURIComponent(idFor(operation.path, other, ids)),
                  ),
                validQuery,
                validBody,
              );
          for (const { name } of operation.query)
            for (const value of [
              `${name}=%00`,
              `${name}=%ED%A0%80`,
              `${name}=a&${name}=b`,
              `${name}[x]=y`,
            ])
              await check(operation, signedIn, validPath, value, validBody);
          for (const key of Object.keys(schema?.properties ?? {}))
            for (const value of SINGLE_FIELD_VALUES)
              await check(operation, signedIn, validPath, validQuery, {
                ...validBody,
                [key]: value,
              });
          if (schema)
            for (const value of [
              null,
              [],
              'text',
              7,
              [validBody],
              { nested: { deeper: validBody } },
            ])
              await check(operation, signedIn, validPath, validQuery, value);
        }
      }
      expect(failures).toEqual([]);
    }, 300_000);

    it('every operation, random hostile requests, signed out and as the organiser: no 5xx, no stack trace', async () => {
      const failures: string[] = [];
      for (const [index, operation] of operationsOf(document).entries()) {
        for (const [actor, signedIn] of ACTORS) {
          const request = fc.record({
            path: pathArbitrary(operation, ids),
            query: queryArbitrary(operation, document, ids),
            body: operation.body
              ? bodyArbitrary(document, operation.body, ids)
              : fc.constant(undefined),
          });
          try {
            if (!signedIn) {
              // Refused by the access guard before any input is read: nothing to fuzz.
              const { validPath, validQuery, validBody } = plausibleRequest(
                operation,
                document,
                ids,
              );
              if ((await send(operation, false, validPath, validQuery, validBody)) === 401)
                continue;
            }
            await fc.assert(
              fc.asyncProperty(request, async ({ path, query, body }) => {
                await send(operation, signedIn, path, query, body);
              }),
              // Each operation its own (fixed) stream of values.
              { seed: SEED + index * 2 + Number(signedIn), numRuns: RUNS },
            );
          } catch (error) {
            failures.push(
              `${operation.method.toUpperCase()} ${operation.path} (${actor}): ${(error as Error).message.slice(0, 3_000)}`,
            );
          }
        }
      }
      expect(failures).toEqual([]);
    }, 300_000);

    it('the named findings of issue 16 are 400s naming the field', async () => {
      const campaignId = ids['campaigns'];
      const cases: Array<[Method, string, object | undefined, string]> = [
        ['get', '/api/campaigns/a%00b', undefined, 'params.id'],
        ['get', '/api/initiatives?q=%00', undefined, 'query.q'],
        ['get', '/api/initiatives?theme=%00', undefined, 'query.theme'],
        ['get', '/api/audit?action=%00', undefined, 'query.action'],
        ['post', '/api/auth/login', { email: 'a\u0000@b.fr', password: 'x' }, 'body.email'],
        [
          'post',
          `/api/panels/${ids['panels']}/volunteers`,
          { email: '\ud800@example.fr' },
          'body.email',
        ],
        ['patch', `/api/campaigns/${campaignId}`, { title: null }, 'body.title'],
        ['patch', `/api/campaigns/${campaignId}`, { startsOn: null }, 'body.startsOn'],
        ['patch', `/api/campaigns/${campaignId}`, { territoryId: null }, 'body.territoryId'],
        ['patch', `/api/initiatives/${ids['initiatives']}`, { name: null }, 'body.name'],
      ];
      for (const [method, path, body, field] of cases) {
        const call = t.http()[method](path).set(organiserHeaders);
        const response = await (body ? call.send(body) : call);
        expect({ path, status: response.status }).toEqual({ path, status: 400 });
        expect(response.body.fields.map((f: { field: string }) => f.field)).toContain(field);
      }
    });

    it("this engine's refusals of bad values are recognised as the client's (a 400, not a 500)", async () => {
      for (const [sql, value] of [
        ['SELECT $1::text AS v', 'a\u0000b'],
        ['SELECT $1::uuid AS v', 'not-a-uuid'],
        ['SELECT $1::date AS v', '2026-02-31'],
        ['SELECT $1::jsonb AS v', '"\\u0000"'],
      ]) {
        const error = await t.dataSource.query(sql, [value]).then(
          () => null,
          (refusal: unknown) => refusal,
        );
        expect({ sql, recognised: isInvalidInputForDatabase(error) }).toEqual({
          sql,
          recognised: true,
        });
      }
    });

    it('the server is still healthy after the fuzzing', async () => {
      await t.http().get('/api/health').expect(200);
    });
  });
});
