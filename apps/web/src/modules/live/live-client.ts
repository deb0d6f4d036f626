import {
  LIVE_CLIENT_EVENTS,
  LIVE_PATH,
  LIVE_SERVER_EVENTS,
  type Ack,
  type IdeaView,
  type LiveClientEvents,
  type LiveEvent,
  type LiveHandshakeAuth,
  type LiveServerEvents,
  type MyChoice,
  type SyncRequest,
  type SyncResponse,
} from '@permanente/contracts';
import { io, type Socket } from 'socket.io-client';
import {
  applyEvent,
  applyMine,
  fromSnapshot,
  upsertIdea,
  type LiveAudience,
  type LiveState,
} from './live-state';

export type LiveSocket = Socket<LiveServerEvents, LiveClientEvents>;
export type LiveConnection = 'connecting' | 'online' | 'offline';

/** What a screen draws; replaced (never mutated) on every change. */
export interface LiveView {
  connection: LiveConnection;
  /** Null until the first sync answered. */
  state: LiveState | null;
  /** Staff: participants connected now. */
  presence: number | null;
  /** The code of a refused connection or sync (unauthorized, forbidden, not_found…). */
  error: string | null;
}

/** How the client asks for missed events: the socket's `workshop:sync`, or a fake in tests. */
export type SyncFn = (request: SyncRequest) => Promise<Ack<SyncResponse>>;

export const ACK_TIMEOUT_MS = 10_000;
/**
 * How long a gap may stay open before the client asks for the missing events. With several
 * API instances, events committed on two instances can arrive a few milliseconds out of
 * order; waiting a moment spares a room of phones a sync each for a gap that fills itself.
 */
export const GAP_WAIT_MS = 250;
/** How long to wait before syncing again after a `rate_limited` refusal without a delay. */
export const SYNC_RETRY_MS = 1_000;

/**
 * The protocol's client rules, without React or socket.io: keeps lastSeq, applies an event
 * only when it is the next one, buffers the others, and re-syncs on a gap or a (re)connection.
 * Port of apps/api/test/support/live-client.ts.
 */
