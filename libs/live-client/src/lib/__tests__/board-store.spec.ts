import type { Ack, SyncRequest, SyncResponse } from '@permanente/contracts';
import { keepBoard, MemoryBoardStore } from '../board-store';
import { LiveClient } from '../live-client';
import { fromSnapshot } from '../live-state';
import { idea, posted, snapshot } from './fixtures';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function answering(responses: Array<Ack<SyncResponse>>) {
  const requests: SyncRequest[] = [];
  const sync = async (request: SyncRequest) => {
    requests.push(request);
    const next = responses.shift();
    if (!next) throw new Error('no more responses');
    return next;
  };
  return { sync, requests };
}

describe('the board kept on the phone', () => {
  it('is written after a change and drawn again by the next page, before any network', async () => {
    const store = new MemoryBoardStore();
    const first = answering([
      {
        ok: true,
        data: { mode: 'snapshot', snapshot: snapshot({ ideas: [idea('i1', { mine: true })] }) },
      },
    ]);
    const page1 = new LiveClient('participant', first.sync);
    const stop1 = keepBoard(page1, store, 'w1', 'token-a', 5);
    await page1.onConnect();
    page1.onEvent(posted(4, 'i2'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    stop1();
    expect(store.boards.get('w1')?.state.seq).toBe(4);

    // The reload, offline: the client never connects, the board comes from the store.
    const page2 = new LiveClient('participant');
    const stop2 = keepBoard(page2, store, 'w1', 'token-a');
    await flush();
    const state = page2.getSnapshot().state;
    expect(state?.seq).toBe(4);
    expect(state?.ideas.map((i) => [i.id, i.mine ?? false])).toEqual([
      ['i1', true],
      ['i2', false],
    ]);
    expect(page2.getSnapshot().connection).toBe('connecting');
    stop2();
  });

  it('is never shown to another credential on the same phone', async () => {
    const store = new MemoryBoardStore();
    await store.write({
      workshopId: 'w1',
      owner: 'token-a',
      state: fromSnapshot(snapshot()),
      savedAt: 0,
    });
    const client = new LiveClient('participant');
    keepBoard(client, store, 'w1', 'token-b')();
    await flush();
    expect(client.getSnapshot().state).toBeNull();
  });

  it('asks only for the events after the kept seq when the network comes back', async () => {
    const store = new MemoryBoardStore();
    await store.write({
      workshopId: 'w1',
      owner: 'token-a',
      state: fromSnapshot(snapshot({ seq: 7 })),
      savedAt: 0,
    });
    const { sync, requests } = answering([
      { ok: true, data: { mode: 'events', events: [posted(8, 'i8')], seq: 8 } },
    ]);
    const client = new LiveClient('participant', sync);
    const stop = keepBoard(client, store, 'w1', 'token-a');
    await flush();
    await client.onConnect();
    expect(requests).toEqual([{ lastSeq: 7 }]);
    expect(client.getSnapshot().state?.ideas.map((i) => i.id)).toEqual(['i8']);
    stop();
  });

  it('gives way to a newer board the server sent first', async () => {
    const { sync } = answering([
      { ok: true, data: { mode: 'snapshot', snapshot: snapshot({ seq: 9 }) } },
    ]);
    const client = new LiveClient('participant', sync);
    await client.onConnect();
    client.restore(fromSnapshot(snapshot({ seq: 2 })));
    expect(client.lastSeq).toBe(9);
  });
});
