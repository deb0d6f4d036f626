import type { ParticipantSelfResponse } from '@permanente/contracts';
import { FormEvent, useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { errorReason } from '@web/shared/api/error-reason';
import { Feedback, FeedbackMessage } from '@web/shared/components/Feedback';
import { participantApi } from '../api/participant.api';
import { draftOf, ProfileFields, profileOf } from './ProfileFields';

/** Optional, self-declared answers, stored only with an explicit consent. */
export function ProfileForm({
  token,
  participant,
  onSaved,
}: {
  token: string;
  participant: ParticipantSelfResponse;
  onSaved(participant: ParticipantSelfResponse): void;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(() => draftOf(participant.profile));
  const [consent, setConsent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<FeedbackMessage | null>(null);
  const [consentMissing, setConsentMissing] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const profile = profileOf(draft);
    if (Object.keys(profile).length === 0) {
      setMessage({ kind: 'error', text: t('myData.profile.empty') });
      return;
    }
    if (!consent) {
      setConsentMissing(true);
      setMessage({ kind: 'error', text: t('myData.profile.consentNeeded') });
      return;
    }
    setConsentMissing(false);
    setBusy(true);
    setMessage(null);
    try {
      onSaved(await participantApi.update(token, { profile, profileConsent: true }));
      setMessage({ kind: 'success', text: t('common.saved') });
    } catch (error) {
      setMessage({ kind: 'error', text: t('myData.failed', { reason: errorReason(error, t) }) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack-form" onSubmit={submit} noValidate>
      <ProfileFields
        draft={draft}
        onChange={setDraft}
        consent={consent}
        onConsent={setConsent}
        consentLabel={t('myData.profile.consent')}
        consentInvalid={consentMissing}
        describedBy="profile-error"
      />
      <button type="submit">{t('myData.profile.submit')}</button>
      <Feedback id="profile-error" message={message} />
    </form>
  );
}