export class LiveClient {
  private view: LiveView = { connection: 'connecting', state: null, presence: null, error: null };
  private readonly listeners = new Set<() => void>();
  private readonly pending: LiveEvent[] = [];
  private syncing: Promise<void> | null = null;
  private connected = false;
  private gapTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly audience: LiveAudience,
    private syncFn: SyncFn = () => Promise.reject(new Error('not connected')),
    private readonly gapWaitMs = GAP_WAIT_MS,
  ) {}

  /** Sets the way to ask for missed events (the socket, once it exists). */
  setSync(syncFn: SyncFn): void {
    this.syncFn = syncFn;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): LiveView => this.view;

  get lastSeq(): number | null {
    return this.view.state?.seq ?? null;
  }

  /** On (re)connection: ask for what was missed, then apply the buffered events. */
  onConnect(): Promise<void> {
    this.connected = true;
    this.update({ connection: 'online', error: null });
    return this.sync().then(() => this.drain());
  }

  onDisconnect(): void {
    this.connected = false;
    this.update({ connection: 'offline' });
  }

  /**
   * A connection attempt failed. `refusal` is the server's code when it refused the handshake
   * for good (unauthorized, forbidden, not_found, invalid): shown, and no more attempts. A
   * transient failure (no network, `unavailable`) leaves no error: the socket tries again.
   */
  onConnectError(refusal: string | null): void {
    this.connected = false;
    this.update({ connection: 'offline', error: refusal });
  }

  onPresence(connected: number): void {
    this.update({ presence: connected });
  }

  onEvent(event: LiveEvent): void {
    this.pending.push(event);
    this.drain();
  }

  /**
   * A board kept on the phone (board-store.ts), drawn until the server answers: taken only
   * while the client has nothing newer. The next sync asks for the events after its seq.
   */
  restore(state: LiveState): void {
    if (this.view.state) return;
    this.update({ state });
    if (this.connected && !this.syncing) void this.sync().then(() => this.drain());
  }

  /** An idea acknowledged to this client: shown at once, even before its event. */
  onIdeaAcknowledged(idea: IdeaView): void {
    const state = this.view.state;
    if (state) this.update({ state: { ...state, ideas: upsertIdea(state.ideas, idea) } });
  }

  onChoiceAcknowledged(choice: MyChoice): void {
    const state = this.view.state;
    if (state) this.update({ state: applyMine(state, choice) });
  }

  /**
   * Asks for the events after lastSeq (or a snapshot); one sync at a time. Events come a page
   * at a time: it asks again while the server says there are more. Asked too often (the
   * server's flood guard), it is not an error to show: it asks again once allowed.
   */
  sync(): Promise<void> {
    this.syncing ??= (async () => {
      try {
        for (let more = true; more;) {
          more = false;
          const state = this.view.state;
          // Without lastSeq the server answers with a snapshot.
          const lastSeq = state?.needsSnapshot ? null : (state?.seq ?? null);
          const ack = await this.syncFn({ lastSeq });
          if (!ack.ok) {
            if (ack.error.code === 'rate_limited')
              this.syncAgainIn(ack.error.retryAfterMs ?? SYNC_RETRY_MS);
            else this.update({ error: ack.error.code });
            return;
          }
          const response = ack.data;
          if (response.mode === 'snapshot') {
            const state = fromSnapshot(response.snapshot);
            // Own ideas stay marked across a new snapshot.
            const own = new Set(
              (this.view.state?.ideas ?? []).filter((idea) => idea.mine).map((idea) => idea.id),
            );
            state.ideas = state.ideas.map((idea) =>
              own.has(idea.id) ? { ...idea, mine: true } : idea,
            );
            this.update({ state, error: null });
            more = response.more === true;
          } else if (this.view.state) {
            let state = this.view.state;
            // The replay is in the server's order; events this screen may not see are left
            // out of it, so seqs may jump.
            for (const event of [...response.events].sort((a, b) => a.seq - b.seq))
              if (event.seq > state.seq) state = applyEvent(state, event, this.audience);
            state = { ...state, seq: Math.max(state.seq, response.seq) };
            this.update({ state, error: null });
            more = response.more === true && !state.needsSnapshot;
          }
        }
      } catch {
        // a timeout or a lost connection: the next connection syncs again
      } finally {
        this.syncing = null;
      }
    })();
    return this.syncing;
  }

  /** After a rate_limited sync: once, when allowed again, if still connected. */
  private syncAgainIn(ms: number): void {
    if (this.retryTimer !== null) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.connected) void this.sync().then(() => this.drain());
    }, ms);
  }

  /** Applies buffered events in seq order; a gap (or no state yet) means a sync first. */
  private drain(): void {
    // While a rate_limited sync waits for its retry, the retry drains.
    if (this.syncing || !this.connected || this.retryTimer !== null) return;
    const lastSeq = this.lastSeq;
    if (lastSeq === null) {
      void this.sync().then(() => this.view.state && this.drain());
      return;
    }
    this.pending.sort((a, b) => a.seq - b.seq);
    let state = this.view.state!;
    while (this.pending.length > 0 && this.pending[0].seq <= state.seq) this.pending.shift();
    while (this.pending.length > 0 && this.pending[0].seq === state.seq + 1)
      state = applyEvent(state, this.pending.shift()!, this.audience);
    if (state !== this.view.state) this.update({ state });
    if (state.needsSnapshot) void this.sync().then(() => this.drain());
    else if (this.pending.length > 0) this.syncIfGapStays();
  }

  /** A gap still open after gapWaitMs: ask for the missing events. */
  private syncIfGapStays(): void {
    if (this.gapTimer !== null) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      if (this.pending.length > 0 && this.connected) void this.sync().then(() => this.drain());
    }, this.gapWaitMs);
  }

  private update(change: Partial<LiveView>): void {
    this.view = { ...this.view, ...change };
    for (const listener of this.listeners) listener();
  }
}

