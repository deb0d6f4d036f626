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

const root = document.getElementById('root')!;
// The join page arrives prerendered (join.html): take its markup over instead of drawing it
// again, so nothing flashes and what was typed before the script came stays.
if (root.firstElementChild) hydrateRoot(root, app);
else createRoot(root).render(app);

registerServiceWorker();
