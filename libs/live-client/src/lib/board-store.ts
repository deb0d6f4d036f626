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

/** Where boards are kept: IndexedDB on the phone (the web app's IndexedDbBoardStore), or memory. */
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
  /** Calls `flush` when the page is left (the browser's `pagehide`); returns the stop. */
  onLeave: (flush: () => void) => () => void = () => () => undefined,
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
  const stopLeaving = onLeave(flushNow);
  return () => {
    stopped = true;
    unsubscribe();
    stopLeaving();
    if (timer !== null) {
      clearTimeout(timer);
      save();
    }
  };
}
