import type { ProposalDetail } from '@permanente/contracts';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { I18nProvider } from '@web/i18n/i18n';
import { AuthProvider } from '@web/modules/auth/AuthProvider';
import { QueryProvider } from '@web/shared/query/QueryProvider';
import { ProposalPage } from '../components/ProposalPage';

const proposal: ProposalDetail = {
  id: 'p-1',
  title: 'Un transport à la demande',
  status: 'answered',
  source: 'workshop',
  sourceBody: null,
  authors: 'Participant·es de Fabrik de Montargis',
  themes: ['Mobilité'],
  territoryId: 't-1',
  territoryName: 'Montargis',
  campaignId: 'c-1',
  publishedAt: '2026-03-03T18:00:00.000Z',
  answerDueAt: '2026-06-01T18:00:00.000Z',
  answeredAt: '2026-04-01T10:00:00.000Z',
  overdue: false,
  supportsCount: 4,
  answerState: 'accepted',
  progress: 40,
  ideaCount: 14,
  need: 'Sans voiture, on ne va nulle part.',
  action: 'Un transport à la demande.',
  campaignTitle: 'Démocratie permanente 2026',
  answerStates: ['accepted', 'rejected'],
  provenance: {
    workshopId: 'w-1',
    workshopTitle: 'Fabrik de Montargis',
    workshopDate: '2026-03-03T18:00:00.000Z',
    themeName: 'Mobilité',
    ideaCount: 14,
    ideas: [{ id: 'i-1', text: 'Un bus le samedi' }],
    panelId: null,
  },
  answers: [
    {
      version: 2,
      state: 'accepted',
      reasons: 'Au budget 2027.',
      officialName: 'Jean Exemple',
      officialOffice: 'Conseiller régional',
      answeredAt: '2026-04-10T10:00:00.000Z',
    },
    {
      version: 1,
      state: 'under_study',
      reasons: 'À l’étude.',
      officialName: 'Jean Exemple',
      officialOffice: 'Conseiller régional',
      answeredAt: '2026-04-01T10:00:00.000Z',
    },
  ],
  followUps: [
    {
      id: 'f-1',
      progress: 40,
      text: 'Deux lignes ouvertes.',
      authorName: 'Jean Exemple',
      at: '2026-05-01T10:00:00.000Z',
    },
  ],
  supportsOverTime: [],
  supportedByMe: false,
};

const reply = (status: number, body: unknown) => ({
  ok: status < 400,
  status,
  headers: new Headers(),
  json: async () => body,
});

describe('ProposalPage', () => {
  beforeEach(() => window.localStorage.clear());

  it('shows the answer, its history, the follow-ups and the provenance, and supports once as a public supporter', async () => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    global.fetch = jest.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      if (url === '/api/auth/session') return reply(401, { message: 'no' });
      if (url === '/api/proposals/p-1') return reply(200, proposal);
      if (url === '/api/proposals/p-1/comments') return reply(200, []);
      if (url === '/api/proposals/supporters') return reply(201, { token: 's1.abc' });
      if (url === '/api/proposals/p-1/supports')
        return reply(200, { supported: true, created: true, supportsCount: 5 });
      return reply(404, { message: url });
    }) as jest.Mock;
    render(
      <I18nProvider>
        <AuthProvider>
          <QueryProvider>
            <Router hook={memoryLocation({ path: '/proposals/p-1' }).hook}>
              <ProposalPage id="p-1" />
            </Router>
          </QueryProvider>
        </AuthProvider>
      </I18nProvider>,
    );
    expect(await screen.findByRole('heading', { level: 1, name: proposal.title })).toBeTruthy();
    expect(screen.getByTestId('answer').textContent).toContain('Au budget 2027.');
    expect(screen.getByText('Réponses précédentes (1)')).toBeTruthy();
    expect(screen.getByTestId('provenance').textContent).toContain(
      'Construite à partir de 14 idées de l’atelier « Fabrik de Montargis »',
    );
    expect(screen.getByText('Deux lignes ouvertes.')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Soutenir cette proposition' }));
    await waitFor(() => expect(screen.getByText('5 soutiens')).toBeTruthy());
    const support = calls.find((call) => call.url === '/api/proposals/p-1/supports')!;
    expect((support.init.headers as Record<string, string>)['x-supporter-token']).toBe('s1.abc');
    expect(window.localStorage.getItem('permanente.supporterToken')).toBe('s1.abc');
    expect(screen.queryByRole('button', { name: 'Soutenir cette proposition' })).toBeNull();
  });
});
