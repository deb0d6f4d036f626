import type { SessionResponse } from '@permanente/contracts';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { I18nProvider } from '@web/i18n/i18n';
import { AuthProvider } from '@web/modules/auth/AuthProvider';
import { App } from '../App';

const session = {
  user: { displayName: 'Camille Animatrice (Cher)', roles: ['facilitator'] },
  csrfToken: 'csrf-1',
} as SessionResponse;

/** Renders the app at `path`, once the session check has answered (signed out by default). */
async function renderAt(path: string, signedIn: SessionResponse | null = null) {
  global.fetch = jest
    .fn()
    .mockImplementation(async (url: string) =>
      url === '/api/auth/session' && signedIn
        ? { ok: true, status: 200, json: async () => signedIn }
        : { ok: false, status: 401, json: async () => ({ statusCode: 401, message: 'Sign in' }) },
    ) as jest.Mock;
  const location = memoryLocation({ path, record: true });
  render(
    <I18nProvider>
      <AuthProvider>
        <Router hook={location.hook}>
          <App />
        </Router>
      </AuthProvider>
    </I18nProvider>,
  );
  await act(async () => undefined);
  return location;
}

describe('App shell', () => {
  beforeEach(() => window.localStorage.clear());
  afterEach(() => jest.restoreAllMocks());

  it('speaks French by default and switches to English on request, remembering it', async () => {
    await renderAt('/');
    expect(document.documentElement.lang).toBe('fr');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Faire entendre sa voix');
    act(() => fireEvent.click(screen.getByRole('button', { name: 'English' })));
    expect(document.documentElement.lang).toBe('en');
    // The English catalogue is a chunk of its own: it arrives a moment later.
    await waitFor(() =>
      expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Be heard'),
    );
    expect(screen.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');
    expect(window.localStorage.getItem('permanente.locale')).toBe('en');
  });

  it('reserves a route for each audience and marks the current one', async () => {
    await renderAt('/officials');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Espace des élus');
    expect(screen.getByRole('link', { name: 'Espace élus' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    expect(screen.getByRole('link', { name: 'Participer' })).not.toHaveAttribute('aria-current');
    // Signed out: the staff spaces point to the sign-in page, and so does the header.
    expect(screen.getByText(/Cet espace est réservé à l’équipe/)).toBeInTheDocument();
    expect(screen.getAllByRole('link', { name: 'Se connecter' })[0]).toHaveAttribute(
      'href',
      '/login',
    );
  });

  it('shows the signed-in staff member in the header', async () => {
    await renderAt('/officials', session);
    const nav = screen.getByRole('navigation');
    expect(nav).toHaveTextContent('Camille Animatrice (Cher)');
    expect(screen.getByRole('button', { name: 'Se déconnecter' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Se connecter' })).not.toBeInTheDocument();
    expect(screen.queryByText(/Cet espace est réservé à l’équipe/)).not.toBeInTheDocument();
  });

  it('shows a not-found page for an unknown address', async () => {
    await renderAt('/nulle-part');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Page introuvable');
  });
});
