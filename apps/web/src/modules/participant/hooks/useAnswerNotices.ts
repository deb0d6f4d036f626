import type { ProposalNotification } from '@permanente/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { participantApi } from '../api/participant.api';

/** Gently: the phone asks again every few minutes, and when its live socket comes back. */
export const ANSWER_NOTICES_POLL_MS = 5 * 60_000;

const seenKey = (participantId: string) => `permanente.answersSeen.${participantId}`;

function readSeen(participantId: string): string | null {
  try {
    return window.localStorage.getItem(seenKey(participantId));
  } catch {
    return null;
  }
}

function writeSeen(participantId: string, at: string): void {
  try {
    window.localStorage.setItem(seenKey(participantId), at);
  } catch {
    // private mode: the notices come back on the next visit
  }
}

/** The newest answer of each proposal, newest first (the API lists every version). */
function latestAnswers(notes: ProposalNotification[]): ProposalNotification[] {
  const seen = new Set<string>();
  return notes.filter((note) => {
    if (note.kind !== 'answered' || seen.has(note.proposalId)) return false;
    seen.add(note.proposalId);
    return true;
  });
}

export interface AnswerNotices {
  notices: ProposalNotification[];
  /** Hides these answers on this phone: only newer ones will show. */
  dismiss(): void;
}

/**
 * Answers to the proposals this participant supports or follows, or that were built from
 * their workshop, not yet marked as seen on this phone. Never in the way of the live
 * workshop: one small request on load, every few minutes while the page is visible, and on
 * socket reconnection; failures are ignored (the next poll tries again).
 */
export function useAnswerNotices(
  token: string,
  participantId: string,
  online: boolean,
): AnswerNotices {
  const [notices, setNotices] = useState<ProposalNotification[]>([]);
  const controller = useRef<AbortController | null>(null);

  const load = useCallback(() => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    participantApi.notifications(token, readSeen(participantId), current.signal).then(
      (notes) => {
        if (!current.signal.aborted) setNotices(latestAnswers(notes));
      },
      () => {
        // offline or refused: nothing to show, the next poll tries again
      },
    );
  }, [token, participantId]);

  useEffect(() => {
    load();
    const timer = window.setInterval(() => {
      if (document.visibilityState !== 'hidden') load();
    }, ANSWER_NOTICES_POLL_MS);
    return () => {
      window.clearInterval(timer);
      controller.current?.abort();
    };
  }, [load]);

  // Back online after a cut: answers may have come meanwhile.
  const wasOnline = useRef(online);
  useEffect(() => {
    if (online && !wasOnline.current) load();
    wasOnline.current = online;
  }, [online, load]);

  const dismiss = useCallback(() => {
    const newest = notices[0]?.at;
    if (newest) writeSeen(participantId, newest);
    setNotices([]);
  }, [notices, participantId]);

  return { notices, dismiss };
}
