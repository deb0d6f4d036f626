import { MemoryOutboxStore, type OutboxItem, type OutboxStore } from '@permanente/live-client';

// The outbox itself (sending order, backoff, refusals) is in libs/live-client; the phone keeps
// its items in IndexedDB, behind the library's OutboxStore interface.

const DB_NAME = 'permanente';
const DB_VERSION = 1;
const STORE = 'outbox';

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** The raw IndexedDB API behind a small promise wrapper: database `permanente`, store `outbox`. */
export class IndexedDbOutboxStore implements OutboxStore {
  private db: Promise<IDBDatabase> | null = null;

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => {
        const store = request.result.createObjectStore(STORE, { keyPath: 'clientId' });
        store.createIndex('workshopId', 'workshopId');
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return this.db;
  }

  private async store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
    return (await this.open()).transaction(STORE, mode).objectStore(STORE);
  }

  async list(workshopId: string): Promise<OutboxItem[]> {
    const store = await this.store('readonly');
    return promised<OutboxItem[]>(store.index('workshopId').getAll(workshopId));
  }

  async put(item: OutboxItem): Promise<void> {
    await promised((await this.store('readwrite')).put(item));
  }

  async delete(clientId: string): Promise<void> {
    await promised((await this.store('readwrite')).delete(clientId));
  }

  /** IndexedDB when the browser has it, else memory (the items then last for this page). */
  static orMemory(): OutboxStore {
    return typeof indexedDB === 'undefined' ? new MemoryOutboxStore() : new IndexedDbOutboxStore();
  }
}
