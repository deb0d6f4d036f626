// A share of bench:live's simulated phones, in a process of its own so that receiving the
// fan-out is spread over several processes. Times are taken on the shared wall clock
// (performance.timeOrigin + performance.now()), so that processes can be compared.
import './register-paths';
import {
  LIVE_CLIENT_EVENTS,
  LIVE_PATH,
  LIVE_SERVER_EVENTS,
  type Ack,
  type LiveClientEvents,
  type LiveEvent,
  type LiveServerEvents,
  type PostIdeaResponse,
} from '@permanente/contracts';
import { randomUUID } from 'node:crypto';
import { io, Socket } from 'socket.io-client';

type Phone = Socket<LiveServerEvents, LiveClientEvents>;
export type WorkerCommand =
  | {
      kind: 'start';
      url: string;
      auths: Array<Record<string, string>>;
      activityId: string;
      ideasPerPhone: number;
      windowMs: number;
    }
  | { kind: 'go'; at: number }
  | { kind: 'count' }
  | { kind: 'report' };
export type WorkerMessage =
  | { kind: 'ready' }
  | { kind: 'posted'; acks: number[]; failed: number; sent: Array<[string, number]> }
  | { kind: 'count'; deliveries: number }
  | { kind: 'report'; received: Array<[string, number, number]>; deliveries: number };

const now = () => performance.timeOrigin + performance.now();
const send = (message: WorkerMessage) => process.send!(message);

let phones: Phone[] = [];
let start: Extract<WorkerCommand, { kind: 'start' }>;
const received = new Map<string, { count: number; last: number }>();
let deliveries = 0;

async function connect(): Promise<void> {
  for (let i = 0; i < start.auths.length; i += 100) {
    const batch = await Promise.all(
      start.auths.slice(i, i + 100).map(
        (auth) =>
          new Promise<Phone>((resolve, reject) => {
            const socket: Phone = io(start.url, {
              path: LIVE_PATH,
              auth,
              transports: ['websocket'],
              reconnection: false,
              forceNew: true,
            });
            socket.once('connect', () => resolve(socket));
            socket.once('connect_error', reject);
          }),
      ),
    );
    phones.push(...batch);
  }
  for (const phone of phones) {
    phone.on(LIVE_SERVER_EVENTS.event, (event: LiveEvent) => {
      if (event.type !== 'idea.posted') return;
      deliveries += 1;
      const entry = received.get(event.data.clientId) ?? { count: 0, last: 0 };
      entry.count += 1;
      entry.last = now();
      received.set(event.data.clientId, entry);
    });
  }
}

async function post(at: number): Promise<void> {
  const acks: number[] = [];
  const sent: Array<[string, number]> = [];
  let failed = 0;
  await new Promise((done) => setTimeout(done, Math.max(0, at - now())));
  await Promise.all(
    phones.flatMap((phone) =>
      Array.from({ length: start.ideasPerPhone }, (_, k) =>
        new Promise<void>((done) => setTimeout(done, Math.random() * start.windowMs)).then(
          async () => {
            const clientId = randomUUID();
            const t0 = now();
            sent.push([clientId, t0]);
            const ack: Ack<PostIdeaResponse> = await phone
              .timeout(30_000)
              .emitWithAck(LIVE_CLIENT_EVENTS.postIdea, {
                clientId,
                activityId: start.activityId,
                text: `Idée ${k} — ${clientId.slice(0, 8)}`,
              })
              .catch(
                () => ({ ok: false, error: { code: 'unavailable', message: 'timeout' } }) as const,
              );
            if (ack.ok) acks.push(now() - t0);
            else failed += 1;
          },
        ),
      ),
    ),
  );
  send({ kind: 'posted', acks, failed, sent });
}

process.on('message', (command: WorkerCommand) => {
  if (command.kind === 'start') {
    start = command;
    void connect().then(() => send({ kind: 'ready' }));
  } else if (command.kind === 'go') {
    void post(command.at);
  } else if (command.kind === 'count') {
    send({ kind: 'count', deliveries });
  } else {
    send({
      kind: 'report',
      received: [...received].map(([id, r]) => [id, r.count, r.last]),
      deliveries,
    });
    for (const phone of phones) phone.close();
    phones = [];
    setTimeout(() => process.exit(0), 200);
  }
});
