import type { StaffRole } from '@permanente/contracts';
import { render, screen } from '@testing-library/react';
import { I18nProvider } from '@web/i18n/i18n';
import { AuthProvider } from '../AuthProvider';
import { FACILITATION, RequireRole } from '../components/RequireRole';
import { staffSession } from '@web/test-support/staff-session';

/** The session route answers with these roles, or 401 (signed out) when null. */
function signedInAs(roles: StaffRole[] | null) {
  global.fetch = jest.fn(async () =>
    roles
      ? { ok: true, status: 200, headers: new Headers(), json: async () => staffSession(roles) }
      : { ok: false, status: 401, headers: new Headers(), json: async () => ({}) },
  ) as jest.Mock;
}

function renderGate(gate: 'facilitation' | 'any staff') {
  render(
    <I18nProvider initialLocale="fr">
      <AuthProvider>
        {gate === 'facilitation' ? (
          <RequireRole title="Console" roles={FACILITATION} refusal="facilitator.notAllowed">
            <p>la console</p>
          </RequireRole>
        ) : (
          <RequireRole title="Élus">
            <p>les propositions</p>
          </RequireRole>
        )}
      </AuthProvider>
    </I18nProvider>,
  );
}

describe('RequireRole', () => {
  it('asks a signed-out visitor to sign in', async () => {
    signedInAs(null);
    renderGate('facilitation');
    expect(await screen.findByText(/connectez-vous/)).toBeTruthy();
    expect(screen.queryByText('la console')).toBeNull();
  });

  it('tells an account without the role that the space is not theirs', async () => {
    signedInAs(['official']);
    renderGate('facilitation');
    expect(
      await screen.findByText('Cet espace est réservé aux animateurs et aux organisateurs.'),
    ).toBeTruthy();
    expect(screen.queryByText('la console')).toBeNull();
  });

  it('shows the page to an account holding one of the roles', async () => {
    signedInAs(['organiser']);
    renderGate('facilitation');
    expect(await screen.findByText('la console')).toBeTruthy();
  });

  it('lets any signed-in staff through when no role is named', async () => {
    signedInAs(['official']);
    renderGate('any staff');
    expect(await screen.findByText('les propositions')).toBeTruthy();
  });
});
