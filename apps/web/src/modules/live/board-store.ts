import {
  BOARD_SAVE_DELAY_MS,
  keepBoard,
  MemoryBoardStore,
  type BoardStore,
  type LiveClient,
  type LiveState,
  type StoredBoard,
} from '@permanente/live-client';

// keepBoard and the BoardStore interface are in libs/live-client; the phone keeps its boards
// in IndexedDB.

// A database of its own: upgrading the outbox's (`permanente`) while an older page holds it
// open would block the outbox.
const DB_NAME = 'permanente-boards';
const STORE = 'boards';

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export class IndexedDbBoardStore implements BoardStore {
  private db: Promise<IDBDatabase> | null = null;

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () =>
        request.result.createObjectStore(STORE, { keyPath: 'workshopId' });
      request.onsuccess = () => {
        request.result.onversionchange = () => request.result.close();
        resolve(request.result);
      };
      request.onerror = () => reject(request.error);
    });
    return this.db;
  }

  private async store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
    return (await this.open()).transaction(STORE, mode).objectStore(STORE);
  }

  async read(workshopId: string, owner: string): Promise<LiveState | null> {
    const board = (await promised((await this.store('readonly')).get(workshopId))) as
      StoredBoard | undefined;
    return board?.owner === owner ? board.state : null;
  }

  async write(board: StoredBoard): Promise<void> {
    await promised((await this.store('readwrite')).put(board));
  }

  async forget(workshopId: string): Promise<void> {
    await promised((await this.store('readwrite')).delete(workshopId));
  }

  /** IndexedDB when the browser has it, else memory (nothing then survives a reload). */
  static orMemory(): BoardStore {
    return typeof indexedDB === 'undefined' ? new MemoryBoardStore() : new IndexedDbBoardStore();
  }
}

/** Keeps the client's board in the store, writing what waits when the page is left. */
export function keepPageBoard(
  client: LiveClient,
  store: BoardStore,
  workshopId: string,
  owner: string,
): () => void {
  return keepBoard(client, store, workshopId, owner, BOARD_SAVE_DELAY_MS, (flush) => {
    window.addEventListener('pagehide', flush);
    return () => window.removeEventListener('pagehide', flush);
  });
}
