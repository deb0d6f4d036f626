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

  onConnectError(code: string): void {
    this.connected = false;
    this.update({ connection: 'offline', error: code });
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

  /** Asks for the events after lastSeq (or a snapshot); one sync at a time. */
  sync(): Promise<void> {
    this.syncing ??= (async () => {
      try {
        const state = this.view.state;
        // Without lastSeq the server answers with a snapshot.
        const lastSeq = state?.needsSnapshot ? null : (state?.seq ?? null);
        const ack = await this.syncFn({ lastSeq });
        if (!ack.ok) {
          this.update({ error: ack.error.code });
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
        } else if (this.view.state) {
          let state = this.view.state;
          for (const event of [...response.events].sort((a, b) => a.seq - b.seq))
            if (event.seq === state.seq + 1) state = applyEvent(state, event, this.audience);
          state = { ...state, seq: Math.max(state.seq, response.seq) };
          this.update({ state, error: null });
        }
      } catch {
        // a timeout or a lost connection: the next connection syncs again
      } finally {
        this.syncing = null;
      }
    })();
    return this.syncing;
  }

  /** Applies buffered events in seq order; a gap (or no state yet) means a sync first. */
  private drain(): void {
    if (this.syncing || !this.connected) return;
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
  });
  client.setSync((request) =>
    socket.timeout(ACK_TIMEOUT_MS).emitWithAck(LIVE_CLIENT_EVENTS.sync, request),
  );
  socket.on('connect', () => void client.onConnect());
  socket.on('disconnect', (reason) => {
    client.onDisconnect();
    // A server shutting down (restart, deploy) disconnects its sockets itself, and
    // socket.io-client does not retry that on its own.
    if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1000);
  });
  socket.on('connect_error', (error) => client.onConnectError(error.message));
  socket.on(LIVE_SERVER_EVENTS.event, (event) => client.onEvent(event));
  socket.on(LIVE_SERVER_EVENTS.presence, (presence) => client.onPresence(presence.connected));
  // The browser knows before the socket's heartbeat does: leave at once, come back at once.
  const offline = () => {
    socket.disconnect();
    client.onDisconnect();
  };
  const online = () => socket.connect();
  window.addEventListener('offline', offline);
  window.addEventListener('online', online);
  if (navigator.onLine !== false) socket.connect();
  else client.onDisconnect();
  return {
    socket,
    close: () => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
