import {
  LIVE_CLIENT_EVENTS,
  type ChoiceResponse,
  type LiveHandshakeAuth,
  type PostIdeaResponse,
} from '@permanente/contracts';
import { useEffect, useState, useSyncExternalStore } from 'react';
import {
  ACK_TIMEOUT_MS,
  connectLive,
  LiveClient,
  type LiveSocket,
  type LiveView,
} from './live-client';
import { IndexedDbBoardStore, keepBoard } from './board-store';
import type { LiveAudience } from './live-state';
import { IndexedDbOutboxStore, Outbox, type OutboxView } from './outbox';

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
  useEffect(() => connectLive(client, { workshopId }).close, [client, workshopId]);
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
          return socket
            .timeout(ACK_TIMEOUT_MS)
            .emitWithAck(item.event, item.payload as never) as Promise<never>;
        },
        onSent: (item, data) => {
          if (item.event === LIVE_CLIENT_EVENTS.postIdea)
            client.onIdeaAcknowledged({ ...(data as PostIdeaResponse).idea, mine: true });
          else client.onChoiceAcknowledged((data as ChoiceResponse).mine);
        },
      }),
  );
  useEffect(() => {
    const auth: LiveHandshakeAuth = { token };
    const connection = connectLive(client, auth);
    link.attach(connection.socket);
    const follow = () => outbox.setOnline(client.getSnapshot().connection === 'online');
    const unsubscribe = client.subscribe(follow);
    follow();
    void outbox.load();
    // The board of the last sync, for a reload without network (and a smaller first sync).
    const stopKeeping = keepBoard(client, boards, workshopId, token);
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
