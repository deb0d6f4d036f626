// A share of bench:live's simulated phones, in a process of its own so that receiving the
// fan-out is spread over several processes. Times are taken on the shared wall clock
// (performance.timeOrigin + performance.now()), so that processes can be compared.
import './register-paths';
import {
  LIVE_CLIENT_EVENTS,
  LIVE_SERVER_EVENTS,
  type Ack,
  type ChoiceResponse,
  type LiveEvent,
  type PostIdeaResponse,
} from '@permanente/contracts';
import { choose, openLiveSocket, postIdea, type LiveSocket } from '@permanente/live-client';
import { randomUUID } from 'node:crypto';

// The phones' socket and requests are the live client library's; each phone stays a bare
// socket (no LiveClient state) so that the figures measure the server, not the simulation.
type Phone = LiveSocket;
/** Phone (index in this worker's share) and moment (ms after `at`) of each contribution. */
export type Schedule = Array<[phone: number, offsetMs: number]>;
export type WorkerCommand =
  | { kind: 'start'; phones: Array<{ url: string; auth: Record<string, string> }> }
  | { kind: 'ideas'; at: number; activityId: string; schedule: Schedule }
  | {
      kind: 'votes';
      at: number;
      activityId: string;
      schedule: Schedule;
      /** Ideas the dots go to; each vote spends `dots` dots on distinct ones drawn at random. */
      ideaIds: string[];
      dots: number;
    }
  | { kind: 'count' }
  | { kind: 'report' };
export type WorkerMessage =
  | { kind: 'ready'; failed: number }
  | {
      kind: 'posted';
      acks: number[];
      failed: number;
      sent: Array<[clientId: string, at: number]>;
      ideaIds: string[];
      errors: Record<string, number>;
    }
  | {
      kind: 'voted';
      acks: number[];
      failed: number;
      /** Each acknowledged vote: rank (set by the main process, 0 here), sent and ack time. */
      votes: Array<[rank: number, sentAt: number, ackAt: number]>;
      dots: number;
      errors: Record<string, number>;
    }
  | { kind: 'count'; ideaDeliveries: number; minVoters: number }
  | {
      kind: 'report';
      received: Array<[clientId: string, count: number, last: number]>;
      ideaDeliveries: number;
      resultDeliveries: number;
      /** For each rank k (index k - 1): phones of this worker that saw voters >= k, and when the last did. */
      voteReached: number[];
      voteLast: number[];
    };

const now = () => performance.timeOrigin + performance.now();
const send = (message: WorkerMessage) => process.send!(message);
const NO_ACK = 'no acknowledgement within 60 s';
/** Counts a refused contribution by its error code. */
const countError = (errors: Record<string, number>, code: string) =>
  (errors[code] = (errors[code] ?? 0) + 1);
const sleepUntil = (at: number) => new Promise((done) => setTimeout(done, Math.max(0, at - now())));

let phones: Phone[] = [];
const received = new Map<string, { count: number; last: number }>();
let ideaDeliveries = 0;
let resultDeliveries = 0;
let voteActivityId = '';
/** Highest voter count each phone has seen in a results event of the vote. */
let votersSeen: number[] = [];
const voteReached: number[] = [];
const voteLast: number[] = [];

function onEvent(index: number, event: LiveEvent): void {
  if (event.type === 'idea.posted') {
    ideaDeliveries += 1;
    const entry = received.get(event.data.clientId) ?? { count: 0, last: 0 };
    entry.count += 1;
    entry.last = now();
    received.set(event.data.clientId, entry);
  } else if (event.type === 'results.updated' && event.data.kind === 'dot_vote') {
    resultDeliveries += 1;
    if (event.data.activityId !== voteActivityId) return;
    // Each results event carries the whole tally: a phone that sees voters = v has seen the
    // first v votes, whichever events carried them (so coalesced events are measured too).
    const at = now();
    for (let k = votersSeen[index] + 1; k <= event.data.voters; k += 1) {
      voteReached[k - 1] = (voteReached[k - 1] ?? 0) + 1;
      voteLast[k - 1] = at;
    }
    votersSeen[index] = Math.max(votersSeen[index], event.data.voters);
  }
}

