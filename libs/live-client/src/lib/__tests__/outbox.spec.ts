import { LIVE_CLIENT_EVENTS, type Ack } from '@permanente/contracts';
import {
  BACKOFF_MS,
  MemoryOutboxStore,
  newClientId,
  Outbox,
  type OutboxDelivery,
  type OutboxItem,
  type OutboxSend,
} from '../outbox';
import { idea as ideaView } from './fixtures';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const flush = async () => {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
};

function setup(send: OutboxSend, store = new MemoryOutboxStore()) {
  const timers: Array<{ run: () => void; ms: number }> = [];
  let id = 0;
  const sent: OutboxItem[] = [];
  const outbox = new Outbox({
    store,
    workshopId: 'w1',
    send,
    onSent: (item) => sent.push(item),
    schedule: (run, ms) => timers.push({ run, ms }),
    cancel: () => timers.splice(0),
    now: () => 1000,
    newId: () => `id-${++id}`,
  });
  return { outbox, store, timers, sent };
}

const idea = (text: string) => ({ activityId: 'a1', text });
const OK: Ack<OutboxDelivery> = {
  ok: true,
  data: {
    event: LIVE_CLIENT_EVENTS.postIdea,
    response: { idea: ideaView('i1'), duplicate: false },
  },
};

describe('newClientId', () => {
  it('uses randomUUID, or builds a v4 UUID from getRandomValues', () => {
    expect(newClientId({ randomUUID: () => 'from-native' } as never)).toBe('from-native');
    const fallback = newClientId({
      getRandomValues: <T extends ArrayBufferView | null>(array: T) => {
        (array as unknown as Uint8Array).fill(0xff);
        return array;
      },
    });
    expect(fallback).toMatch(UUID_V4);
  });
});

