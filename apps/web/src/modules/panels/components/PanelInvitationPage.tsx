import type { PanelInvitationResponse } from '@permanente/contracts';
import { useState } from 'react';
import { useI18n } from '../../../i18n/i18n';
import type { MessageKey } from '../../../i18n/i18n-types';
import { errorReason } from '../../../shared/api/error-reason';
import { LoadError, Loading } from '../../../shared/components/ApiStatus';
import { Feedback, type FeedbackMessage } from '../../../shared/components/Feedback';
import { Page } from '../../../shared/components/Page';
import { useApi } from '../../../shared/hooks/useApi';
import { panelsApi } from '../api/panels.api';

/** `/panel-invitation/:token`: a member's personal link, to accept or decline the seat. */
export function PanelInvitationPage({ token }: { token: string }) {
  const { t } = useI18n();
  const invitation = useApi(`panels:invitation:${token}`, (signal) =>
    panelsApi.readInvitation(token, signal),
  );
  if (invitation.status !== 'ready')
    return (
      <Page title={t('panels.invitation.title')}>
        {invitation.status === 'loading' ? (
          <Loading />
        ) : (
          <LoadError error={invitation.error} onRetry={invitation.retry} />
        )}
      </Page>
    );
  return <Invitation token={token} initial={invitation.data} />;
}

function Invitation({ token, initial }: { token: string; initial: PanelInvitationResponse }) {
  const { t } = useI18n();
  const [invitation, setInvitation] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<FeedbackMessage | null>(null);
  const answer = async (choice: 'accept' | 'decline') => {
    setBusy(true);
    setMessage(null);
    try {
      setInvitation(await panelsApi.answerInvitation(token, choice));
    } catch (error) {
      setMessage({ kind: 'error', text: t('panels.failed', { reason: errorReason(error, t) }) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page
      title={t('panels.invitation.title')}
      intro={t('panels.invitation.intro', {
        name: invitation.name ?? '',
        panel: invitation.panelTitle,
        category: t(`panels.category.${invitation.category}` as MessageKey),
      })}
    >
      <p role="status">{t(`panels.status.${invitation.status}` as MessageKey)}</p>
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
      <Feedback message={message} />
    </Page>
  );
}
