// Build-time only (apps/web/build/prerender-join.ts): the participant pages as HTML, so the
// join form is in the page the API sends before any JavaScript runs.
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { Router } from 'wouter';
import { App } from './app/App';
import { DEFAULT_LOCALE, I18nProvider } from './i18n/i18n';
import { AuthProvider } from './modules/auth/AuthProvider';

export function renderParticipantPage(path: string): string {
  return renderToString(
    <StrictMode>
      <I18nProvider initialLocale={DEFAULT_LOCALE}>
        <AuthProvider>
          <Router ssrPath={path}>
            <App />
          </Router>
        </AuthProvider>
      </I18nProvider>
    </StrictMode>,
  );
}
