import {
  LIVE_CLIENT_EVENTS,
  type Ack,
  type AnswerPollRequest,
  type ChoiceResponse,
  type LiveError,
  type LiveErrorCode,
  type PlaceOnSpectrumRequest,
  type PostIdeaRequest,
  type PostIdeaResponse,
  type SetDotsRequest,
} from '@permanente/contracts';

/** What a phone may contribute, by event name. */
export interface OutboxPayloads {
  [LIVE_CLIENT_EVENTS.postIdea]: PostIdeaRequest;
  [LIVE_CLIENT_EVENTS.setDots]: SetDotsRequest;
  [LIVE_CLIENT_EVENTS.placeOnSpectrum]: PlaceOnSpectrumRequest;
  [LIVE_CLIENT_EVENTS.answerPoll]: AnswerPollRequest;
}
export type OutboxEvent = keyof OutboxPayloads;

/** What the server acknowledges, by event name. */
export interface OutboxResponses {
  [LIVE_CLIENT_EVENTS.postIdea]: PostIdeaResponse;
  [LIVE_CLIENT_EVENTS.setDots]: ChoiceResponse;
  [LIVE_CLIENT_EVENTS.placeOnSpectrum]: ChoiceResponse;
  [LIVE_CLIENT_EVENTS.answerPoll]: ChoiceResponse;
}

/** The arguments of `Outbox.add`: an event and its payload, without the clientId. */
export type OutboxAddArgs = {
  [E in OutboxEvent]: [event: E, payload: Omit<OutboxPayloads[E], 'clientId'>];
}[OutboxEvent];

/** An event and its payload, correlated. */
export type OutboxContribution = {
  [E in OutboxEvent]: { event: E; payload: OutboxPayloads[E] };
}[OutboxEvent];

/** An acknowledged item: its event and the server's answer, correlated. */
export type OutboxDelivery = {
  [E in OutboxEvent]: { event: E; response: OutboxResponses[E] };
}[OutboxEvent];

/** One contribution waiting to be acknowledged. */
export type OutboxItem = {
  [E in OutboxEvent]: {
    clientId: string;
    workshopId: string;
    event: E;
    payload: OutboxPayloads[E];
    /** Epoch milliseconds, strictly increasing on a phone: the sending order. */
    createdAt: number;
  };
}[OutboxEvent];

/**
 * Where items wait: IndexedDB on the phone (the web app's IndexedDbOutboxStore), memory in
 * tests, in Node and as a fallback.
 */
export interface OutboxStore {
  list(workshopId: string): Promise<OutboxItem[]>;
  put(item: OutboxItem): Promise<void>;
  delete(clientId: string): Promise<void>;
}

/** Refusals that sending again cannot change: the item is dropped and the error shown. */
export const DEFINITIVE_ERRORS: ReadonlySet<LiveErrorCode> = new Set([
  'invalid',
  'forbidden',
  'not_found',
  'closed',
  'conflict',
  'unauthorized',
]);

/** What newClientId needs of `crypto` (the browser's and Node's alike). */
export interface RandomSource {
  getRandomValues<T extends Uint8Array<ArrayBuffer>>(array: T): T;
  randomUUID?(): string;
}

