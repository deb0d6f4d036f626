import type { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';

/** What one item of a batch came to: its result, or the refusal of that item alone. */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface GroupCommitOptions<I, R> {
  dataSource: DataSource;
  /** Writes a batch (all of one key) in one transaction, returning one outcome per item, in order. */
  write(manager: EntityManager, key: string, items: I[]): Promise<Array<Outcome<R>>>;
  /** At most this many items per transaction. */
  maxBatch: number;
  /** An idle queue waits this long for company before it writes (a busy one does not wait). */
  delayMs: number;
  /** Transactions of one key at a time (1 where they would queue on one lock anyway). */
  concurrency: number;
  /** False for a batch of reads: no transaction around them. */
  transactional?: boolean;
  /** After a batch committed, before any of its items is settled (to publish its events). */
  committed?(key: string, outcomes: Array<Outcome<R>>): void;
}

interface Pending<I, R> {
  item: I;
  resolve(value: R): void;
  reject(error: unknown): void;
}

interface Lane<I, R> {
  queue: Array<Pending<I, R>>;
  running: number;
  timer?: NodeJS.Timeout;
}

/**
 * Group commit: the items submitted for one key (a workshop) are queued in this process and
 * written together, one transaction per batch, at most `concurrency` batches of a key at a
 * time. Each item's promise settles only after its batch committed (or failed), in the
 * batch's order. An item refused by the batch's `write` (a DomainError outcome) is refused
 * alone; a batch that fails as a whole (a database error) is written again one item per
 * transaction, so a single bad item never takes its neighbours down, and an item whose own
 * transaction fails is rejected with that error: nothing is acknowledged that did not commit.
 */
export class GroupCommit<I, R> {
  private readonly lanes = new Map<string, Lane<I, R>>();
  private closed = false;

  constructor(private readonly options: GroupCommitOptions<I, R>) {}

  submit(key: string, item: I): Promise<R> {
    if (this.closed)
      return Promise.reject(new DomainError('unavailable', 'The server is shutting down'));
    return new Promise<R>((resolve, reject) => {
      let lane = this.lanes.get(key);
      if (!lane) {
        lane = { queue: [], running: 0 };
        this.lanes.set(key, lane);
      }
      lane.queue.push({ item, resolve, reject });
      this.schedule(key, lane);
    });
  }

  /** Items queued or being written (for tests and benches). */
  get pending(): number {
    let n = 0;
    for (const lane of this.lanes.values()) n += lane.queue.length + lane.running;
    return n;
  }

  /** Refuses new items; queued ones are still written. */
  close(): void {
    this.closed = true;
  }

  private schedule(key: string, lane: Lane<I, R>): void {
    if (lane.running >= this.options.concurrency || lane.queue.length === 0) return;
    if (lane.queue.length >= this.options.maxBatch || lane.running > 0) {
      // Full, or a batch is in flight (these waited for it already): write now.
      if (lane.timer) clearTimeout(lane.timer);
      lane.timer = undefined;
      void this.flush(key, lane);
      return;
    }
    lane.timer ??= setTimeout(() => {
      lane.timer = undefined;
      void this.flush(key, lane);
    }, this.options.delayMs);
  }

  private async flush(key: string, lane: Lane<I, R>): Promise<void> {
    if (lane.running >= this.options.concurrency || lane.queue.length === 0) return;
    const batch = lane.queue.splice(0, this.options.maxBatch);
    lane.running += 1;
    try {
      await this.writeBatch(key, batch);
    } finally {
      lane.running -= 1;
      if (lane.queue.length > 0) this.schedule(key, lane);
      else if (lane.running === 0 && !lane.timer) this.lanes.delete(key);
    }
  }

  private async writeBatch(key: string, batch: Array<Pending<I, R>>): Promise<void> {
    let outcomes: Array<Outcome<R>>;
    try {
      const items = batch.map((p) => p.item);
      outcomes =
        this.options.transactional === false
          ? await this.options.write(this.options.dataSource.manager, key, items)
          : await this.options.dataSource.transaction((manager) =>
              this.options.write(manager, key, items),
            );
    } catch (error) {
      if (batch.length > 1 && !(error instanceof DomainError)) {
        // Which item made it fail is unknown: each is written alone, in order.
        for (const pending of batch) await this.writeBatch(key, [pending]);
        return;
      }
      for (const pending of batch) pending.reject(error);
      return;
    }
    this.options.committed?.(key, outcomes);
    // Committed: settle in order (the order of their seqs).
    batch.forEach((pending, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.error);
    });
  }
}
