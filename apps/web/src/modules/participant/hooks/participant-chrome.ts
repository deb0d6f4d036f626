import { createContext, useContext, useEffect } from 'react';
import type { LiveView } from '@permanente/live-client';

/** What a participant page tells the header: its workshop, and the live connection if any. */
export interface ParticipantChrome {
  workshopId?: string;
  workshopTitle?: string;
  connection?: LiveView['connection'];
  /** Contributions kept on the phone, waiting for the network. */
  waiting?: number;
}

export const ChromeContext = createContext<(chrome: ParticipantChrome) => void>(() => undefined);

/** Sets the header of the participant's pages while the calling page is shown. */
export function useParticipantChrome(chrome: ParticipantChrome): void {
  const set = useContext(ChromeContext);
  const { workshopId, workshopTitle, connection, waiting } = chrome;
  useEffect(() => {
    set({ workshopId, workshopTitle, connection, waiting });
  }, [set, workshopId, workshopTitle, connection, waiting]);
  useEffect(() => () => set({}), [set]);
}
