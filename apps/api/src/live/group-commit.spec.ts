import type { DataSource, EntityManager } from 'typeorm';
import { GroupCommit, type Outcome } from './group-commit';
import { DomainError } from '../common/domain-error';

// The queueing of the batching writer, on a stand-in for the transaction runner (the database
// side is tested with the real one in live-writer.integration-spec.ts).
describe('GroupCommit', () => {
  const manager = {} as EntityManager;
  const runner = (log: string[]) =>
    ({
      transaction: async (work: (m: EntityManager) => Promise<unknown>) => {
        log.push('begin');
        const result = await work(manager);
        log.push('commit');
        return result;
      },
      manager,
    }) as unknown as DataSource;

  it('writes the items of a key together, settles them after the commit, in order', async () => {
    const log: string[] = [];
    const batches: number[][] = [];
    const writer = new GroupCommit<number, number>({
      dataSource: runner(log),
      maxBatch: 10,
      delayMs: 1,
      concurrency: 1,
      write: async (_, __, items) => {
        batches.push(items);
        return items.map((n) => ({ ok: true, value: n * 2 }));
      },
      committed: () => log.push('published'),
    });
    const settled: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        writer.submit('w1', i).then((value) => {
          log.push(`ack ${i}`);
          settled.push(i);
          return value;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 25 }, (_, i) => i * 2));
    expect(settled).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
    // No acknowledgement before its batch's commit and publication.
    expect(log.slice(0, 5)).toEqual(['begin', 'commit', 'published', 'ack 0', 'ack 1']);
    expect(writer.pending).toBe(0);
  });

  it('refuses an item alone; a batch failing as a whole is written again one item at a time', async () => {
    const log: string[] = [];
    const writer = new GroupCommit<number, number>({
      dataSource: runner(log),
      maxBatch: 10,
      delayMs: 1,
      concurrency: 1,
      write: async (_, __, items): Promise<Array<Outcome<number>>> => {
        // 13 breaks any transaction it is in; 7 is refused by the checks.
        if (items.includes(13)) throw new Error('deadlock detected');
        return items.map((n) =>
          n === 7
            ? { ok: false, error: new DomainError('closed', 'This activity is not open') }
            : { ok: true, value: n },
        );
      },
    });
    const outcomes = await Promise.allSettled([5, 7, 13, 14].map((n) => writer.submit('w', n)));
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : String(o.reason)))).toEqual([
      5,
      'DomainError: This activity is not open',
      'Error: deadlock detected',
      14,
    ]);
    // One failed batch, then each item in a transaction of its own (13's rolled back).
    expect(log.filter((entry) => entry === 'begin')).toHaveLength(5);
    expect(log.filter((entry) => entry === 'commit')).toHaveLength(3);
  });

  it('keeps at most `concurrency` batches of a key in flight, and keys apart', async () => {
    let inFlight = 0;
    let most = 0;
    const keys = new Set<string>();
    const writer = new GroupCommit<number, number>({
      dataSource: runner([]),
      maxBatch: 2,
      delayMs: 1,
      concurrency: 2,
      write: async (_, key, items) => {
        keys.add(key);
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((done) => setImmediate(done));
        inFlight -= 1;
        return items.map((n) => ({ ok: true, value: n }));
      },
    });
    await Promise.all(Array.from({ length: 20 }, (_, i) => writer.submit('a', i)));
    expect(most).toBe(2);
    await Promise.all([writer.submit('b', 1), writer.submit('c', 2)]);
    expect([...keys].sort()).toEqual(['a', 'b', 'c']);
  });
});
