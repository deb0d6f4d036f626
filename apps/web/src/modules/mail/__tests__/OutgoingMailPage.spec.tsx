import type { OutgoingMailPage as Outbox, StaffRole } from '@permanente/contracts';
import { fireEvent, render, screen } from '@testing-library/react';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { I18nProvider } from '@web/i18n/i18n';
import { AuthProvider } from '@web/modules/auth/AuthProvider';
import { QueryProvider } from '@web/shared/query/QueryProvider';
import { OutgoingMailPage } from '../components/OutgoingMailPage';
import { reply, staffSession } from '@web/test-support/staff-session';

const mail = (n: number, status: Outbox['items'][number]['status']) => ({
  id: `m-${n}`,
  category: 'proposal_updates',
  recipient: `personne${n}@example.org`,
  language: 'fr',
  subject: `Réponse à la proposition « Proposition ${n} »`,
  text: `Le texte du courriel ${n}`,
  status,
  attempts: status === 'pending' ? 0 : 2,
  lastError: status === 'failed' ? '421 Busy' : null,
  createdAt: '2026-03-03T09:00:00.000Z',
  sentAt: null,
});

function fakeApi(roles: StaffRole[], smtpConfigured: boolean) {
  const urls: string[] = [];
  global.fetch = jest.fn(async (url: string) => {
    urls.push(url);
    if (url === '/api/auth/session') return reply(200, staffSession(roles));
    if (url.startsWith('/api/mail/outbox')) {
      const offset = Number(new URL(url, 'http://x').searchParams.get('offset'));
      const page: Outbox = {
        items:
          offset === 0
            ? [mail(1, 'pending'), mail(2, 'failed')]
            : [mail(21, 'sent'), mail(22, 'cancelled')],
        total: 22,
        limit: 20,
        offset,
        smtpConfigured,
      };
      return reply(200, page);
    }
    return reply(404, { message: url });
  }) as jest.Mock;
  return urls;
}

function renderPage() {
  render(
    <I18nProvider initialLocale="fr">
      <AuthProvider>
        <QueryProvider>
          <Router hook={memoryLocation({ path: '/organisation/mail' }).hook}>
            <OutgoingMailPage />
          </Router>
        </QueryProvider>
      </AuthProvider>
    </I18nProvider>,
  );
}

describe('OutgoingMailPage', () => {
  beforeEach(() => window.localStorage.clear());

  it('is reserved to organisers: an official sees the notice and the outbox is not asked for', async () => {
    const urls = fakeApi(['official'], false);
    renderPage();
    expect(
      await screen.findByText('Cet espace est réservé à l’équipe d’organisation.'),
    ).toBeTruthy();
    expect(urls.some((url) => url.startsWith('/api/mail/outbox'))).toBe(false);
  });

  it('says mails are kept without SMTP_URL, lists them with their status, and pages', async () => {
    fakeApi(['organiser'], false);
    renderPage();
    expect(await screen.findByText(/Aucun serveur d’envoi n’est configuré/)).toBeTruthy();
    expect(screen.getByText('22 courriels')).toBeTruthy();
    expect(
      screen.getByRole('heading', { level: 2, name: 'Réponse à la proposition « Proposition 1 »' }),
    ).toBeTruthy();
    expect(screen.getByText(/À personne1@example.org · En attente · 0 tentative/)).toBeTruthy();
    expect(screen.getByText('Dernière erreur : 421 Busy')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Plus anciens' }));
    expect(
      await screen.findByText(/À personne21@example.org · Envoyé · 2 tentatives/),
    ).toBeTruthy();
    expect(screen.getByText(/Annulé \(désinscription\)/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Plus anciens' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Plus récents' })).toBeTruthy();
  });
});
