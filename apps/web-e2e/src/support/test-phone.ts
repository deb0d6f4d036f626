// A phone for the server-side scale-out tests, driving the client the web app ships
// (libs/live-client): ideas wait in its outbox and are sent in order, each with its own
// clientId, again until acknowledged (a timeout, a lost connection or a refusal such as
// `unavailable` keeps them); events are applied in seq order, and a gap or a (re)connection
// is filled from the server with `workshop:sync`. Only the outbox's store (memory) and the
// socket's transport options differ from the phone's.
import { LIVE_CLIENT_EVENTS, LIVE_SERVER_EVENTS, type IdeaView } from '@permanente/contracts';
import {
  connectLive,
  LiveClient,
  MemoryOutboxStore,
  Outbox,
  sendOutboxItem,
  type LiveSocketConnection,
} from '@permanente/live-client';
import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';

export interface PhoneOptions {
  /** socket.io transports; default websocket only. ['polling']: a network refusing websockets. */
  transports?: Array<'websocket' | 'polling'>;
  /** The local address to connect from (any 127.0.0.x on Linux). */
  localAddress?: string;
}

/** The waits between failed sends: shorter than the phone's, for tests that wait seconds. */
const TEST_BACKOFF_MS = [250, 500, 1_000, 2_000];
const ACK_TIMEOUT_MS = 5_000;

export class TestPhone {
  /** Acknowledged ideas: clientId → when. */
  readonly acked = new Map<string, number>();
  /** Refusals received (error codes), for the tests to see what the server said. */
  readonly refusals: string[] = [];
  /** clientIds of the ideas that reached this phone as live events (not through a sync). */
  readonly live = new Set<string>();
  /** Connections made (the first one and every reconnection). */
  connects = 0;

  private readonly client = new LiveClient('participant');
  private readonly connection: LiveSocketConnection;
  private readonly box: Outbox;
  private nextClientId: string | null = null;
  /** Posted, not yet in the outbox's list (it stores an item before listing it). */
  private readonly adding = new Set<string>();
  private lastError = '';

  constructor(
    url: string,
    token: string,
    readonly activityId: string,
    readonly name: string,
    options: PhoneOptions = {},
  ) {
    // Each phone may come from its own address (127.0.0.x), as phones do to a load balancer.
    const agent = options.localAddress
      ? new Agent({ localAddress: options.localAddress })
      : undefined;
    this.connection = connectLive(this.client, {
      url,
      auth: { token },
      socket: {
        transports: options.transports ?? ['websocket'],
        tryAllTransports: false,
        reconnectionDelay: 200,
        reconnectionDelayMax: 1000,
        forceNew: true,
        // engine.io-client types `agent` as string | boolean; in Node it takes an http.Agent.
        ...(agent ? { agent: agent as unknown as string } : {}),
      },
      retryDelay: () => 500,
    });
    const socket = this.connection.socket;
    this.box = new Outbox({
      store: new MemoryOutboxStore(),
      // One phone, one workshop: the store's key.
      workshopId: activityId,
      send: async (item) => {
        if (!socket.connected) throw new Error('offline');
        const ack = await sendOutboxItem(socket, item, ACK_TIMEOUT_MS);
        if (!ack.ok) this.refusals.push(ack.error.code);
        return ack;
      },
      onSent: (item, delivery) => {
        this.acked.set(item.clientId, Date.now());
        if (delivery.event === LIVE_CLIENT_EVENTS.postIdea)
          this.client.onIdeaAcknowledged({ ...delivery.response.idea, mine: true });
      },
      newId: () => this.nextClientId ?? randomUUID(),
      backoffMs: TEST_BACKOFF_MS,
    });
    this.client.subscribe(() =>
      this.box.setOnline(this.client.getSnapshot().connection === 'online'),
    );
    socket.on('connect', () => (this.connects += 1));
    socket.on('connect_error', (error) => (this.lastError = error.message));
    socket.on(LIVE_SERVER_EVENTS.event, (event) => {
      if (event.type === 'idea.posted') this.live.add(event.data.clientId);
    });
    socket.on(LIVE_SERVER_EVENTS.events, (events) => {
      for (const event of events)
        if (event.type === 'idea.posted') this.live.add(event.data.clientId);
    });
  }

  /** Every idea this phone shows, by clientId (from events and syncs). */
  get board(): Map<string, IdeaView> {
    const ideas = this.client.getSnapshot().state?.ideas ?? [];
    return new Map(ideas.map((idea) => [idea.clientId, idea]));
  }

  /** The clientIds of the contributions not acknowledged yet, in sending order. */
  get outbox(): string[] {
    const pending = this.box.getSnapshot().pending.map((item) => item.clientId);
    return [...new Set([...pending, ...this.adding])];
  }

  get connected(): boolean {
    return this.connection.socket.connected;
  }

  /** The transport in use now: 'websocket' or 'polling'. */
  get transport(): string | undefined {
    return this.connection.socket.io.engine?.transport?.name;
  }

  waitConnected(timeoutMs = 15_000): Promise<void> {
    const ready = () => this.connected && this.client.lastSeq !== null;
    if (ready()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        clearInterval(check);
        reject(
          new Error(`${this.name} not connected (${this.connected ? 'no sync' : this.lastError})`),
        );
      }, timeoutMs);
      const check = setInterval(() => {
        if (!ready()) return;
        clearTimeout(timer);
        clearInterval(check);
        resolve();
      }, 20);
    });
  }

  /** Queues an idea in the outbox, which sends it when it can; returns its clientId. */
  post(text: string): string {
    const clientId = randomUUID();
    this.nextClientId = clientId;
    // The outbox takes the id at once (before storing), so it can be cleared right away.
    this.adding.add(clientId);
    void this.box
      .add(LIVE_CLIENT_EVENTS.postIdea, { activityId: this.activityId, text })
      .finally(() => this.adding.delete(clientId));
    this.nextClientId = null;
    return clientId;
  }

  /** Asks the server for everything after lastSeq (the phone does it on every connection). */
  sync(): Promise<void> {
    return this.client.sync();
  }

  close(): void {
    this.box.dispose();
    this.connection.close();
  }
}