/**
 * Handshake refusals that trying again cannot change: the credential is unknown (the
 * participant was removed, the database was reset), the origin or the scope is wrong, the
 * workshop is gone, or the request is malformed. Anything else (`unavailable`: the database
 * did not answer; `rate_limited`; an unknown code) is retried with backoff.
 */
export const FINAL_HANDSHAKE_REFUSALS: ReadonlySet<string> = new Set([
  'unauthorized',
  'forbidden',
  'not_found',
  'invalid',
]);

/** Delay before the attempt after `failures` refused handshakes: 0.5, 1, 2, 4 s, ±25 %. */
export function handshakeRetryDelay(failures: number, random: () => number = Math.random): number {
  const base = Math.min(500 * 2 ** failures, 4_000);
  return Math.round(base * (0.75 + random() * 0.5));
}

/** Opens the workshop's socket and wires it to the client; `close` undoes it all. */
export function connectLive(
  client: LiveClient,
  auth: LiveHandshakeAuth,
): { socket: LiveSocket; close(): void } {
  const socket: LiveSocket = io(window.location.origin, {
    path: LIVE_PATH,
    auth: auth as Record<string, string>,
    reconnectionDelay: 500,
    reconnectionDelayMax: 4000,
    autoConnect: false,
    // An attempt that gets no answer (a network whose uplink died) is given up after 10 s
    // rather than socket.io's 20, so the phone is back soon after the network is.
    timeout: 10_000,
    // Websocket first: one connection held by any API instance (no sticky sessions needed),
    // so the balancer sends it to the least busy one. Only a network that refuses websockets
    // gets HTTP long-polling, at every (re)connection attempt again (see docs/live-protocol.md).
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
  });
  client.setSync((request) =>
    socket.timeout(ACK_TIMEOUT_MS).emitWithAck(LIVE_CLIENT_EVENTS.sync, request),
  );

  // socket.io-client retries lost transports by itself (the socket stays `active`), but not a
  // handshake refused by the server's middleware, nor a disconnection by the server: those
  // are retried here, with backoff, unless the refusal is final.
  let failures = 0;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  const cancelRetry = () => {
    if (retry !== null) clearTimeout(retry);
    retry = null;
  };
  const retryLater = () => {
    cancelRetry();
    const delay = handshakeRetryDelay(failures);
    failures += 1;
    retry = setTimeout(() => {
      retry = null;
      if (!closed && !socket.active && navigator.onLine !== false) socket.connect();
    }, delay);
  };

  socket.on('connect', () => {
    failures = 0;
    cancelRetry();
    void client.onConnect();
  });
  socket.on('disconnect', (reason) => {
    client.onDisconnect();
    // A server shutting down (restart, deploy) disconnects its sockets itself, and
    // socket.io-client does not retry that on its own.
    if (reason === 'io server disconnect') retryLater();
  });
  socket.on('connect_error', (error) => {
    if (socket.active) {
      // The transport failed (no network, server unreachable): socket.io tries again.
      client.onConnectError(null);
    } else if (FINAL_HANDSHAKE_REFUSALS.has(error.message)) {
      client.onConnectError(error.message);
    } else {
      client.onConnectError(null);
      retryLater();
    }
  });
  socket.on(LIVE_SERVER_EVENTS.event, (event) => client.onEvent(event));
  socket.on(LIVE_SERVER_EVENTS.presence, (presence) => client.onPresence(presence.connected));
  // The browser knows before the socket's heartbeat does: leave at once, come back at once.
  // This matters for websockets: when the network goes (Chromium's offline emulation shows it),
  // an open websocket is not closed and what is sent on it waits, so the phone must not
  // believe it is still connected.
  const offline = () => {
    cancelRetry();
    socket.disconnect();
    client.onDisconnect();
  };
  const online = () => {
    failures = 0;
    cancelRetry();
    if (!socket.active) socket.connect();
  };
  window.addEventListener('offline', offline);
  window.addEventListener('online', online);
  if (navigator.onLine !== false) socket.connect();
  else client.onDisconnect();
  return {
    socket,
    close: () => {
      closed = true;
      cancelRetry();
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
