import type { ParticipantSelfResponse } from '@permanente/contracts';
import { useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { errorReason } from '@web/shared/api/error-reason';
import { ConfirmAction } from '@web/shared/components/ConfirmAction';
import { Feedback, FeedbackMessage } from '@web/shared/components/Feedback';
import { downloadJson } from '@web/shared/download';
import { participantApi } from '../api/participant.api';

const EXPORT_FILE = 'permanente-mes-donnees.json';

/** Everything kept about the participant, as a JSON file. */
export function ExportAction({ token }: { token: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<FeedbackMessage | null>(null);
  const download = async () => {
    if (busy) return;
    setBusy(true);
    setMessage(null);
    try {
      downloadJson(EXPORT_FILE, await participantApi.export(token));
      setMessage({ kind: 'success', text: t('myData.export.done') });
    } catch (error) {
      setMessage({ kind: 'error', text: t('myData.failed', { reason: errorReason(error, t) }) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <p>{t('myData.export.text')}</p>
      <button type="button" className="button" onClick={download}>
        {t('myData.export.button')}
      </button>
      <Feedback message={message} />
    </>
  );
}

/** Erases the display name and the profile answers; contributions stay, unattributed. */
export function EraseAction({
  token,
  onErased,
}: {
  token: string;
  onErased(participant: ParticipantSelfResponse): void;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<FeedbackMessage | null>(null);
  const erase = async () => {
    setBusy(true);
    setMessage(null);
    try {
      onErased(await participantApi.erase(token));
      setMessage({ kind: 'success', text: t('myData.erase.done') });
    } catch (error) {
      setMessage({ kind: 'error', text: t('myData.failed', { reason: errorReason(error, t) }) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <p>{t('myData.erase.text')}</p>
      <ConfirmAction
        label={t('myData.erase.button')}
        question={t('myData.erase.confirm')}
        confirmLabel={t('myData.erase.confirmButton')}
        onConfirm={erase}
        busy={busy}
      />
      <Feedback message={message} />
    </>
  );
}

/** Forgets the credential on this phone (the participation itself stays in the workshop). */
export function LeaveAction({ onLeave }: { onLeave(): void }) {
  const { t } = useI18n();
  return (
    <>
      <p>{t('myData.leave.text')}</p>
      <ConfirmAction
        label={t('myData.leave.button')}
        question={t('myData.leave.confirm')}
        confirmLabel={t('myData.leave.confirmButton')}
        onConfirm={onLeave}
      />
    </>
  );
}
