import type { ProposalNotification } from '@permanente/contracts';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { I18nProvider } from '@web/i18n/i18n';
import { AnswerNotices } from '../components/AnswerNotices';
import { ANSWER_NOTICES_POLL_MS } from '../hooks/useAnswerNotices';

const reply = (status: number, body: unknown) => ({
  ok: status < 400,
  status,
  headers: new Headers(),
  json: async () => body,
});

const note = (over: Partial<ProposalNotification>): ProposalNotification => ({
  proposalId: 'p-1',
  title: 'Un bus le samedi',
  kind: 'answered',
  detail: 'accepted',
  at: '2026-04-10T10:00:00.000Z',
  fromWorkshop: true,
  ...over,
});

/** Answers `responses` in turn (the last one again), and records the URLs and headers. */
function fakeNotifications(...responses: Array<{ status: number; body: unknown }>) {
  const calls: Array<{ url: string; headers: Record<string, string> }> = [];
  global.fetch = jest.fn(async (url: string, init: RequestInit) => {
    calls.push({ url, headers: init.headers as Record<string, string> });
    const next = responses[Math.min(calls.length - 1, responses.length - 1)];
    return reply(next.status, next.body);
  }) as jest.Mock;
  return calls;
}

function renderNotices(online = true) {
  const hook = memoryLocation({ path: '/w/workshop-1' }).hook;
  const view = (isOnline: boolean) => (
    <I18nProvider initialLocale="fr">
      <Router hook={hook}>
        <AnswerNotices token="p1.secret" participantId="participant-1" online={isOnline} />
      </Router>
    </I18nProvider>
  );
  const result = render(view(online));
  return { ...result, setOnline: (isOnline: boolean) => result.rerender(view(isOnline)) };
}

/** Lets the pending fetch promises settle. */
const settle = () => act(async () => undefined);

describe('AnswerNotices (phone workshop page)', () => {
  beforeEach(() => {
    window.localStorage.clear();
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('shows nothing when there is nothing, and asks with the phone’s credential', async () => {
    const calls = fakeNotifications({ status: 200, body: [] });
    const { container } = renderNotices();
    await settle();
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('/api/proposals/notifications');
    expect(calls[0].headers.authorization).toBe('Bearer p1.secret');
    expect(container.innerHTML).toBe('');
  });

  it('shows the newest answer of each proposal with its state and a link; "seen" hides them until newer ones', async () => {
    const calls = fakeNotifications(
      {
        status: 200,
        body: [
          note({ at: '2026-04-12T10:00:00.000Z', detail: 'accepted' }),
          note({ kind: 'follow_up', detail: '40', at: '2026-04-11T10:00:00.000Z' }),
          note({ at: '2026-04-10T10:00:00.000Z', detail: 'under_study' }),
          note({
            proposalId: 'p-2',
            title: 'Un café associatif',
            detail: 'referred_to_state',
            fromWorkshop: false,
            at: '2026-04-09T10:00:00.000Z',
          }),
        ],
      },
      { status: 200, body: [] },
    );
    renderNotices();
    await settle();
    expect(screen.getByRole('heading', { name: 'Des réponses à vos propositions' })).toBeTruthy();
    const items = screen.getAllByRole('listitem').map((item) => item.textContent);
    expect(items).toEqual([
      'Un bus le samedi (issue de cet atelier)réponse des élus : « Acceptée »',
      'Un café associatif (que vous soutenez ou suivez)réponse des élus : « referred to state »',
    ]);
    expect(screen.getByRole('link', { name: 'Un bus le samedi' }).getAttribute('href')).toBe(
      '/proposals/p-1',
    );

    fireEvent.click(screen.getByRole('button', { name: 'J’ai vu ces réponses' }));
    expect(screen.queryByRole('heading', { name: 'Des réponses à vos propositions' })).toBeNull();
    expect(window.localStorage.getItem('permanente.answersSeen.participant-1')).toBe(
      '2026-04-12T10:00:00.000Z',
    );
    // The next poll only asks for what is newer.
    await act(async () => {
      jest.advanceTimersByTime(ANSWER_NOTICES_POLL_MS);
    });
    expect(calls).toHaveLength(2);
    expect(calls[1].url).toBe(
      `/api/proposals/notifications?since=${encodeURIComponent('2026-04-12T10:00:00.000Z')}`,
    );
  });

  it('asks again when the live socket comes back, and stays silent when the API fails', async () => {
    const calls = fakeNotifications(
      { status: 503, body: { message: 'down' } },
      { status: 200, body: [note({})] },
    );
    const { container, setOnline } = renderNotices(true);
    await settle();
    expect(container.innerHTML).toBe('');
    setOnline(false);
    await settle();
    expect(calls).toHaveLength(1);
    setOnline(true);
    await settle();
    expect(calls).toHaveLength(2);
    expect(screen.getByRole('link', { name: 'Un bus le samedi' })).toBeTruthy();
  });
});
