import type { LiveState } from './live-state';

/**
 * The phone's last view of a workshop's board, so that a reload with no network still shows
 * it (with the outbox's waiting ideas): the live state and its lastSeq, kept per workshop for
 * the credential that saw it. On reconnection the client asks for the events after that seq.
 */
export interface StoredBoard {
  workshopId: string;
  /** The participant credential the board was seen with; another one never reads it. */
  owner: string;
  state: LiveState;
  savedAt: number;
}

export interface BoardStore {
  read(workshopId: string, owner: string): Promise<LiveState | null>;
  write(board: StoredBoard): Promise<void>;
  forget(workshopId: string): Promise<void>;
}

export class MemoryBoardStore implements BoardStore {
  readonly boards = new Map<string, StoredBoard>();

  async read(workshopId: string, owner: string): Promise<LiveState | null> {
    const board = this.boards.get(workshopId);
    return board?.owner === owner ? board.state : null;
  }

  async write(board: StoredBoard): Promise<void> {
    this.boards.set(board.workshopId, board);
  }

  async forget(workshopId: string): Promise<void> {
    this.boards.delete(workshopId);
  }
}

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

/** How long the board waits after a change before it is written (a burst is one write). */
export const BOARD_SAVE_DELAY_MS = 250;

/**
 * Keeps a client's board in the store: restores it first if the client has nothing yet (a
 * reload, perhaps offline), then writes every change, a moment later. Returns the stop.
 */
export function keepBoard(
  client: {
    subscribe(listener: () => void): () => void;
    getSnapshot(): { state: LiveState | null };
    restore(state: LiveState): void;
  },
  store: BoardStore,
  workshopId: string,
  owner: string,
  delayMs = BOARD_SAVE_DELAY_MS,
): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let saved: LiveState | null = null;
  store.read(workshopId, owner).then(
    (state) => {
      if (!stopped && state && state.workshop?.id === workshopId) client.restore(state);
    },
    () => undefined,
  );
  const save = () => {
    timer = null;
    const state = client.getSnapshot().state;
    if (!state || state === saved) return;
    saved = state;
    store.write({ workshopId, owner, state, savedAt: Date.now() }).catch(() => undefined);
  };
  const unsubscribe = client.subscribe(() => {
    if (timer === null && !stopped) timer = setTimeout(save, delayMs);
  });
  // Leaving or reloading the page writes what was still waiting.
  const flushNow = () => {
    if (timer === null) return;
    clearTimeout(timer);
    save();
  };
  const hasWindow = typeof window !== 'undefined';
  if (hasWindow) window.addEventListener('pagehide', flushNow);
  return () => {
    stopped = true;
    unsubscribe();
    if (hasWindow) window.removeEventListener('pagehide', flushNow);
    if (timer !== null) {
      clearTimeout(timer);
      save();
    }
  };
}
