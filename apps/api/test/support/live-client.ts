import {
  LIVE_CLIENT_EVENTS,
  LIVE_PATH,
  LIVE_SERVER_EVENTS,
  type Ack,
  type ActivityResults,
  type ChoiceResponse,
  type IdeaView,
  type LiveClientEvents,
  type LiveEvent,
  type LiveServerEvents,
  type PostIdeaRequest,
  type PostIdeaResponse,
  type SyncResponse,
} from '@permanente/contracts';
import { io, Socket } from 'socket.io-client';

export type ClientSocket = Socket<LiveServerEvents, LiveClientEvents>;

/**
 * A phone as the protocol wants it: applies events in seq order, ignores what it already
 * has, and re-syncs from the database (by lastSeq) on a gap or a reconnection.
 */
export class TestLiveClient {
  readonly board = new Map<string, IdeaView>();
  readonly results = new Map<string, ActivityResults>();
  readonly received: LiveEvent[] = [];
  lastSeq: number | null = null;
  private readonly pending: LiveEvent[] = [];
  private keepAlive = true;
  private watchdog?: NodeJS.Timeout;
  private syncing: Promise<void> | null = null;

  private constructor(readonly socket: ClientSocket) {
    socket.on(LIVE_SERVER_EVENTS.event, (event) => this.onEvent(event));
    socket.on(
      'connect',
      () =>
        void this.sync().then(
          () => this.drain(),
          () => undefined,
        ),
    );
    // A socket that is neither connected nor retrying (after a server-side disconnect on a
    // restart, or a failed manual reconnect) gets another try while the phone keeps the page.
    this.watchdog = setInterval(() => {
      if (this.keepAlive && !socket.active) socket.connect();
    }, 300);
  }

  static connect(
    baseUrl: string,
    auth: Record<string, string>,
    options: { extraHeaders?: Record<string, string>; reconnection?: boolean } = {},
  ): Promise<TestLiveClient> {
    const socket: ClientSocket = io(baseUrl, {
      path: LIVE_PATH,
      auth,
      transports: ['websocket'],
      extraHeaders: options.extraHeaders,
      reconnection: options.reconnection ?? true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
      forceNew: true,
    });
    const client = new TestLiveClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(client));
      socket.once('connect_error', (error) => {
        socket.close();
        reject(error);
      });
    });
  }

  /** Waits for the first sync after (re)connecting to settle. */
  async ready(): Promise<this> {
    await this.syncing;
    return this;
  }

  async postIdea(request: PostIdeaRequest): Promise<Ack<PostIdeaResponse>> {
    return this.socket.timeout(10_000).emitWithAck(LIVE_CLIENT_EVENTS.postIdea, request);
  }

  /** Sends a vote, a position or a poll answer. */
  async choose(
    event: 'vote:set' | 'spectrum:place' | 'poll:answer',
    request: Record<string, unknown> & { clientId: string; activityId: string },
  ): Promise<Ack<ChoiceResponse>> {
    return this.socket.timeout(10_000).emitWithAck(event, request as never);
  }

  async sync(): Promise<void> {
    this.syncing ??= (async () => {
      try {
        // Events come a page at a time: ask again while the server says there are more.
        for (let more = true; more;) {
          const ack: Ack<SyncResponse> = await this.socket
            .timeout(10_000)
            .emitWithAck(LIVE_CLIENT_EVENTS.sync, { lastSeq: this.lastSeq });
          if (!ack.ok && ack.error.code === 'rate_limited') {
            // As the phone does: ask again once the server takes it.
            await new Promise((done) => setTimeout(done, ack.error.retryAfterMs ?? 1_000));
            continue;
          }
          if (!ack.ok) throw new Error(`sync refused: ${ack.error.code}`);
          const response = ack.data;
          more = false;
          if (response.mode === 'snapshot') {
            this.board.clear();
            for (const idea of response.snapshot.ideas) this.board.set(idea.id, idea);
            this.results.clear();
            for (const result of response.snapshot.results)
              this.results.set(result.activityId, result);
            this.lastSeq = response.snapshot.seq;
            more = response.more === true;
          } else {
            for (const event of response.events) this.apply(event);
            this.lastSeq = Math.max(this.lastSeq ?? 0, response.seq);
            more = response.more === true;
          }
        }
      } finally {
        this.syncing = null;
      }
    })();
    return this.syncing;
  }

  close(): void {
    this.keepAlive = false;
    clearInterval(this.watchdog);
    this.socket.close();
  }

  private onEvent(event: LiveEvent): void {
    this.received.push(event);
    this.pending.push(event);
    this.drain();
  }

  /** Applies buffered events in seq order; a gap (or no state yet) means a sync first. */
  private drain(): void {
    if (this.syncing) return;
    if (this.lastSeq === null)
      return void this.sync().then(
        () => this.drain(),
        () => undefined,
      );
    this.pending.sort((a, b) => a.seq - b.seq);
    while (this.pending.length > 0 && this.pending[0].seq <= this.lastSeq) this.pending.shift();
    while (this.pending.length > 0 && this.pending[0].seq === this.lastSeq + 1)
      this.apply(this.pending.shift()!);
    if (this.pending.length > 0)
      void this.sync().then(
        () => this.drain(),
        () => undefined,
      );
  }

  private apply(event: LiveEvent): void {
    if (this.lastSeq !== null && event.seq <= this.lastSeq) return;
    if (event.type === 'idea.posted' || event.type === 'idea.restored')
      this.board.set(event.data.id, event.data);
    if (event.type === 'idea.hidden') this.board.delete(event.data.ideaId);
    if (event.type === 'results.updated') this.results.set(event.data.activityId, event.data);
    this.lastSeq = event.seq;
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