/** A v4 UUID: crypto.randomUUID, or built from getRandomValues on older browsers. */
export function newClientId(source: RandomSource = crypto): string {
  if (typeof source.randomUUID === 'function') return source.randomUUID();
  const bytes = source.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class MemoryOutboxStore implements OutboxStore {
  readonly items = new Map<string, OutboxItem>();

  async list(workshopId: string): Promise<OutboxItem[]> {
    return [...this.items.values()].filter((item) => item.workshopId === workshopId);
  }

  async put(item: OutboxItem): Promise<void> {
    this.items.set(item.clientId, item);
  }

  async delete(clientId: string): Promise<void> {
    this.items.delete(clientId);
  }
}

/** The item's payload with its clientId, typed by its event. */
export function withClientId(
  clientId: string,
  ...[event, payload]: OutboxAddArgs
): OutboxContribution {
  switch (event) {
    case LIVE_CLIENT_EVENTS.postIdea:
      return { event, payload: { ...payload, clientId } };
    case LIVE_CLIENT_EVENTS.setDots:
      return { event, payload: { ...payload, clientId } };
    case LIVE_CLIENT_EVENTS.placeOnSpectrum:
      return { event, payload: { ...payload, clientId } };
    case LIVE_CLIENT_EVENTS.answerPoll:
      return { event, payload: { ...payload, clientId } };
  }
}

/** Sends one item; rejects on a timeout or a lost connection. */
export type OutboxSend = (item: OutboxItem) => Promise<Ack<OutboxDelivery>>;

export interface OutboxView {
  /** Waiting, in sending order. */
  pending: OutboxItem[];
  /** The last definitive refusal, until the next one or a dismissal. */
  refused: { item: OutboxItem; error: LiveError } | null;
  /** Every clientId made on this phone for this workshop since the page was loaded. */
  own: ReadonlySet<string>;
}

export interface OutboxOptions {
  store: OutboxStore;
  workshopId: string;
  send: OutboxSend;
  onSent?(item: OutboxItem, delivery: OutboxDelivery): void;
  /** setTimeout, replaceable in tests. */
  schedule?(run: () => void, ms: number): unknown;
  cancel?(handle: unknown): void;
  now?(): number;
  newId?(): string;
  /** The waits between failed sends (the last one repeats); default BACKOFF_MS. */
  backoffMs?: readonly number[];
}

export const BACKOFF_MS: readonly number[] = [1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * Contributions are written to the store first, then sent in order, one at a time, while
 * connected; an item leaves the store only on an acknowledgement or a definitive refusal.
 * Anything else (rate_limited, unavailable, timeout, disconnection) is sent again later.
 */
export class Outbox {
  private view: OutboxView = { pending: [], refused: null, own: new Set() };
  private readonly listeners = new Set<() => void>();
  private online = false;
  private flushing: Promise<void> | null = null;
  private failures = 0;
  private retryHandle: unknown = null;
  private lastCreatedAt = 0;
  private loaded: Promise<void> | null = null;

  constructor(private readonly options: OutboxOptions) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): OutboxView => this.view;

  /** Reads what a previous page left waiting. */
  load(): Promise<void> {
    this.loaded ??= this.options.store.list(this.options.workshopId).then(
      (items) => {
        const known = new Set(this.view.pending.map((item) => item.clientId));
        const pending = [
          ...items.filter((item) => !known.has(item.clientId)),
          ...this.view.pending,
        ];
        pending.sort((a, b) => a.createdAt - b.createdAt);
        const own = new Set(this.view.own);
        for (const item of items) own.add(item.clientId);
        this.lastCreatedAt = Math.max(this.lastCreatedAt, ...pending.map((item) => item.createdAt));
        this.update({ pending, own });
        void this.flush();
      },
      () => undefined,
    );
    return this.loaded;
  }

  /** Stores a contribution, then sends it when it can. Resolves once stored. */
  async add(...args: OutboxAddArgs): Promise<OutboxItem> {
    const clientId = (this.options.newId ?? newClientId)();
    const now = (this.options.now ?? Date.now)();
    this.lastCreatedAt = Math.max(now, this.lastCreatedAt + 1);
    const item: OutboxItem = {
      clientId,
      workshopId: this.options.workshopId,
      ...withClientId(clientId, ...args),
      createdAt: this.lastCreatedAt,
    };
    try {
      await this.options.store.put(item);
    } catch {
      // storage refused (private mode, quota): the item waits in memory only
    }
    const own = new Set(this.view.own);
    own.add(clientId);
    this.update({ pending: [...this.view.pending, item], own });
    void this.flush();
    return item;
  }

  /** Follows the connection; coming back sends at once, without waiting for the backoff. */
  setOnline(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    if (online) {
      this.failures = 0;
      this.clearRetry();
      void this.flush();
    }
  }

  dismissRefusal(): void {
    this.update({ refused: null });
  }

  /** Sends waiting items in order until none is left, the connection drops or one fails. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    const run = async () => {
      while (this.online && this.view.pending.length > 0) {
        const item = this.view.pending[0];
        let ack: Ack<OutboxDelivery>;
        try {
          ack = await this.options.send(item);
        } catch {
          this.retryLater();
          return;
        }
        if (ack.ok) {
          await this.remove(item);
          this.failures = 0;
          this.options.onSent?.(item, ack.data);
        } else if (DEFINITIVE_ERRORS.has(ack.error.code)) {
          await this.remove(item);
          this.update({ refused: { item, error: ack.error } });
        } else {
          // rate_limited says when it will be accepted: not before.
          this.retryLater(ack.error.retryAfterMs ?? 0);
          return;
        }
      }
    };
    // Cleared asynchronously, after the assignment, even when nothing had to be sent.
    this.flushing = run().finally(() => {
      this.flushing = null;
      // An item added while the last send was being acknowledged goes now.
      if (this.online && this.view.pending.length > 0 && this.retryHandle === null)
        void this.flush();
    });
    return this.flushing;
  }

  dispose(): void {
    this.clearRetry();
    this.online = false;
  }

  private async remove(item: OutboxItem): Promise<void> {
    try {
      await this.options.store.delete(item.clientId);
    } catch {
      // the server is idempotent on clientId: a leftover is harmless
    }
    this.update({
      pending: this.view.pending.filter((candidate) => candidate.clientId !== item.clientId),
    });
  }

  private retryLater(notBeforeMs = 0): void {
    const backoff = this.options.backoffMs ?? BACKOFF_MS;
    const delay = Math.max(notBeforeMs, backoff[Math.min(this.failures, backoff.length - 1)]);
    this.failures += 1;
    this.clearRetry();
    const schedule = this.options.schedule ?? ((run, ms) => setTimeout(run, ms));
    this.retryHandle = schedule(() => {
      this.retryHandle = null;
      void this.flush();
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryHandle === null) return;
    (this.options.cancel ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)))(
      this.retryHandle,
    );
    this.retryHandle = null;
  }

  private update(change: Partial<OutboxView>): void {
    this.view = { ...this.view, ...change };
    for (const listener of this.listeners) listener();
  }
}
