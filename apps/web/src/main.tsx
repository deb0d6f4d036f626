import { StrictMode, useEffect } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { Router } from 'wouter';
import { App } from './app/App';
import { I18nProvider } from './i18n/i18n';
import { AuthProvider } from './modules/auth/AuthProvider';
import { registerServiceWorker } from './service-worker-registration';
import './styles.css';

const root = document.getElementById('root')!;
// The join page arrives prerendered (join.html): take its markup over instead of drawing it
// again, so nothing flashes and what was typed before the script came stays.
const prerendered = root.firstElementChild !== null;
const handOver = () => handOverTyping(root);

const app = (
  <StrictMode>
    <I18nProvider>
      <AuthProvider>
        {/* The same tree as the build's prerender (src/prerender.tsx), so hydration matches. */}
        <Router>
          <App />
          {prerendered && <AfterHydration run={handOver} />}
        </Router>
      </AuthProvider>
    </I18nProvider>
  </StrictMode>
);

/**
 * Fields typed in before the script came keep their text through hydration, but React's state
 * does not know it: once React has taken the page over, tell it, as a typing would (its value
 * tracker is moved back to the HTML's value first, so that the change is seen).
 */
function handOverTyping(root: HTMLElement): void {
  const fields = root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea');
  for (const field of Array.from(fields)) {
    if (field.value === field.defaultValue) continue;
    const typed = field.value;
    const setValue = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field), 'value')?.set;
    field.value = field.defaultValue;
    setValue?.call(field, typed);
    field.dispatchEvent(new Event('input', { bubbles: true }));
  }
}

/** Renders nothing; its effect runs once the hydrated page is committed. */
function AfterHydration({ run }: { run(): void }) {
  useEffect(run, [run]);
  return null;
}

if (prerendered) hydrateRoot(root, app);
else createRoot(root).render(app);

registerServiceWorker();
