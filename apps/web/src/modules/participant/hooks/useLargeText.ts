import { useCallback, useEffect, useState } from 'react';

export const LARGE_TEXT_KEY = 'permanente.largeText';
/** On <html>: every size in rem grows, and colours and borders get stronger (participant.css). */
export const LARGE_TEXT_CLASS = 'large-text';

function stored(): boolean {
  try {
    return window.localStorage.getItem(LARGE_TEXT_KEY) === 'on';
  } catch {
    return false; // storage can be disabled (private mode on old phones)
  }
}

/**
 * "Larger text, stronger contrast" on the participant's pages: kept on the phone, applied to the
 * whole page while a participant page is shown (staff screens keep their own size).
 */
export function useLargeText(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(stored);
  useEffect(() => {
    const root = document.documentElement;
    root.classList.toggle(LARGE_TEXT_CLASS, on);
    return () => root.classList.remove(LARGE_TEXT_CLASS);
  }, [on]);
  const set = useCallback((next: boolean) => {
    setOn(next);
    try {
      window.localStorage.setItem(LARGE_TEXT_KEY, next ? 'on' : 'off');
    } catch {
      // the choice then lasts for this page only
    }
  }, []);
  return [on, set];
}
