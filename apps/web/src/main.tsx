import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { Router } from 'wouter';
import { App } from './app/App';
import { I18nProvider } from './i18n/i18n';
import { AuthProvider } from './modules/auth/AuthProvider';
import { registerServiceWorker } from './service-worker-registration';
import './styles.css';

const app = (
  <StrictMode>
    <I18nProvider>
      <AuthProvider>
        {/* The same tree as the build's prerender (src/prerender.tsx), so hydration matches. */}
        <Router>
          <App />
        </Router>
      </AuthProvider>
    </I18nProvider>
  </StrictMode>
);

/**
 * Fields typed in before the script came keep their text through hydration, but React's state
 * does not know it: once React has taken a field over, tell it, as a typing would (its value
 * tracker is moved back to the HTML's value first, so the change is seen).
 */
function handOverTyping(root: HTMLElement, deadline = Date.now() + 30_000): void {
  const fields = Array.from(
    root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea'),
  );
  const hydrated = (field: Element) => Object.keys(field).some((key) => key.startsWith('__react'));
  if (!fields.every(hydrated)) {
    if (Date.now() < deadline) setTimeout(() => handOverTyping(root, deadline), 50);
    return;
  }
  for (const field of fields) {
    if (field.value === field.defaultValue) continue;
    const typed = field.value;
    const prototype = Object.getPrototypeOf(field) as HTMLInputElement;
    const setValue = Object.getOwnPropertyDescriptor(prototype, 'value')?.set;
    field.value = field.defaultValue;
    setValue?.call(field, typed);
    field.dispatchEvent(new Event('input', { bubbles: true }));
  }
}

const root = document.getElementById('root')!;
// The join page arrives prerendered (join.html): take its markup over instead of drawing it
// again, so nothing flashes and what was typed before the script came stays.
if (root.firstElementChild) {
  hydrateRoot(root, app);
  handOverTyping(root);
} else createRoot(root).render(app);

registerServiceWorker();
