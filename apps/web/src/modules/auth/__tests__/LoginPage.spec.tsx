import type { SessionResponse } from '@permanente/contracts';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { I18nProvider } from '@web/i18n/i18n';
import { AuthProvider } from '../AuthProvider';
import { LoginPage } from '../components/LoginPage';

const session: SessionResponse = {
  user: {
    id: 'user-1',
    email: 'animation.cher@permanente.test',
    displayName: 'Camille Animatrice (Cher)',
    roles: ['facilitator'],
    office: null,
    scopeTerritoryIds: [],
    disabled: false,
    createdAt: '2025-01-01T10:00:00.000Z',
  },
  csrfToken: 'csrf-1',
  expiresAt: '2025-01-02T10:00:00.000Z',
  idleExpiresAt: '2025-01-01T12:00:00.000Z',
};

const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  ok: status < 400,
  status,
  headers: new Headers(headers),
  json: async () => body,
});
const unauthorised = (message: string) =>
  reply(401, { statusCode: 401, error: 'unauthorized', message });

/** The first call is the session check of the provider; the next ones are the logins. */
function answer(...logins: Array<ReturnType<typeof reply>>) {
  const mock = jest.fn().mockResolvedValueOnce(unauthorised('Sign in or join the workshop first'));
  for (const login of logins) mock.mockResolvedValueOnce(login);
  global.fetch = mock as jest.Mock;
  return mock;
}

async function renderLogin() {
  const location = memoryLocation({ path: '/login', record: true });
  render(
    <I18nProvider initialLocale="fr">
      <AuthProvider>
        <Router hook={location.hook}>
          <LoginPage />
        </Router>
      </AuthProvider>
    </I18nProvider>,
  );
  await act(async () => undefined); // the provider's session check settles (signed out)
  return location;
}

function signIn(email: string, password: string) {
  fireEvent.change(screen.getByLabelText('Adresse e-mail'), { target: { value: email } });
  fireEvent.change(screen.getByLabelText('Mot de passe'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Se connecter' }));
}

describe('LoginPage', () => {
  afterEach(() => jest.restoreAllMocks());

  it('asks for the password manager’s fields', async () => {
    answer();
    await renderLogin();
    expect(screen.getByLabelText('Adresse e-mail')).toHaveAttribute('autocomplete', 'username');
    expect(screen.getByLabelText('Mot de passe')).toHaveAttribute(
      'autocomplete',
      'current-password',
    );
  });

  it('shows the error of a wrong password, after calling the login endpoint', async () => {
    const fetch = answer(unauthorised('Email or password is incorrect'));
    await renderLogin();
    signIn('animation.cher@permanente.test', 'wrong');
    expect(await screen.findByText('Adresse e-mail ou mot de passe incorrect.')).toBeVisible();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Adresse e-mail ou mot de passe incorrect.',
    );
    expect(fetch).toHaveBeenCalledWith(
      '/api/auth/login',
      expect.objectContaining({
        method: 'POST',
        body: JSON.stringify({ email: 'animation.cher@permanente.test', password: 'wrong' }),
      }),
    );
    expect(screen.getByLabelText('Mot de passe')).toHaveValue('');
  });

  it('says how long to wait after too many attempts', async () => {
    answer(
      reply(
        429,
        { statusCode: 429, error: 'too_many_requests', message: 'Too many failed logins' },
        { 'retry-after': '42' },
      ),
    );
    await renderLogin();
    signIn('animation.cher@permanente.test', 'wrong');
    expect(
      await screen.findByText('Trop de tentatives : réessayez dans 42 secondes.'),
    ).toBeVisible();
  });

  it('signs in and goes to the staff space', async () => {
    answer(reply(200, session));
    const location = await renderLogin();
    signIn(' animation.cher@permanente.test ', 'demo-animation-cher');
    await waitFor(() => expect(location.history).toContain('/staff'));
    expect(await screen.findByText(/connecté·e en tant que Camille Animatrice/)).toBeVisible();
  });

  it('asks for both fields before calling the API', async () => {
    const fetch = answer();
    await renderLogin();
    fireEvent.click(screen.getByRole('button', { name: 'Se connecter' }));
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Saisissez votre adresse e-mail et votre mot de passe.',
    );
    expect(fetch).toHaveBeenCalledTimes(1); // the session check only
  });
});
