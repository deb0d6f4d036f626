import type { JoinWorkshopResponse } from '@permanente/contracts';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { I18nProvider } from '../../../i18n/i18n';
import { JoinPage } from '../components/JoinPage';

const joined: JoinWorkshopResponse = {
  token: 'p1.secret',
  participant: {
    id: 'participant-1',
    workshopId: 'workshop-1',
    displayName: 'Lucie',
    profile: {},
    joinedAt: '2025-01-01T10:00:00.000Z',
    erasedAt: null,
  },
  workshop: {
    id: 'workshop-1',
    title: 'Fabrik de Vierzon',
    kind: 'fabrik',
    status: 'scheduled',
    place: 'Salle des fêtes, Vierzon',
    startsAt: null,
  },
};

function respond(status: number, body: unknown) {
  global.fetch = jest
    .fn()
    .mockResolvedValue({ ok: status < 400, status, json: async () => body }) as jest.Mock;
}

function renderJoin(initialCode?: string) {
  const location = memoryLocation({ path: '/join', record: true });
  render(
    <I18nProvider initialLocale="fr">
      <Router hook={location.hook}>
        <JoinPage initialCode={initialCode} />
      </Router>
    </I18nProvider>,
  );
  return location;
}

const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Rejoindre' }));

describe('JoinPage', () => {
  beforeEach(() => window.localStorage.clear());
  afterEach(() => jest.restoreAllMocks());

  it('refuses a malformed code without calling the API', () => {
    global.fetch = jest.fn() as jest.Mock;
    renderJoin();
    const input = screen.getByLabelText('Code de l’atelier');
    fireEvent.change(input, { target: { value: 'AB' } });
    submit();
    expect(screen.getByRole('alert')).toHaveTextContent('Le code compte 6 lettres ou chiffres.');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    // Look-alikes (0/O, 1/I/L) are not in the alphabet of the codes.
    fireEvent.change(input, { target: { value: 'K7P2Q0' } });
    submit();
    expect(screen.getByRole('alert')).toHaveTextContent('Le code compte 6 lettres ou chiffres.');
    expect(global.fetch).not.toHaveBeenCalled();
  });

  it('joins with the normalised code, keeps the credential and opens the workshop', async () => {
    respond(201, joined);
    const location = renderJoin();
    fireEvent.change(screen.getByLabelText('Code de l’atelier'), {
      target: { value: ' k7p-2qx ' },
    });
    fireEvent.change(screen.getByLabelText(/prénom ou un pseudonyme/), {
      target: { value: ' Lucie ' },
    });
    submit();
    await waitFor(() => expect(location.history).toContain('/w/workshop-1'));
    const [path, init] = (global.fetch as jest.Mock).mock.calls[0] as [string, RequestInit];
    expect(path).toBe('/api/workshops/join');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string)).toEqual({ code: 'K7P2QX', displayName: 'Lucie' });
    expect(JSON.parse(window.localStorage.getItem('permanente.participation')!)).toEqual({
      token: 'p1.secret',
      participantId: 'participant-1',
      workshopId: 'workshop-1',
      workshopTitle: 'Fabrik de Vierzon',
    });
  });

  it('prefills the code carried by the address of a QR code', () => {
    renderJoin('k7p2qx');
    expect(screen.getByLabelText('Code de l’atelier')).toHaveValue('K7P2QX');
  });

  it('says when no open workshop has the code', async () => {
    respond(404, {
      statusCode: 404,
      error: 'not_found',
      message: 'No open workshop has this code',
    });
    renderJoin('K7P2QX');
    submit();
    expect(await screen.findByText(/Aucun atelier ouvert n’a ce code/)).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('Aucun atelier ouvert n’a ce code');
    expect(screen.getByLabelText('Code de l’atelier')).toHaveAttribute('aria-invalid', 'true');
    expect(window.localStorage.getItem('permanente.participation')).toBeNull();
  });

  it('says when the workshop is closed, and when the network fails', async () => {
    respond(409, { statusCode: 409, error: 'conflict', message: 'This workshop is closed' });
    renderJoin('K7P2QX');
    submit();
    expect(await screen.findByText(/Cet atelier est terminé/)).toBeInTheDocument();
    global.fetch = jest.fn().mockRejectedValue(new TypeError('Failed to fetch')) as jest.Mock;
    submit();
    expect(await screen.findByText(/Le réseau ne répond pas/)).toBeInTheDocument();
  });

  it('offers to go back to the workshop this phone already takes part in', () => {
    window.localStorage.setItem(
      'permanente.participation',
      JSON.stringify({
        token: 'p1.secret',
        participantId: 'participant-1',
        workshopId: 'workshop-1',
        workshopTitle: 'Fabrik de Vierzon',
      }),
    );
    renderJoin();
    expect(screen.getByText(/Vous participez déjà à « Fabrik de Vierzon »/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Retourner à l’atelier' })).toHaveAttribute(
      'href',
      '/w/workshop-1',
    );
  });
});
