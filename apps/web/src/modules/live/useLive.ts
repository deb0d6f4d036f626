import { LIVE_CLIENT_EVENTS, type LiveHandshakeAuth } from '@permanente/contracts';
import {
  LiveClient,
  Outbox,
  sendOutboxItem,
  type LiveAudience,
  type LiveSocket,
  type LiveView,
  type OutboxView,
} from '@permanente/live-client';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { IndexedDbBoardStore, keepPageBoard } from './board-store';
import { connectPageLive } from './live-connection';
import { IndexedDbOutboxStore } from './outbox';

/** Where the outbox finds the socket the effect made. */
class SocketLink {
  socket: LiveSocket | null = null;
  attach(socket: LiveSocket | null): void {
    this.socket = socket;
  }
}

/** Staff screens (console, wall): the workshop's live state over the session cookie. */
export function useStaffLive(workshopId: string): LiveView {
  const [client] = useState(() => new LiveClient('staff'));
  useEffect(() => connectPageLive(client, { workshopId }).close, [client, workshopId]);
  return useSyncExternalStore(client.subscribe, client.getSnapshot);
}

export interface ParticipantLive {
  live: LiveView;
  outbox: Outbox;
  box: OutboxView;
}

/** The phone: live state and the outbox of its contributions, both over the participant's socket. */
export function useParticipantLive(workshopId: string, token: string): ParticipantLive {
  const [client] = useState(() => new LiveClient('participant' satisfies LiveAudience));
  // The socket is made by the effect; the outbox asks for it when it sends.
  const [link] = useState(() => new SocketLink());
  const [boards] = useState(() => IndexedDbBoardStore.orMemory());
  const [outbox] = useState(
    () =>
      new Outbox({
        store: IndexedDbOutboxStore.orMemory(),
        workshopId,
        send: (item) => {
          const socket = link.socket;
          if (!socket?.connected) return Promise.reject(new Error('offline'));
          return sendOutboxItem(socket, item);
        },
        onSent: (_item, delivery) => {
          if (delivery.event === LIVE_CLIENT_EVENTS.postIdea)
            client.onIdeaAcknowledged({ ...delivery.response.idea, mine: true });
          else client.onChoiceAcknowledged(delivery.response.mine);
        },
      }),
  );
  useEffect(() => {
    const auth: LiveHandshakeAuth = { token };
    const connection = connectPageLive(client, auth);
    link.attach(connection.socket);
    const follow = () => outbox.setOnline(client.getSnapshot().connection === 'online');
    const unsubscribe = client.subscribe(follow);
    follow();
    void outbox.load();
    // The board of the last sync, for a reload without network (and a smaller first sync).
    const stopKeeping = keepPageBoard(client, boards, workshopId, token);
    return () => {
      stopKeeping();
      unsubscribe();
      outbox.setOnline(false);
      link.attach(null);
      connection.close();
    };
  }, [client, outbox, link, boards, workshopId, token]);
  useEffect(() => () => outbox.dispose(), [outbox]);
  const live = useSyncExternalStore(client.subscribe, client.getSnapshot);
  const box = useSyncExternalStore(outbox.subscribe, outbox.getSnapshot);
  return { live, outbox, box };
}
