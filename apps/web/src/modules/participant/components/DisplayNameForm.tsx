import type { ParticipantSelfResponse } from '@permanente/contracts';
import { FormEvent, useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { errorReason } from '@web/shared/api/error-reason';
import { Feedback, FeedbackMessage } from '@web/shared/components/Feedback';
import { participantApi } from '../api/participant.api';

/** The name shown with the participant's ideas; empty means anonymous. */
export function DisplayNameForm({
  token,
  participant,
  onSaved,
}: {
  token: string;
  participant: ParticipantSelfResponse;
  onSaved(participant: ParticipantSelfResponse): void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState(participant.displayName ?? '');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<FeedbackMessage | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setMessage(null);
    try {
      const saved = await participantApi.update(token, { displayName: name.trim() || null });
      onSaved(saved);
      setName(saved.displayName ?? '');
      setMessage({ kind: 'success', text: t('common.saved') });
    } catch (error) {
      setMessage({ kind: 'error', text: t('myData.failed', { reason: errorReason(error, t) }) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack-form" onSubmit={submit} noValidate>
      <label htmlFor="display-name">{t('join.nameLabel')}</label>
      <p id="display-name-hint" className="muted">
        {t('join.nameHint')}
      </p>
      <input
        id="display-name"
        name="displayName"
        value={name}
        onChange={(event) => setName(event.target.value)}
        autoComplete="nickname"
        maxLength={40}
        aria-describedby="display-name-hint"
      />
      <button type="submit">{t('common.save')}</button>
      <Feedback message={message} />
    </form>
  );
}
