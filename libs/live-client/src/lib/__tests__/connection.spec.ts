import {
  LIVE_CLIENT_EVENTS,
  LIVE_PATH,
  LIVE_SERVER_EVENTS,
  type LiveClientEvents,
  type LiveServerEvents,
} from '@permanente/contracts';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import {
  connectLive,
  sendOutboxItem,
  type LiveNetwork,
  type LiveSocketConnection,
} from '../connection';
import { LiveClient } from '../live-client';
import { MemoryOutboxStore, Outbox, type OutboxDelivery } from '../outbox';
import { idea, posted, snapshot } from './fixtures';

// connectLive against a real socket.io server (the API's library), from Node: the handshake
// rules, the network's signals and the typed sending of outbox items.

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 10));
  }
}

describe('connectLive over a real socket.io server', () => {
  let http: HttpServer;
  let io: Server<LiveClientEvents, LiveServerEvents>;
  let url: string;
  /** Refusals the handshake answers, in turn; then it accepts. */
  let refusals: string[];
  let handshakes: number;
  const received: Array<{ event: string; payload: unknown }> = [];
  const connections: LiveSocketConnection[] = [];

  beforeAll(async () => {
    http = createServer();
    io = new Server(http, { path: LIVE_PATH });
    io.use((_socket, next) => {
      handshakes += 1;
      const refusal = refusals.shift();
      next(refusal ? new Error(refusal) : undefined);
    });
    io.on('connection', (socket) => {
      socket.on(LIVE_CLIENT_EVENTS.sync, (_request, ack) =>
        ack({ ok: true, data: { mode: 'snapshot', snapshot: snapshot() } }),
      );
      socket.on(LIVE_CLIENT_EVENTS.postIdea, (request, ack) => {
        received.push({ event: LIVE_CLIENT_EVENTS.postIdea, payload: request });
        ack({
          ok: true,
          data: { idea: idea('i9', { clientId: request.clientId }), duplicate: false },
        });
      });
      socket.on(LIVE_CLIENT_EVENTS.setDots, (request, ack) => {
        received.push({ event: LIVE_CLIENT_EVENTS.setDots, payload: request });
        ack({
          ok: true,
          data: {
            mine: { activityId: request.activityId, kind: 'dot_vote', dots: request.dots },
            duplicate: false,
          },
        });
      });
    });
    await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  beforeEach(() => {
    refusals = [];
    handshakes = 0;
    received.length = 0;
  });

  afterEach(() => {
    for (const connection of connections.splice(0)) connection.close();
  });

  afterAll(async () => {
    io.close();
    await new Promise((done) => http.close(done));
  });

  const open = (client: LiveClient, network?: LiveNetwork) => {
    const connection = connectLive(client, {
      url,
      auth: { token: 'p1.test' },
      network,
      socket: { transports: ['websocket'], reconnectionDelay: 20, reconnectionDelayMax: 50 },
      retryDelay: () => 20,
    });
    connections.push(connection);
    return connection;
  };

  it('tries a handshake refused `unavailable` again, then syncs', async () => {
    refusals = ['unavailable', 'unavailable'];
    const client = new LiveClient('participant');
    open(client);
    await until(() => client.getSnapshot().state !== null, 'the first sync');
    expect(handshakes).toBe(3);
    expect(client.getSnapshot()).toMatchObject({ connection: 'online', error: null });
    expect(client.lastSeq).toBe(3);
  });

  it('applies a batch of events (workshop:events) as it applies single events, in seq order', async () => {
    refusals = [];
    const client = new LiveClient('participant');
    open(client);
    await until(() => client.getSnapshot().state !== null, 'the first sync');
    io.emit(LIVE_SERVER_EVENTS.events, [posted(4, 'i4'), posted(5, 'i5'), posted(6, 'i6')]);
    io.emit(LIVE_SERVER_EVENTS.event, posted(7, 'i7'));
    await until(() => client.lastSeq === 7, 'the batch and the single event');
    const ids = client.getSnapshot().state!.ideas.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining(['i4', 'i5', 'i6', 'i7']));
  });

  it('stops at a final refusal and says which', async () => {
    refusals = ['unauthorized', 'unauthorized'];
    const client = new LiveClient('participant');
    open(client);
    await until(() => client.getSnapshot().error !== null, 'the refusal');
    await new Promise((done) => setTimeout(done, 150));
    expect(handshakes).toBe(1);
    expect(client.getSnapshot()).toMatchObject({ connection: 'offline', error: 'unauthorized' });
  });

  it("follows the network's signals: offline disconnects at once, online reconnects", async () => {
    let online = true;
    const listeners: { offline?: () => void; online?: () => void } = {};
    const network: LiveNetwork = {
      isOnline: () => online,
      watch(offline, back) {
        listeners.offline = offline;
        listeners.online = back;
        return () => undefined;
      },
    };
    const client = new LiveClient('participant');
    const { socket } = open(client, network);
    await until(() => client.getSnapshot().connection === 'online', 'online');
    online = false;
    listeners.offline!();
    expect(client.getSnapshot().connection).toBe('offline');
    expect(socket.connected).toBe(false);
    online = true;
    listeners.online!();
    await until(() => client.getSnapshot().connection === 'online', 'online again');
    expect(handshakes).toBe(2);
  });

  it('sends outbox items typed by their event, with their clientId, and says what was delivered', async () => {
    const client = new LiveClient('participant');
    const { socket } = open(client);
    await until(() => socket.connected, 'connected');
    const delivered: OutboxDelivery[] = [];
    const outbox = new Outbox({
      store: new MemoryOutboxStore(),
      workshopId: 'w1',
      send: (item) => sendOutboxItem(socket, item),
      onSent: (_item, delivery) => delivered.push(delivery),
    });
    const posted = await outbox.add(LIVE_CLIENT_EVENTS.postIdea, {
      activityId: 'a1',
      text: 'Un bus',
    });
    const dots = await outbox.add(LIVE_CLIENT_EVENTS.setDots, {
      activityId: 'a2',
      dots: { i1: 2 },
    });
    outbox.setOnline(true);
    await until(() => delivered.length === 2, 'both acknowledged');
    expect(received).toEqual([
      {
        event: 'idea:post',
        payload: { activityId: 'a1', text: 'Un bus', clientId: posted.clientId },
      },
      {
        event: 'vote:set',
        payload: { activityId: 'a2', dots: { i1: 2 }, clientId: dots.clientId },
      },
    ]);
    expect(delivered.map((delivery) => delivery.event)).toEqual(['idea:post', 'vote:set']);
    expect(delivered[0]).toMatchObject({ response: { idea: { clientId: posted.clientId } } });
    expect(delivered[1]).toMatchObject({
      response: { mine: { kind: 'dot_vote', dots: { i1: 2 } } },
    });
    outbox.dispose();
  });
});
