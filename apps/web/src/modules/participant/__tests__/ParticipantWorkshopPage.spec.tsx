import type { ParticipantSelfResponse, WorkshopParticipantView } from '@permanente/contracts';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { I18nProvider } from '@web/i18n/i18n';
import { ParticipantApp } from '../components/ParticipantApp';

// The live socket is not under test here: a socket that never connects.
jest.mock('socket.io-client', () => ({
  io: () => {
    const socket = {
      connected: false,
      on: () => socket,
      connect: () => socket,
      disconnect: () => socket,
      removeAllListeners: () => socket,
      timeout: () => socket,
    };
    return socket;
  },
}));

const participant: ParticipantSelfResponse = {
  id: 'participant-1',
  workshopId: 'workshop-1',
  displayName: null,
  profile: {},
  joinedAt: '2025-01-01T10:00:00.000Z',
  erasedAt: null,
};
const workshop: WorkshopParticipantView = {
  id: 'workshop-1',
  title: 'Fabrik de Vierzon',
  kind: 'fabrik',
  status: 'scheduled',
  place: 'Salle des fêtes, Vierzon',
  startsAt: null,
};

const ok = (body: unknown) => ({ ok: true, status: 200, json: async () => body });

function store() {
  window.localStorage.setItem(
    'permanente.participation',
    JSON.stringify({
      token: 'p1.secret',
      participantId: 'participant-1',
      workshopId: 'workshop-1',
      workshopTitle: 'Fabrik de Vierzon',
    }),
  );
}

/** A tiny fake of the participant API. */
function fakeApi() {
  global.fetch = jest.fn().mockImplementation(async (url: string, init: RequestInit) => {
    if (url === '/api/workshops/workshop-1') return ok(workshop);
    if (url === '/api/participants/me' && init.method === 'PATCH')
      return ok({ ...participant, ...JSON.parse(init.body as string) });
    if (url === '/api/participants/me') return ok(participant);
    if (url === '/api/participants/me/personal-data')
      return ok({ ...participant, erasedAt: '2025-01-01T11:00:00.000Z' });
    throw new Error(`unexpected ${url}`);
  }) as jest.Mock;
}

/** The participant's layout at an address: the workshop page, or "my data" (`/data`). */
function renderPage(path = '/w/workshop-1') {
  const location = memoryLocation({ path });
  return render(
    <I18nProvider initialLocale="fr">
      <Router hook={location.hook}>
        <ParticipantApp />
      </Router>
    </I18nProvider>,
  );
}
const DATA = '/w/workshop-1/data';

describe('ParticipantWorkshopPage', () => {
  beforeEach(() => {
    window.localStorage.clear();
    document.documentElement.className = '';
  });
  afterEach(() => jest.restoreAllMocks());

  it('sends to the join page a phone that has not joined this workshop', () => {
    global.fetch = jest.fn() as jest.Mock;
    renderPage();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(
      'Vous n’avez pas rejoint cet atelier',
    );
    expect(screen.getByRole('link', { name: 'Rejoindre un atelier' })).toHaveAttribute(
      'href',
      '/join',
    );
    expect(global.fetch).not.toHaveBeenCalled();
  });

  it('shows the workshop in the participant layout: its name, no staff navigation, "Mes données"', async () => {
    store();
    fakeApi();
    renderPage();
    expect(await screen.findByText('Lieu : Salle des fêtes, Vierzon')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Fabrik de Vierzon');
    expect(screen.getByText('L’atelier n’a pas encore commencé.')).toBeInTheDocument();
    const header = screen.getByRole('banner');
    expect(within(header).getByRole('link', { name: 'Fabrik de Vierzon' })).toHaveAttribute(
      'href',
      '/w/workshop-1',
    );
    expect(within(header).getByRole('link', { name: 'Mes données' })).toHaveAttribute('href', DATA);
    expect(within(header).getByRole('group', { name: 'Langue' })).toBeInTheDocument();
    // No staff navigation on the phone.
    expect(screen.queryByRole('navigation')).toBeNull();
    expect(screen.queryByRole('link', { name: 'Espace élus' })).toBeNull();
    expect(global.fetch).toHaveBeenCalledWith(
      '/api/participants/me',
      expect.objectContaining({
        headers: expect.objectContaining({ authorization: 'Bearer p1.secret' }),
      }),
    );
  });

  it('"Mes données" lets the participant name itself', async () => {
    store();
    fakeApi();
    renderPage(DATA);
    expect(await screen.findByRole('heading', { level: 1 })).toHaveTextContent('Mes données');
    fireEvent.change(await screen.findByLabelText(/prénom ou un pseudonyme/), {
      target: { value: 'Lucie' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
    expect(await screen.findByText('Vous participez sous le nom « Lucie ».')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Retour à l’atelier' })).toHaveAttribute(
      'href',
      '/w/workshop-1',
    );
  });

  it('keeps "larger text, stronger contrast" on the phone', async () => {
    store();
    fakeApi();
    const first = renderPage();
    const toggle = screen.getByRole('button', { name: 'Texte plus grand' });
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    fireEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    expect(document.documentElement).toHaveClass('large-text');
    expect(window.localStorage.getItem('permanente.largeText')).toBe('on');
    first.unmount();
    // Leaving the participant's pages gives the staff screens their own size back.
    expect(document.documentElement).not.toHaveClass('large-text');
    renderPage(DATA);
    expect(screen.getByRole('button', { name: 'Texte plus grand' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(document.documentElement).toHaveClass('large-text');
    await screen.findByRole('heading', { name: 'Mes données' });
  });

  it('stores profile answers only with the consent box ticked', async () => {
    store();
    fakeApi();
    renderPage(DATA);
    fireEvent.change(await screen.findByLabelText('Tranche d’âge'), {
      target: { value: '25_34' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer mes réponses' }));
    expect(
      screen.getByText('Cochez la case d’accord pour enregistrer vos réponses.'),
    ).toBeVisible();
    fireEvent.click(screen.getByRole('checkbox'));
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer mes réponses' }));
    expect(await screen.findByText('Enregistré.')).toBeVisible();
    const patch = (global.fetch as jest.Mock).mock.calls.find(
      ([, init]) => (init as RequestInit).method === 'PATCH',
    ) as [string, RequestInit];
    expect(JSON.parse(patch[1].body as string)).toEqual({
      profile: { ageBand: '25_34' },
      profileConsent: true,
    });
  });

  it('erases after a confirmation, and forgets the credential on leaving', async () => {
    store();
    fakeApi();
    renderPage(DATA);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Effacer mes données personnelles' }),
    );
    expect(screen.getByText('Confirmer l’effacement ? Il est définitif.')).toBeVisible();
    fireEvent.click(screen.getByRole('button', { name: 'Oui, effacer' }));
    expect(await screen.findByText(/Vos contributions restent, sans nom/)).toBeVisible();
    expect(global.fetch).toHaveBeenCalledWith(
      '/api/participants/me/personal-data',
      expect.objectContaining({ method: 'DELETE' }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Quitter cet atelier sur ce téléphone' }));
    fireEvent.click(screen.getByRole('button', { name: 'Oui, quitter' }));
    expect(await screen.findByRole('heading', { level: 1 })).toHaveTextContent(
      'Vous avez quitté l’atelier',
    );
    expect(window.localStorage.getItem('permanente.participation')).toBeNull();
  });
});
