import type { Ack, SyncRequest, SyncResponse } from '@permanente/contracts';
import { FINAL_HANDSHAKE_REFUSALS, handshakeRetryDelay } from '../connection';
import { LiveClient } from '../live-client';
import { idea, posted, snapshot } from './fixtures';

/** A fake server: answers each sync with the next queued response. */
function fakeSync(responses: Array<Ack<SyncResponse>>) {
  const requests: SyncRequest[] = [];
  const sync = jest.fn(async (request: SyncRequest) => {
    requests.push(request);
    const next = responses.shift();
    if (!next) throw new Error('no more responses');
    return next;
  });
  return { sync, requests };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const ids = (client: LiveClient) => client.getSnapshot().state?.ideas.map((i) => i.id);

describe('LiveClient', () => {
  it('takes a snapshot on the first connection, then applies the next events in order', async () => {
    const { sync, requests } = fakeSync([
      { ok: true, data: { mode: 'snapshot', snapshot: snapshot() } },
    ]);
    const client = new LiveClient('participant', sync);
    const listener = jest.fn();
    client.subscribe(listener);
    await client.onConnect();
    expect(requests).toEqual([{ lastSeq: null }]);
    expect(client.getSnapshot().connection).toBe('online');
    client.onEvent(posted(4, 'i1'));
    client.onEvent(posted(4, 'i1')); // a duplicate is ignored
    client.onEvent(posted(3, 'old')); // an older one too
    client.onEvent(posted(5, 'i2'));
    expect(ids(client)).toEqual(['i1', 'i2']);
    expect(client.lastSeq).toBe(5);
    expect(listener).toHaveBeenCalled();
  });

  it('buffers events after a gap and asks for the missing ones', async () => {
    const { sync, requests } = fakeSync([
      { ok: true, data: { mode: 'snapshot', snapshot: snapshot() } },
      { ok: true, data: { mode: 'events', events: [posted(4, 'i1'), posted(5, 'i2')], seq: 5 } },
    ]);
    const client = new LiveClient('participant', sync, 0);
    await client.onConnect();
    client.onEvent(posted(6, 'i3')); // 4 and 5 are missing
    await new Promise((done) => setTimeout(done, 5));
    await flush();
    await flush();
    expect(requests[1]).toEqual({ lastSeq: 3 });
    expect(ids(client)).toEqual(['i1', 'i2', 'i3']);
    expect(client.lastSeq).toBe(6);
  });

  it('waits a moment for an event that arrives out of order before asking for it', async () => {
    jest.useFakeTimers();
    try {
      const { sync, requests } = fakeSync([
        { ok: true, data: { mode: 'snapshot', snapshot: snapshot() } },
        { ok: true, data: { mode: 'events', events: [posted(6, 'i6')], seq: 6 } },
      ]);
      const client = new LiveClient('participant', sync, 250);
      await client.onConnect();
      // Two instances: 5 overtakes 4 by a few milliseconds. No sync for that.
      client.onEvent(posted(5, 'i5'));
      jest.advanceTimersByTime(100);
      client.onEvent(posted(4, 'i4'));
      jest.advanceTimersByTime(500);
      await Promise.resolve();
      expect(requests).toHaveLength(1);
      expect(ids(client)).toEqual(['i4', 'i5']);
      // A gap that stays open is filled from the server after the wait.
      client.onEvent(posted(7, 'i7'));
      jest.advanceTimersByTime(249);
      expect(requests).toHaveLength(1);
      jest.advanceTimersByTime(1);
      await Promise.resolve();
      await Promise.resolve();
      expect(requests[1]).toEqual({ lastSeq: 5 });
    } finally {
      jest.useRealTimers();
    }
  });

  it('resyncs from lastSeq on a reconnection, and keeps events received meanwhile', async () => {
    const { sync, requests } = fakeSync([
      { ok: true, data: { mode: 'snapshot', snapshot: snapshot() } },
      { ok: true, data: { mode: 'events', events: [posted(4, 'i1')], seq: 9 } },
    ]);
    const client = new LiveClient('participant', sync);
    await client.onConnect();
    client.onDisconnect();
    expect(client.getSnapshot().connection).toBe('offline');
    client.onEvent(posted(10, 'i10')); // buffered: not connected
    expect(ids(client)).toEqual([]);
    await client.onConnect();
    expect(requests[1]).toEqual({ lastSeq: 3 });
    // lastSeq = max(applied, response.seq); then the buffered event is the next one.
    expect(ids(client)).toEqual(['i1', 'i10']);
    expect(client.lastSeq).toBe(10);
  });

  it('replaces its state with a snapshot, keeping own ideas marked', async () => {
    const { sync } = fakeSync([
      { ok: true, data: { mode: 'snapshot', snapshot: snapshot() } },
      {
        ok: true,
        data: {
          mode: 'snapshot',
          snapshot: snapshot({ seq: 700, ideas: [idea('i1')] }),
        },
      },
    ]);
    const client = new LiveClient('participant', sync);
    await client.onConnect();
    client.onIdeaAcknowledged({ ...idea('i1'), mine: true });
    await client.onConnect();
    expect(client.lastSeq).toBe(700);
    expect(client.getSnapshot().state?.ideas[0].mine).toBe(true);
  });

  it('asks for a snapshot when an event cannot be applied', async () => {
    const { sync, requests } = fakeSync([
      { ok: true, data: { mode: 'snapshot', snapshot: snapshot() } },
      { ok: true, data: { mode: 'snapshot', snapshot: snapshot({ seq: 4 }) } },
    ]);
    const client = new LiveClient('staff', sync);
    await client.onConnect();
    client.onEvent({
      seq: 4,
      at: '',
      type: 'activity.updated',
      data: { timerEndsAt: null } as never,
    });
    await flush();
    await flush();
    expect(requests[1]).toEqual({ lastSeq: null });
    expect(client.getSnapshot().state?.needsSnapshot).toBeUndefined();
    expect(client.getSnapshot().state?.activities).toHaveLength(1);
  });

  it('takes the replay a page at a time, asking again while there are more', async () => {
    const { sync, requests } = fakeSync([
      { ok: true, data: { mode: 'snapshot', snapshot: snapshot() } },
      // seq 5 is an event this screen may not see: left out, the page still ends at 6.
      {
        ok: true,
        data: { mode: 'events', events: [posted(4, 'i1'), posted(6, 'i3')], seq: 6, more: true },
      },
      { ok: true, data: { mode: 'events', events: [posted(7, 'i4')], seq: 8 } },
    ]);
    const client = new LiveClient('participant', sync);
    await client.onConnect();
    await client.sync();
    expect(requests).toEqual([{ lastSeq: null }, { lastSeq: 3 }, { lastSeq: 6 }]);
    expect(ids(client)).toEqual(['i1', 'i3', 'i4']);
    expect(client.lastSeq).toBe(8);
  });

  it('asks again at once after a snapshot a moment old (more: true)', async () => {
    const { sync, requests } = fakeSync([
      { ok: true, data: { mode: 'snapshot', snapshot: snapshot(), more: true } },
      { ok: true, data: { mode: 'events', events: [posted(4, 'i1')], seq: 4 } },
    ]);
    const client = new LiveClient('participant', sync);
    await client.onConnect();
    expect(requests).toEqual([{ lastSeq: null }, { lastSeq: 3 }]);
    expect(ids(client)).toEqual(['i1']);
  });

  it('treats a rate_limited sync as "later", not as an error, and asks again when allowed', async () => {
    jest.useFakeTimers();
    try {
      const { sync, requests } = fakeSync([
        { ok: false, error: { code: 'rate_limited', message: 'wait', retryAfterMs: 3_000 } },
        { ok: true, data: { mode: 'snapshot', snapshot: snapshot() } },
      ]);
      const client = new LiveClient('participant', sync);
      await client.onConnect();
      expect(client.getSnapshot().error).toBeNull();
      expect(client.getSnapshot().state).toBeNull();
      await jest.advanceTimersByTimeAsync(2_900);
      expect(requests).toHaveLength(1);
      await jest.advanceTimersByTimeAsync(200);
      expect(requests).toHaveLength(2);
      expect(client.getSnapshot().state?.seq).toBe(3);
    } finally {
      jest.useRealTimers();
    }
  });

  it('reports a refused sync and survives a failed one', async () => {
    const { sync } = fakeSync([{ ok: false, error: { code: 'forbidden', message: 'no' } }]);
    const client = new LiveClient('staff', sync);
    await client.onConnect();
    expect(client.getSnapshot().error).toBe('forbidden');
    await client.onConnect(); // the fake throws: no state, no crash
    expect(client.getSnapshot().state).toBeNull();
    client.onPresence(4);
    expect(client.getSnapshot().presence).toBe(4);
  });
});

describe('handshake refusals', () => {
  it('gives up only on a true refusal, and retries `unavailable` and unknown codes', () => {
    for (const code of ['unauthorized', 'forbidden', 'not_found', 'invalid'])
      expect(FINAL_HANDSHAKE_REFUSALS.has(code)).toBe(true);
    for (const code of ['unavailable', 'rate_limited', 'websocket error', 'xhr poll error'])
      expect(FINAL_HANDSHAKE_REFUSALS.has(code)).toBe(false);
  });

  it('backs off from half a second to four, with some spread', () => {
    const middle = () => 0.5;
    expect([0, 1, 2, 3, 4, 10].map((n) => handshakeRetryDelay(n, middle))).toEqual([
      500, 1000, 2000, 4000, 4000, 4000,
    ]);
    expect(handshakeRetryDelay(0, () => 0)).toBe(375);
    expect(handshakeRetryDelay(5, () => 0.999)).toBeLessThanOrEqual(5000);
  });

  it('shows a final refusal, and clears it on the next connection', async () => {
    const client = new LiveClient('participant', async () => ({
      ok: true,
      data: { mode: 'snapshot', snapshot: snapshot() },
    }));
    client.onConnectError('unauthorized');
    expect(client.getSnapshot()).toMatchObject({ connection: 'offline', error: 'unauthorized' });
    client.onConnectError(null);
    expect(client.getSnapshot()).toMatchObject({ connection: 'offline', error: null });
    await client.onConnect();
    expect(client.getSnapshot()).toMatchObject({ connection: 'online', error: null });
  });
});
