import {
  LIVE_CLIENT_EVENTS,
  LIVE_PATH,
  LIVE_SERVER_EVENTS,
  type Ack,
  type ChoiceResponse,
  type LiveClientEvents,
  type LiveHandshakeAuth,
  type LiveServerEvents,
  type PostIdeaRequest,
  type PostIdeaResponse,
  type SyncRequest,
  type SyncResponse,
} from '@permanente/contracts';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { ACK_TIMEOUT_MS, type LiveClient } from './live-client';
import type { OutboxDelivery, OutboxItem, OutboxPayloads } from './outbox';

/** The workshop's socket, typed by the contract's event maps. */
export type LiveSocket = Socket<LiveServerEvents, LiveClientEvents>;

/** The socket.io options a caller may set (transports, agent, headers, delays…). */
export type LiveSocketOptions = Partial<ManagerOptions & SocketOptions>;

/**
 * Handshake refusals that trying again cannot change: the credential is unknown (the
 * participant was removed, the database was reset), the origin or the scope is wrong, the
 * workshop is gone, or the request is malformed. Anything else (`unavailable`: the database
 * did not answer; `rate_limited`; an unknown code) is retried with backoff.
 */
export const FINAL_HANDSHAKE_REFUSAL_CODES = [
  'unauthorized',
  'forbidden',
  'not_found',
  'invalid',
] as const;
export type FinalHandshakeRefusal = (typeof FINAL_HANDSHAKE_REFUSAL_CODES)[number];
export const FINAL_HANDSHAKE_REFUSALS: ReadonlySet<string> = new Set(FINAL_HANDSHAKE_REFUSAL_CODES);

export function isFinalHandshakeRefusal(code: string | null): code is FinalHandshakeRefusal {
  return code !== null && FINAL_HANDSHAKE_REFUSALS.has(code);
}

/** Delay before the attempt after `failures` refused handshakes: 0.5, 1, 2, 4 s, ±25 %. */
export function handshakeRetryDelay(failures: number, random: () => number = Math.random): number {
  const base = Math.min(500 * 2 ** failures, 4_000);
  return Math.round(base * (0.75 + random() * 0.5));
}

/**
 * What the device knows of its network. A browser knows before the socket's heartbeat does
 * (its `online`/`offline` events); Node has no such signal and is always "online".
 */
export interface LiveNetwork {
  isOnline(): boolean;
  /** Calls `offline` / `online` when the network goes and comes back; returns the stop. */
  watch(offline: () => void, online: () => void): () => void;
}

export const ALWAYS_ONLINE: LiveNetwork = { isOnline: () => true, watch: () => () => undefined };

/** The socket's options as the phone uses them; a caller's `socket` options override them. */
export const PHONE_SOCKET_OPTIONS: LiveSocketOptions = {
  reconnectionDelay: 500,
  reconnectionDelayMax: 4000,
  // An attempt that gets no answer (a network whose uplink died) is given up after 10 s
  // rather than socket.io's 20, so the phone is back soon after the network is.
  timeout: 10_000,
  // Websocket first: one connection held by any API instance (no sticky sessions needed),
  // so the balancer sends it to the least busy one. Only a network that refuses websockets
  // gets HTTP long-polling, at every (re)connection attempt again (see docs/live-protocol.md).
  transports: ['websocket', 'polling'],
  tryAllTransports: true,
};

/** Opens (without connecting) a socket to the workshop's live endpoint. */
export function openLiveSocket(
  url: string,
  auth: LiveHandshakeAuth,
  options: LiveSocketOptions = PHONE_SOCKET_OPTIONS,
): LiveSocket {
  return io(url, { ...options, path: LIVE_PATH, auth: { ...auth }, autoConnect: false });
}

export interface ConnectLiveOptions {
  /** The API's origin (the page's origin on the phone). */
  url: string;
  auth: LiveHandshakeAuth;
  network?: LiveNetwork;
  /** socket.io options, merged over PHONE_SOCKET_OPTIONS. */
  socket?: LiveSocketOptions;
  /** Delay before retrying a refused handshake or a server-side disconnection. */
  retryDelay?(failures: number): number;
}

export interface LiveSocketConnection {
  socket: LiveSocket;
  close(): void;
}

