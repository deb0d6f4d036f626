import type { JoinWorkshopResponse } from '@permanente/contracts';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { I18nProvider } from '@web/i18n/i18n';
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

  it('refuses a malformed code without calling the API, saying which character is wrong', () => {
    global.fetch = jest.fn() as jest.Mock;
    renderJoin();
    const input = screen.getByLabelText('Code de l’atelier');
    const typed = (value: string) => {
      fireEvent.change(input, { target: { value } });
      submit();
      return screen.getByRole('alert');
    };
    expect(typed('AB')).toHaveTextContent('Le code compte 6 caractères : il en manque 4.');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(typed('K7P2QXYZ')).toHaveTextContent(
      'Le code compte 6 caractères : 2 caractères de trop.',
    );
    expect(typed('K7P2Q!')).toHaveTextContent(
      'Le 6e caractère, « ! », n’est ni une lettre ni un chiffre.',
    );
    expect(typed('?7P2QX')).toHaveTextContent(
      'Le 1er caractère, « ? », n’est ni une lettre ni un chiffre.',
    );
    expect(typed('K7É2QX')).toHaveTextContent(
      'Le 3e caractère, « É », n’est pas dans les codes : ils n’ont que des lettres sans accent et des chiffres.',
    );
    expect(typed('')).toHaveTextContent('Tapez le code affiché dans la salle');
    expect(global.fetch).not.toHaveBeenCalled();
  });

  it('accepts look-alikes: O typed for 0, I or L for 1', async () => {
    respond(201, joined);
    renderJoin();
    fireEvent.change(screen.getByLabelText('Code de l’atelier'), {
      target: { value: 'k7p oql' },
    });
    submit();
    await waitFor(() => expect(global.fetch).toHaveBeenCalledTimes(1));
    const [, init] = (global.fetch as jest.Mock).mock.calls[0];
    expect(JSON.parse(init.body)).toMatchObject({ code: 'K7P0Q1' });
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