async function connect(list: Array<{ url: string; auth: Record<string, string> }>) {
  let failed = 0;
  for (let i = 0; i < list.length; i += 100) {
    const batch = await Promise.all(
      list.slice(i, i + 100).map(
        ({ url, auth }) =>
          new Promise<Phone | null>((resolve) => {
            const socket: Phone = openLiveSocket(url, auth, {
              transports: ['websocket'],
              reconnection: false,
              forceNew: true,
              timeout: 60_000,
            });
            socket.once('connect', () => resolve(socket));
            socket.once('connect_error', () => resolve(null));
            socket.connect();
          }),
      ),
    );
    for (const socket of batch) {
      if (socket) phones.push(socket);
      else failed += 1;
    }
  }
  votersSeen = phones.map(() => 0);
  phones.forEach((phone, index) => {
    phone.on(LIVE_SERVER_EVENTS.event, (event: LiveEvent) => onEvent(index, event));
    phone.on(LIVE_SERVER_EVENTS.events, (events: LiveEvent[]) => {
      for (const event of events) onEvent(index, event);
    });
  });
  send({ kind: 'ready', failed });
}

async function postIdeas(command: Extract<WorkerCommand, { kind: 'ideas' }>): Promise<void> {
  const acks: number[] = [];
  const sent: Array<[string, number]> = [];
  const ideaIds: string[] = [];
  const errors: Record<string, number> = {};
  let failed = 0;
  await Promise.all(
    command.schedule.map(async ([index, offset], k) => {
      await sleepUntil(command.at + offset);
      const clientId = randomUUID();
      const t0 = now();
      sent.push([clientId, t0]);
      const ack: Ack<PostIdeaResponse> = await postIdea(
        phones[index % phones.length],
        { clientId, activityId: command.activityId, text: `Idée ${k} — ${clientId.slice(0, 8)}` },
        60_000,
      ).catch(() => ({ ok: false, error: { code: 'unavailable', message: NO_ACK } }) as const);
      if (ack.ok) {
        acks.push(now() - t0);
        ideaIds.push(ack.data.idea.id);
      } else {
        failed += 1;
        countError(errors, ack.error.message === NO_ACK ? 'timeout' : ack.error.code);
      }
    }),
  );
  send({ kind: 'posted', acks, failed, sent, ideaIds, errors });
}

async function castVotes(command: Extract<WorkerCommand, { kind: 'votes' }>): Promise<void> {
  const acks: number[] = [];
  const votes: Array<[number, number, number]> = [];
  const errors: Record<string, number> = {};
  let failed = 0;
  let dotsAcknowledged = 0;
  await Promise.all(
    command.schedule.map(async ([index, offset]) => {
      const pool = [...command.ideaIds];
      const dots: Record<string, number> = {};
      for (let d = 0; d < command.dots && pool.length > 0; d += 1)
        dots[pool.splice(Math.floor(Math.random() * pool.length), 1)[0]] = 1;
      await sleepUntil(command.at + offset);
      const t0 = now();
      const ack: Ack<ChoiceResponse> = await choose(
        phones[index % phones.length],
        60_000,
        LIVE_CLIENT_EVENTS.setDots,
        { clientId: randomUUID(), activityId: command.activityId, dots },
      ).catch(() => ({ ok: false, error: { code: 'unavailable', message: NO_ACK } }) as const);
      const t1 = now();
      if (ack.ok && ack.data.mine.kind === 'dot_vote') {
        acks.push(t1 - t0);
        votes.push([0, t0, t1]);
        dotsAcknowledged += Object.values(dots).length;
      } else {
        failed += 1;
        countError(
          errors,
          ack.ok ? 'unexpected' : ack.error.message === NO_ACK ? 'timeout' : ack.error.code,
        );
      }
    }),
  );
  send({ kind: 'voted', acks, failed, votes, dots: dotsAcknowledged, errors });
}

// The benchmark went away (Ctrl-C): close the phones with it.
process.on('disconnect', () => process.exit(0));

process.on('message', (command: WorkerCommand) => {
  if (command.kind === 'start') {
    void connect(command.phones);
  } else if (command.kind === 'ideas') {
    void postIdeas(command);
  } else if (command.kind === 'votes') {
    voteActivityId = command.activityId;
    void castVotes(command);
  } else if (command.kind === 'count') {
    send({
      kind: 'count',
      ideaDeliveries,
      minVoters: votersSeen.reduce((min, v) => Math.min(min, v), Infinity),
    });
  } else {
    send({
      kind: 'report',
      received: [...received].map(([id, r]) => [id, r.count, r.last]),
      ideaDeliveries,
      resultDeliveries,
      voteReached: Array.from(voteReached, (v) => v ?? 0),
      voteLast: Array.from(voteLast, (v) => v ?? 0),
    });
    for (const phone of phones) phone.close();
    phones = [];
    setTimeout(() => process.exit(0), 200);
  }
});
