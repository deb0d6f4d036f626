import { useEffect, useState, useSyncExternalStore } from 'react';
import { LiveClient, type LiveView } from '@permanente/live-client';
import { connectPageLive } from '@web/modules/live/live-connection';

/**
 * The wall opened from its link: the live state over the link's read-only token (no cookie).
 * It reads what participants read, so it keeps no hidden idea.
 */
export function useWallLive(token: string | null): LiveView {
  const [client] = useState(() => new LiveClient('participant'));
  useEffect(() => (token ? connectPageLive(client, { token }).close : undefined), [client, token]);
  return useSyncExternalStore(client.subscribe, client.getSnapshot);
}
