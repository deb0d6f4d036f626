import { Workbox } from 'workbox-window';

/**
 * Registers the service worker (built by vite-plugin-pwa with Workbox: the app shell and the
 * participant path precached, see docs/phone.md).
 *
 * A new version waits until the page is hidden (the phone locked, another app in front):
 * only then does it take over, and the page reloads while nobody looks at it, so nobody loses
 * what they were typing. Ideas not sent yet are in IndexedDB (the outbox) and survive it.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const workbox = new Workbox('/sw.js', { scope: '/' });
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
  workbox.addEventListener('controlling', (event) => {
    if (event.isUpdate) window.location.reload();
  });
  const register = () => void workbox.register().catch(() => undefined);
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