describe('the outbox', () => {
  it('stores first, then sends in order, one at a time, only while online', async () => {
    const calls: string[] = [];
    let inFlight = 0;
    const send: OutboxSend = async (item) => {
      inFlight += 1;
      expect(inFlight).toBe(1);
      calls.push(item.clientId);
      await Promise.resolve();
      inFlight -= 1;
      return OK;
    };
    const { outbox, store, sent } = setup(send);
    await outbox.add(LIVE_CLIENT_EVENTS.postIdea, idea('one'));
    await outbox.add(LIVE_CLIENT_EVENTS.setDots, { activityId: 'a2', dots: { i1: 2 } });
    expect(calls).toEqual([]);
    expect(store.items.size).toBe(2);
    const pending = outbox.getSnapshot().pending;
    expect(pending.map((item) => item.createdAt)).toEqual([1000, 1001]);
    expect(pending[0].payload).toEqual({ activityId: 'a1', text: 'one', clientId: 'id-1' });
    expect(outbox.getSnapshot().own.has('id-2')).toBe(true);

    outbox.setOnline(true);
    await outbox.flush();
    expect(calls).toEqual(['id-1', 'id-2']);
    expect(sent.map((item) => item.event)).toEqual([
      LIVE_CLIENT_EVENTS.postIdea,
      LIVE_CLIENT_EVENTS.setDots,
    ]);
    expect(store.items.size).toBe(0);
    expect(outbox.getSnapshot().pending).toEqual([]);
  });

  it('drops an item refused for good and shows why, then goes on', async () => {
    const answers: Array<Ack<OutboxDelivery>> = [
      { ok: false, error: { code: 'closed', message: 'Activity closed' } },
      OK,
    ];
    const { outbox, store } = setup(async () => answers.shift()!);
    await outbox.add(LIVE_CLIENT_EVENTS.postIdea, idea('late'));
    await outbox.add(LIVE_CLIENT_EVENTS.postIdea, idea('next'));
    outbox.setOnline(true);
    await flush();
    await outbox.flush();
    expect(store.items.size).toBe(0);
    expect(outbox.getSnapshot().refused?.error.code).toBe('closed');
    outbox.dismissRefusal();
    expect(outbox.getSnapshot().refused).toBeNull();
  });

  it('keeps a rate_limited item until the server said it would take it, then sends it', async () => {
    let fail = true;
    const send: OutboxSend = async () =>
      fail
        ? ({
            ok: false,
            error: { code: 'rate_limited', message: '', retryAfterMs: 7_000 },
          } as Ack<OutboxDelivery>)
        : OK;
    const { outbox, store, timers, sent } = setup(send);
    await outbox.add(LIVE_CLIENT_EVENTS.postIdea, idea('later'));
    outbox.setOnline(true);
    await flush();
    expect(store.items.size).toBe(1);
    expect(outbox.getSnapshot().refused).toBeNull();
    expect(timers.map((t) => t.ms)).toEqual([7_000]);
    fail = false;
    timers.shift()!.run();
    await flush();
    expect(sent).toHaveLength(1);
    expect(store.items.size).toBe(0);
  });

  it.each([
    [
      'rate_limited',
      async () =>
        ({ ok: false, error: { code: 'rate_limited', message: '' } }) as Ack<OutboxDelivery>,
    ],
    [
      'unavailable',
      async () =>
        ({ ok: false, error: { code: 'unavailable', message: '' } }) as Ack<OutboxDelivery>,
    ],
    [
      'a timeout',
      async (): Promise<Ack<OutboxDelivery>> =>
        Promise.reject(new Error('operation has timed out')),
    ],
  ])('keeps the item on %s and retries with a growing backoff', async (_what, failure) => {
    let fail = true;
    const send: OutboxSend = async (item) => (fail ? failure() : (void item, OK));
    const { outbox, store, timers } = setup(send);
    await outbox.add(LIVE_CLIENT_EVENTS.postIdea, idea('kept'));
    outbox.setOnline(true);
    await flush();
    expect(store.items.size).toBe(1);
    expect(timers.map((t) => t.ms)).toEqual([BACKOFF_MS[0]]);
    timers.shift()!.run();
    await flush();
    expect(timers.map((t) => t.ms)).toEqual([BACKOFF_MS[1]]);
    fail = false;
    timers.shift()!.run();
    await flush();
    expect(store.items.size).toBe(0);
    expect(outbox.getSnapshot().pending).toEqual([]);
  });

  it('waits while offline and sends at once when the connection comes back', async () => {
    const send = jest.fn<Promise<Ack<OutboxDelivery>>, [OutboxItem]>(async () => OK);
    const { outbox, timers } = setup(send);
    outbox.setOnline(true);
    outbox.setOnline(false);
    await outbox.add(LIVE_CLIENT_EVENTS.placeOnSpectrum, { activityId: 'a3', position: 5 });
    await flush();
    expect(send).not.toHaveBeenCalled();
    expect(timers).toEqual([]);
    outbox.setOnline(true);
    await flush();
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('survives a reload: a new outbox loads what the store kept, oldest first', async () => {
    const store = new MemoryOutboxStore();
    const first = setup(async () => OK, store);
    await first.outbox.add(LIVE_CLIENT_EVENTS.postIdea, idea('a'));
    await first.outbox.add(LIVE_CLIENT_EVENTS.answerPoll, { activityId: 'a4', choices: [1] });
    await store.put({ ...store.items.get('id-1')!, clientId: 'other-workshop', workshopId: 'w2' });
    first.outbox.dispose();

    const calls: string[] = [];
    const second = setup(async (item) => (calls.push(item.clientId), OK), store);
    await second.outbox.load();
    expect(second.outbox.getSnapshot().pending.map((item) => item.clientId)).toEqual([
      'id-1',
      'id-2',
    ]);
    expect(second.outbox.getSnapshot().own.has('id-1')).toBe(true);
    second.outbox.setOnline(true);
    await flush();
    await second.outbox.flush();
    expect(calls).toEqual(['id-1', 'id-2']);
    expect([...store.items.keys()]).toEqual(['other-workshop']);
  });
});
