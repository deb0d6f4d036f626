import type { AnswerStateUsage, StaffRole } from '@permanente/contracts';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { I18nProvider } from '@web/i18n/i18n';
import { AuthProvider } from '@web/modules/auth/AuthProvider';
import { QueryProvider } from '@web/shared/query/QueryProvider';
import { AnswerStatesPage } from '../components/AnswerStatesPage';
import { reply, staffSession } from '@web/test-support/staff-session';

const STATES_URL = '/api/proposals/campaigns/c-1/answer-states';

/** A fake API: the campaign's states, and what the PUT answers (a status and a body). */
function fakeApi(roles: StaffRole[], put: { status: number; body: unknown }) {
  let usage: AnswerStateUsage[] = [
    { state: 'accepted', answers: 2 },
    { state: 'rejected', answers: 1 },
    { state: 'under_study', answers: 0 },
  ];
  const calls: Array<{ url: string; init: RequestInit }> = [];
  global.fetch = jest.fn(async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    if (url === '/api/auth/session') return reply(200, staffSession(roles));
    if (url === '/api/campaigns')
      return reply(200, [{ id: 'c-1', title: 'Démocratie permanente 2026' }]);
    if (url === STATES_URL && init.method === 'PUT') {
      if (put.status === 200) {
        const states = (JSON.parse(init.body as string) as { states: string[] }).states;
        usage = states.map((state) => ({
          state,
          answers: usage.find((u) => u.state === state)?.answers ?? 0,
        }));
        return reply(200, states);
      }
      return reply(put.status, put.body);
    }
    if (url === STATES_URL) return reply(200, usage);
    return reply(404, { message: url });
  }) as jest.Mock;
  return calls;
}

function renderPage() {
  render(
    <I18nProvider initialLocale="fr">
      <AuthProvider>
        <QueryProvider>
          <Router hook={memoryLocation({ path: '/organisation/answer-states' }).hook}>
            <AnswerStatesPage />
          </Router>
        </QueryProvider>
      </AuthProvider>
    </I18nProvider>,
  );
}

const stateInputs = () =>
  screen
    .getAllByRole('textbox', { name: /^État n° \d+$/ })
    .map((input) => (input as HTMLInputElement).value);

describe('AnswerStatesPage', () => {
  beforeEach(() => window.localStorage.clear());

  it('is reserved to organisers: an official sees the notice and the states are not asked for', async () => {
    const calls = fakeApi(['official'], { status: 200, body: [] });
    renderPage();
    expect(
      await screen.findByText('Cet espace est réservé à l’équipe d’organisation.'),
    ).toBeTruthy();
    expect(calls.map((call) => call.url)).not.toContain(STATES_URL);
  });

  it('lists the states in order with their use, adds, reorders (focus follows) and saves', async () => {
    const calls = fakeApi(['organiser'], { status: 200, body: null });
    renderPage();
    await screen.findByRole('heading', { level: 2, name: 'États de la démarche' });
    expect(stateInputs()).toEqual(['accepted', 'rejected', 'under_study']);
    expect(
      screen.getByText(/affiché « Acceptée » · réponse actuelle de 2 propositions/),
    ).toBeTruthy();
    expect(screen.getByText(/affiché « À l’étude » · aucune réponse actuelle/)).toBeTruthy();

    // A bad name is refused on the spot, with the reason.
    fireEvent.change(screen.getByLabelText('Nouvel état'), { target: { value: 'Pas Valide' } });
    fireEvent.click(screen.getByRole('button', { name: 'Ajouter l’état' }));
    const newInput = screen.getByLabelText('Nouvel état');
    expect(newInput.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('answer-state-new-error')!.textContent).toContain(
      '« Pas Valide » n’est pas un état valable',
    );
    expect(stateInputs()).toHaveLength(3);

    fireEvent.change(screen.getByLabelText('Nouvel état'), {
      target: { value: 'referred_to_state' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Ajouter l’état' }));
    expect(stateInputs()).toEqual(['accepted', 'rejected', 'under_study', 'referred_to_state']);
    expect(screen.getByText(/affiché « referred to state »/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Monter « referred_to_state »' }));
    expect(stateInputs()).toEqual(['accepted', 'rejected', 'referred_to_state', 'under_study']);
    await waitFor(() =>
      expect(document.activeElement).toBe(
        screen.getByRole('button', { name: 'Monter « referred_to_state »' }),
      ),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Retirer « under_study »' }));
    expect(stateInputs()).toEqual(['accepted', 'rejected', 'referred_to_state']);

    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer les états' }));
    expect(await screen.findByText('États enregistrés.')).toBeTruthy();
    const put = calls.find((call) => call.init?.method === 'PUT')!;
    expect(JSON.parse(put.init.body as string)).toEqual({
      states: ['accepted', 'rejected', 'referred_to_state'],
    });
    expect((put.init.headers as Record<string, string>)['x-csrf-token']).toBe('csrf-1');
  });

  it('shows the 409 of a removed state still answered, in French, with the count from the API', async () => {
    fakeApi(['organiser'], {
      status: 409,
      body: { statusCode: 409, error: 'conflict', message: 'rejected (1 answer)' },
    });
    renderPage();
    await screen.findByRole('heading', { level: 2, name: 'États de la démarche' });
    fireEvent.click(screen.getByRole('button', { name: 'Retirer « rejected »' }));
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer les états' }));
    await waitFor(() =>
      expect(
        screen
          .getAllByRole('alert')
          .map((a) => a.textContent)
          .join(' '),
      ).toContain(
        'Enregistrement refusé : un état retiré ou renommé est encore la réponse actuelle de propositions : « Refusée » (1 proposition).',
      ),
    );
    // The list stays as edited, so that the organiser can put the state back.
    expect(stateInputs()).toEqual(['accepted', 'under_study']);
  });
});
