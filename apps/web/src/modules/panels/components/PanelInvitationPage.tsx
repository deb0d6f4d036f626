import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PanelInvitationResponse } from '@permanente/contracts';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { errorReason } from '@web/shared/api/error-reason';
import { LoadError, Loading } from '@web/shared/components/ApiStatus';
import { Feedback, type FeedbackMessage } from '@web/shared/components/Feedback';
import { Page } from '@web/shared/components/Page';
import { useApiQuery } from '@web/shared/query/useApiQuery';
import { queryKeys } from '@web/shared/query/query-keys';
import { saveParticipation } from '@web/modules/participant/api/participation.storage';
import { panelsApi } from '../api/panels.api';

/** `/panel-invitation/:token`: a member's personal link, to accept or decline the seat. */
export function PanelInvitationPage({ token }: { token: string }) {
  const { t } = useI18n();
  const invitation = useApiQuery(queryKeys.panels.invitation(token), (signal) =>
    panelsApi.readInvitation(token, signal),
  );
  if (!invitation.isSuccess)
    return (
      <Page title={t('panels.invitation.title')}>
        {invitation.isPending ? (
          <Loading />
        ) : (
          <LoadError error={invitation.error} onRetry={() => void invitation.refetch()} />
        )}
      </Page>
    );
  return <Invitation token={token} invitation={invitation.data} />;
}

function Invitation({ token, invitation }: { token: string; invitation: PanelInvitationResponse }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [message, setMessage] = useState<FeedbackMessage | null>(null);
  const [, navigate] = useLocation();
  const failed = (error: unknown) =>
    setMessage({ kind: 'error', text: t('panels.failed', { reason: errorReason(error, t) }) });
  const joinWrite = useMutation({
    mutationFn: (workshopId: string) => panelsApi.joinSession(token, workshopId),
    onMutate: () => setMessage(null),
    onSuccess: (joined) => {
      saveParticipation({
        token: joined.token,
        participantId: joined.participant.id,
        workshopId: joined.workshop.id,
        workshopTitle: joined.workshop.title,
      });
      navigate(`/w/${joined.workshop.id}`);
    },
    onError: failed,
  });
  // The answer is the invitation as it now stands: it replaces the cached one.
  const answerWrite = useMutation({
    mutationFn: (choice: 'accept' | 'decline') => panelsApi.answerInvitation(token, choice),
    onMutate: () => setMessage(null),
    onSuccess: (next) => client.setQueryData(queryKeys.panels.invitation(token), next),
    onError: failed,
  });
  // Busy from the click until the page is left (joining) or the answer is shown.
  const busy = joinWrite.isPending || joinWrite.isSuccess || answerWrite.isPending;
  const join = (workshopId: string) => joinWrite.mutate(workshopId);
  const sessions = invitation.sessions.filter(
    (session) => session.status === 'scheduled' || session.status === 'live',
  );
  const answer = (choice: 'accept' | 'decline') => answerWrite.mutate(choice);
  return (
    <Page
      title={t('panels.invitation.title')}
      intro={t('panels.invitation.intro', {
        name: invitation.name ?? '',
        panel: invitation.panelTitle,
        category: t(`panels.category.${invitation.category}`),
      })}
    >
      <p role="status">{t(`panels.status.${invitation.status}`)}</p>
      {invitation.status !== 'declined' && (
        <div className="button-row">
          {invitation.status === 'invited' && (
            <button type="button" disabled={busy} onClick={() => void answer('accept')}>
              {t('panels.invitation.accept')}
            </button>
          )}
          <button type="button" disabled={busy} onClick={() => void answer('decline')}>
            {t('panels.invitation.decline')}
          </button>
        </div>
      )}
      {invitation.status === 'accepted' && (
        <section aria-labelledby="member-sessions-heading">
          <h2 id="member-sessions-heading">{t('panels.sessions.title')}</h2>
          {sessions.some((session) => session.startsAt) && (
            <p>
              <a href={`/api/panel-invitations/${encodeURIComponent(token)}/calendar.ics`} download>
                {t('calendar.addSessions')}
              </a>
            </p>
          )}
          {sessions.length === 0 ? (
            <p>{t('panels.sessions.none')}</p>
          ) : (
            <ul className="cards">
              {sessions.map((session) => (
                <li key={session.workshopId}>
                  <p>
                    <strong>{session.title}</strong>
                    {session.place ? ` · ${session.place}` : ''}
                  </p>
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => void join(session.workshopId)}
                  >
                    {t('panels.sessions.join', { title: session.title })}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <Feedback message={message} />
    </Page>
  );
}
