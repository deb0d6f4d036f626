import type { BrowserContext, WebSocketRoute } from '@playwright/test';

// The phone's `/live` connection, which a browser test can unplug: Playwright routes its
// websockets (passed through to the server until `cut()`) and its HTTP long-polling requests.
// Unlike Chromium's offline emulation, which leaves an open websocket open (what is sent on it
// is held and delivered when the emulation ends) and tells the page it is offline, a cut
// closes the open websocket, holds every new websocket attempt unanswered (as a network whose
// uplink died: the attempt hangs until the client gives up) and aborts long-polling requests;
// the page is not told anything, and the rest of the page's requests (HTML, /api) go through.
// `restore()` lets the held attempts through.

const LIVE = /\/live\//;

export interface LiveCable {
  cut(): Promise<void>;
  restore(): void;
  /** Websockets to /live that were let through to the server. */
  readonly websockets: number;
  /** Websockets to /live open now. */
  readonly openWebsockets: number;
  /** HTTP long-polling requests to /live let through to the server. */
  readonly pollingRequests: number;
  /** Attempts (websocket or polling) held or refused while cut. */
  readonly refused: number;
}

export async function liveCable(context: BrowserContext): Promise<LiveCable> {
  let isCut = false;
  let websockets = 0;
  let pollingRequests = 0;
  let refused = 0;
  const open = new Set<{ page: WebSocketRoute; server: WebSocketRoute }>();
  const held = new Set<{ page: WebSocketRoute; release(): void }>();

  const passThrough = (page: WebSocketRoute) => {
    const server = page.connectToServer();
    const pair = { page, server };
    open.add(pair);
    websockets += 1;
    // Either side closing ends the pair and closes the other side (a handler set here turns
    // Playwright's own forwarding of the close off).
    page.onClose((code, reason) => {
      open.delete(pair);
      void server.close({ code, reason }).catch(() => undefined);
    });
    server.onClose((code, reason) => {
      open.delete(pair);
      void page.close({ code, reason }).catch(() => undefined);
    });
  };

  await context.routeWebSocket(LIVE, (page) => {
    if (!isCut) return passThrough(page);
    refused += 1;
    // The attempt stays "connecting" while the handler has not returned.
    return new Promise<void>((release) => {
      const entry = { page, release };
      held.add(entry);
      page.onClose((code, reason) => {
        // The page gave up on it (its connection timeout).
        held.delete(entry);
        void page.close({ code, reason }).catch(() => undefined);
        release();
      });
    });
  });
  await context.route(LIVE, async (route) => {
    if (isCut) {
      refused += 1;
      await route.abort('connectionreset');
      return;
    }
    pollingRequests += 1;
    await route.fallback();
  });
  return {
    async cut() {
      isCut = true;
      const pairs = [...open];
      open.clear();
      await Promise.all(
        pairs.map(async ({ page, server }) => {
          await server.close().catch(() => undefined);
          await page.close().catch(() => undefined);
        }),
      );
    },
    restore() {
      isCut = false;
      for (const entry of [...held]) {
        held.delete(entry);
        passThrough(entry.page);
        entry.release();
      }
    },
    get websockets() {
      return websockets;
    },
    get openWebsockets() {
      return open.size;
    },
    get pollingRequests() {
      return pollingRequests;
    },
    get refused() {
      return refused;
    },
  };
}
