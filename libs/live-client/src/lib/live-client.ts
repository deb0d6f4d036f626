import type {
  Ack,
  IdeaView,
  LiveEvent,
  MyChoice,
  SyncRequest,
  SyncResponse,
} from '@permanente/contracts';
import {
  applyEvent,
  applyMine,
  fromSnapshot,
  upsertIdea,
  type LiveAudience,
  type LiveState,
} from './live-state';

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
 * only when it is the next one, buffers the others (the gap buffer), and re-syncs on a gap or
 * a (re)connection. `connectLive` (connection.ts) wires it to a socket; the web app, the API's
 * integration tests and the e2e test phones all drive this one class.
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

  /** Resolves once the sync running now (if any) has settled. */
  whenSynced(): Promise<void> {
    return this.syncing ?? Promise.resolve();
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