/** Opens the workshop's socket and wires it to the client; `close` undoes it all. */
export function connectLive(client: LiveClient, options: ConnectLiveOptions): LiveSocketConnection {
  const network = options.network ?? ALWAYS_ONLINE;
  const retryDelay = options.retryDelay ?? handshakeRetryDelay;
  const socket = openLiveSocket(options.url, options.auth, {
    ...PHONE_SOCKET_OPTIONS,
    ...options.socket,
  });
  client.setSync((request) => requestSync(socket, request));

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
    const delay = retryDelay(failures);
    failures += 1;
    retry = setTimeout(() => {
      retry = null;
      if (!closed && !socket.active && network.isOnline()) socket.connect();
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
  // A large room gets the events of a tick as one batch: the same events, in seq order.
  socket.on(LIVE_SERVER_EVENTS.events, (events) => {
    for (const event of events) client.onEvent(event);
  });
  socket.on(LIVE_SERVER_EVENTS.presence, (presence) => client.onPresence(presence.connected));
  // The browser knows before the socket's heartbeat does: leave at once, come back at once.
  // This matters for websockets: when the network goes (Chromium's offline emulation shows it),
  // an open websocket is not closed and what is sent on it waits, so the phone must not
  // believe it is still connected.
  const stopWatching = network.watch(
    () => {
      cancelRetry();
      socket.disconnect();
      client.onDisconnect();
    },
    () => {
      failures = 0;
      cancelRetry();
      if (!socket.active) socket.connect();
    },
  );
  if (network.isOnline()) socket.connect();
  else client.onDisconnect();
  return {
    socket,
    close: () => {
      closed = true;
      cancelRetry();
      stopWatching();
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}

/** Asks for the events after `lastSeq` (or a snapshot). Rejects on a timeout. */
export function requestSync(
  socket: LiveSocket,
  request: SyncRequest,
  timeoutMs = ACK_TIMEOUT_MS,
): Promise<Ack<SyncResponse>> {
  return socket.timeout(timeoutMs).emitWithAck(LIVE_CLIENT_EVENTS.sync, request);
}

/** Posts one idea. Rejects on a timeout or a lost connection. */
export function postIdea(
  socket: LiveSocket,
  request: PostIdeaRequest,
  timeoutMs = ACK_TIMEOUT_MS,
): Promise<Ack<PostIdeaResponse>> {
  return socket.timeout(timeoutMs).emitWithAck(LIVE_CLIENT_EVENTS.postIdea, request);
}

/** The events that record a participant's choice (a vote, a position, a poll answer). */
export type ChoiceEvent = Exclude<keyof OutboxPayloads, typeof LIVE_CLIENT_EVENTS.postIdea>;

/** A choice event and its request, correlated. */
export type ChoiceArgs = {
  [E in ChoiceEvent]: [event: E, request: OutboxPayloads[E]];
}[ChoiceEvent];

/** Sends a choice. Rejects on a timeout or a lost connection. */
export function choose(
  socket: LiveSocket,
  timeoutMs: number,
  ...[event, request]: ChoiceArgs
): Promise<Ack<ChoiceResponse>> {
  const timed = socket.timeout(timeoutMs);
  switch (event) {
    case LIVE_CLIENT_EVENTS.setDots:
      return timed.emitWithAck(event, request);
    case LIVE_CLIENT_EVENTS.placeOnSpectrum:
      return timed.emitWithAck(event, request);
    case LIVE_CLIENT_EVENTS.answerPoll:
      return timed.emitWithAck(event, request);
  }
}

/**
 * Sends one outbox item on the socket, typed by its event; the acknowledgement carries the
 * event with the server's answer. Rejects on a timeout or a lost connection.
 */
export async function sendOutboxItem(
  socket: LiveSocket,
  item: OutboxItem,
  timeoutMs = ACK_TIMEOUT_MS,
): Promise<Ack<OutboxDelivery>> {
  if (item.event === LIVE_CLIENT_EVENTS.postIdea) {
    const ack = await postIdea(socket, item.payload, timeoutMs);
    return ack.ok ? { ok: true, data: { event: item.event, response: ack.data } } : ack;
  }
  const ack = await choose(socket, timeoutMs, ...choiceArgs(item));
  return ack.ok ? { ok: true, data: { event: item.event, response: ack.data } } : ack;
}

function choiceArgs(item: Exclude<OutboxItem, { event: 'idea:post' }>): ChoiceArgs {
  switch (item.event) {
    case LIVE_CLIENT_EVENTS.setDots:
      return [item.event, item.payload];
    case LIVE_CLIENT_EVENTS.placeOnSpectrum:
      return [item.event, item.payload];
    case LIVE_CLIENT_EVENTS.answerPoll:
      return [item.event, item.payload];
  }
}
