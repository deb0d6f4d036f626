import type { LiveHandshakeAuth } from '@permanente/contracts';
import {
  connectLive,
  type LiveClient,
  type LiveNetwork,
  type LiveSocketConnection,
} from '@permanente/live-client';

/** The browser's view of the network: `navigator.onLine` and the window's online/offline. */
export const browserNetwork: LiveNetwork = {
  isOnline: () => navigator.onLine !== false,
  watch(offline, online) {
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
    };
  },
};

/** The page's live socket (same origin, the phone's options), wired to the client. */
export function connectPageLive(client: LiveClient, auth: LiveHandshakeAuth): LiveSocketConnection {
  return connectLive(client, { url: window.location.origin, auth, network: browserNetwork });
}
