/**
 * Registers the service worker (built by vite-plugin-pwa with Workbox: the app shell and the
 * participant path precached, see docs/phone.md).
 *
 * A new version waits until the page is hidden (the phone locked, another app in front):
 * only then does it take over, and the page reloads while nobody looks at it, so nobody loses
 * what they were typing. Ideas not sent yet are in IndexedDB (the outbox) and survive it.
 */
export function registerServiceWorker(): void {
  // Under `npm run dev` there is no /sw.js (the build writes it): the registration fails, quietly.
  if (!('serviceWorker' in navigator)) return;
  const start = () => {
    // workbox-window comes after the page is drawn: not in the participant path's first bytes.
    import('workbox-window').then(
      ({ Workbox }) => watch(new Workbox('/sw.js', { scope: '/' })),
      () => undefined,
    );
  };
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
}

function watch(workbox: import('workbox-window').Workbox): void {
  let updateWaiting = false;
  const activateWhenHidden = () => {
    if (updateWaiting && document.visibilityState === 'hidden') workbox.messageSkipWaiting();
  };
  workbox.addEventListener('waiting', () => {
    updateWaiting = true;
    activateWhenHidden();
  });
  document.addEventListener('visibilitychange', activateWhenHidden);
  // The first worker claims the page without a reload; only a replaced one reloads it.
  // `isUpdate` alone is not enough: it says whether a worker controlled the page when it was
  // registered, so a phone that installed the app on this very page (its first visit) would
  // keep running the old code under the new worker, and could then miss its lazy chunks.
  workbox.addEventListener('controlling', (event) => {
    if (event.isUpdate || updateWaiting) window.location.reload();
  });
  void workbox.register().catch(() => undefined);
}
