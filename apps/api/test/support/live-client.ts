import {
  LIVE_SERVER_EVENTS,
  type Ack,
  type ActivityResults,
  type ChoiceResponse,
  type IdeaView,
  type LiveEvent,
  type LiveHandshakeAuth,
  type PostIdeaRequest,
  type PostIdeaResponse,
} from '@permanente/contracts';
import {
  choose,
  connectLive,
  LiveClient,
  postIdea,
  type ChoiceArgs,
  type LiveSocket,
  type LiveSocketConnection,
} from '@permanente/live-client';

export type ClientSocket = LiveSocket;

const ACK_TIMEOUT_MS = 10_000;

/**
 * A phone as the web app is one: the shipped client of `libs/live-client` (events applied in
 * seq order, the gap buffer, replay from lastSeq on a gap or a reconnection, handshake
 * retries), over a websocket from Node, with what the tests read exposed as maps.
 */
export class TestLiveClient {
  /** Every raw event received, in arrival order. */
  readonly received: LiveEvent[] = [];
  /** How many `workshop:events` batches came (a large room's events of a tick). */
  batches = 0;

  private constructor(
    readonly client: LiveClient,
    private readonly connection: LiveSocketConnection,
  ) {
    this.socket.on(LIVE_SERVER_EVENTS.event, (event) => this.received.push(event));
    this.socket.on(LIVE_SERVER_EVENTS.events, (events) => {
      this.batches += 1;
      this.received.push(...events);
    });
  }

  get socket(): ClientSocket {
    return this.connection.socket;
  }

  /** The ideas this client shows now (hidden ones left out), by id. */
  get board(): Map<string, IdeaView> {
    const ideas = this.client.getSnapshot().state?.ideas ?? [];
    return new Map(ideas.filter((idea) => !idea.hidden).map((idea) => [idea.id, idea]));
  }

  /** The results this client shows now, by activity id. */
  get results(): Map<string, ActivityResults> {
    return new Map(Object.entries(this.client.getSnapshot().state?.results ?? {}));
  }

  get lastSeq(): number | null {
    return this.client.lastSeq;
  }

  /** Connects; rejects with the handshake's refusal (or the transport's error) if the first attempt fails. */
  static connect(
    baseUrl: string,
    auth: LiveHandshakeAuth,
    options: { extraHeaders?: Record<string, string>; reconnection?: boolean } = {},
  ): Promise<TestLiveClient> {
    const client = new LiveClient(auth.token ? 'participant' : 'staff');
    const connection = connectLive(client, {
      url: baseUrl,
      auth,
      socket: {
        transports: ['websocket'],
        extraHeaders: options.extraHeaders,
        reconnection: options.reconnection ?? true,
        reconnectionDelay: 100,
        reconnectionDelayMax: 500,
        forceNew: true,
      },
      // Tests do not wait seconds for a restarted server.
      retryDelay: () => 300,
    });
    const phone = new TestLiveClient(client, connection);
    return new Promise((resolve, reject) => {
      const { socket } = connection;
      const connected = () => {
        socket.off('connect_error', refused);
        resolve(phone);
      };
      const refused = (error: Error) => {
        socket.off('connect', connected);
        connection.close();
        reject(error);
      };
      socket.once('connect', connected);
      socket.once('connect_error', refused);
    });
  }

  /** Waits for the sync running after (re)connecting to settle. */
  async ready(): Promise<this> {
    await this.client.whenSynced();
    return this;
  }

  postIdea(request: PostIdeaRequest): Promise<Ack<PostIdeaResponse>> {
    return postIdea(this.socket, request, ACK_TIMEOUT_MS);
  }

  /** Sends a vote, a position or a poll answer. */
  choose(...args: ChoiceArgs): Promise<Ack<ChoiceResponse>> {
    return choose(this.socket, ACK_TIMEOUT_MS, ...args);
  }

  /** Asks for the events after lastSeq now, as the client does on a gap or a reconnection. */
  sync(): Promise<void> {
    return this.client.sync();
  }

  close(): void {
    this.connection.close();
  }
}

/** Polls until the condition holds (sockets are asynchronous), failing after the timeout. */
export async function eventually(
  condition: () => boolean,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}
