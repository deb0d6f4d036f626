// A phone for the server-side scale-out tests, with the protocol's rules as the web app's
// phone follows them (apps/web/src/modules/live): ideas wait in an outbox and are sent in
// order, each with its own clientId, again and again until acknowledged (a timeout, a lost
// connection or a refusal such as `unavailable` keeps it in the outbox); events are applied
// in seq order, and a gap or a (re)connection is filled from the server with `workshop:sync`.
import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import { io, type Socket } from 'socket.io-client';

export interface PhoneOptions {
  /** socket.io transports; default websocket only. ['polling']: a network refusing websockets. */
  transports?: Array<'websocket' | 'polling'>;
  /** The local address to connect from (any 127.0.0.x on Linux). */
  localAddress?: string;
}

const FINAL_REFUSALS = new Set(['unauthorized', 'forbidden', 'not_found', 'invalid']);

interface Idea {
  id: string;
  clientId: string;
  text: string;
}
interface LiveEvent {
  seq: number;
  type: string;
  data: Record<string, unknown>;
}
type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };
type SyncData =
  | { mode: 'snapshot'; snapshot: { seq: number; ideas: Idea[] }; more?: boolean }
  | { mode: 'events'; events: LiveEvent[]; seq: number; more?: boolean };

export class TestPhone {
  /** Every idea this phone knows of, by clientId (from events and syncs). */
  readonly board = new Map<string, Idea>();
  /** clientIds of the ideas that reached this phone as live events (not through a sync). */
  readonly live = new Set<string>();
  /** Acknowledged ideas: clientId → when. */
  readonly acked = new Map<string, number>();
  /** Refusals received (error codes), for the tests to see what the server said. */
  readonly refusals: string[] = [];
  readonly outbox: Array<{ clientId: string; text: string }> = [];
  private lastSeq: number | null = null;
  private pending: LiveEvent[] = [];
  private syncing: Promise<void> | null = null;
  private sending = false;
  private gapTimer: NodeJS.Timeout | null = null;
  private lastError = '';
  private readonly socket: Socket;

  /** Connections made (the first one and every reconnection). */
  connects = 0;

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
    this.socket = io(url, {
      path: '/live',
      transports: options.transports ?? ['websocket'],
      auth: { token },
      reconnectionDelay: 200,
      reconnectionDelayMax: 1000,
      forceNew: true,
      ...(agent ? { agent: agent as unknown as string } : {}),
    });
    this.socket.on('connect', () => {
      this.connects += 1;
      void this.sync().then(() => this.drain());
      void this.flush();
    });
    // A server that goes away cleanly says "io server disconnect", and a handshake refused by
    // the server (`unavailable`: its database did not answer) is not retried by socket.io
    // either: the web app retries both (live-client.ts), unless the refusal is final.
    this.socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') setTimeout(() => this.socket.connect(), 300);
    });
    this.socket.on('connect_error', (error) => {
      this.lastError = error.message;
      if (!this.socket.active && !FINAL_REFUSALS.has(error.message))
        setTimeout(() => !this.socket.active && this.socket.connect(), 500);
    });
    this.socket.on('workshop:event', (event: LiveEvent) => {
      if (event.type === 'idea.posted') this.live.add(String(event.data['clientId']));
      this.pending.push(event);
      this.drain();
    });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** The transport in use now: 'websocket' or 'polling'. */
  get transport(): string | undefined {
    return this.socket.io.engine?.transport?.name;
  }

  waitConnected(timeoutMs = 15_000): Promise<void> {
    if (this.socket.connected && this.lastSeq !== null) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `${this.name} not connected (${this.socket.connected ? 'no sync' : this.lastError})`,
            ),
          ),
        timeoutMs,
      );
      const check = setInterval(() => {
        if (this.socket.connected && this.lastSeq !== null) {
          clearTimeout(timer);
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
  }

  /** Queues an idea and sends the outbox; returns its clientId. */
  post(text: string): string {
    const clientId = randomUUID();
    this.outbox.push({ clientId, text });
    void this.flush();
    return clientId;
  }

  /** Asks the server for everything after lastSeq (the phone does it on every connection). */
  sync(): Promise<void> {
    this.syncing ??= (async () => {
      try {
        // Events come a page at a time: ask again while the server says there are more.
        for (let more = true; more;) {
          const ack: Ack<SyncData> = await this.socket
            .timeout(5_000)
            .emitWithAck('workshop:sync', { lastSeq: this.lastSeq });
          if (!ack.ok) return;
          more = false;
          if (ack.data.mode === 'snapshot') {
            for (const idea of ack.data.snapshot.ideas) this.board.set(idea.clientId, idea);
            this.lastSeq = ack.data.snapshot.seq;
            more = ack.data.more === true;
          } else {
            for (const event of ack.data.events) this.apply(event);
            this.lastSeq = Math.max(this.lastSeq ?? 0, ack.data.seq);
            more = ack.data.more === true;
          }
        }
      } catch {
        // timeout or disconnection: the next connection syncs again
      } finally {
        this.syncing = null;
      }
    })();
    return this.syncing;
  }

  close(): void {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.socket.close();
  }

  private async flush(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    let delay = 250;
    try {
      while (this.outbox.length > 0) {
        if (!this.socket.connected) {
          await new Promise((done) => setTimeout(done, 100));
          continue;
        }
        const item = this.outbox[0];
        let ack: Ack<{ idea: Idea; duplicate: boolean }> | null = null;
        try {
          ack = await this.socket.timeout(5_000).emitWithAck('idea:post', {
            clientId: item.clientId,
            activityId: this.activityId,
            text: item.text,
          });
        } catch {
          ack = null; // no answer in time, or the connection went: send it again
        }
        if (ack?.ok) {
          this.acked.set(item.clientId, Date.now());
          this.outbox.shift();
          delay = 250;
          continue;
        }
        if (ack && !ack.ok) this.refusals.push(ack.error.code);
        await new Promise((done) => setTimeout(done, delay));
        delay = Math.min(delay * 2, 2_000);
      }
    } finally {
      this.sending = false;
    }
  }

  private drain(): void {
    if (this.syncing || this.lastSeq === null) return;
    this.pending.sort((a, b) => a.seq - b.seq);
    while (this.pending.length > 0 && this.pending[0].seq <= this.lastSeq) this.pending.shift();
    while (this.pending.length > 0 && this.pending[0].seq === this.lastSeq + 1)
      this.apply(this.pending.shift()!);
    if (this.pending.length > 0 && this.gapTimer === null) {
      this.gapTimer = setTimeout(() => {
        this.gapTimer = null;
        if (this.pending.length > 0) void this.sync().then(() => this.drain());
      }, 250);
    }
  }

  private apply(event: LiveEvent): void {
    if (this.lastSeq !== null && event.seq <= this.lastSeq) return;
    if (event.type === 'idea.posted') {
      const idea = event.data as unknown as Idea;
      this.board.set(idea.clientId, idea);
    }
    this.lastSeq = event.seq;
  }
}
