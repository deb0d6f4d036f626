import {
  AGE_BANDS,
  type AgeBand,
  GENDERS,
  type Gender,
  type ParticipantProfile,
  type ParticipantSelfResponse,
} from '@permanente/contracts';
import { FormEvent, useState } from 'react';
import { useI18n } from '../../../i18n/i18n';
import { errorReason } from '../../../shared/api/error-reason';
import { Feedback, FeedbackMessage } from '../../../shared/components/Feedback';
import { participantApi } from '../api/participant.api';
import { CommuneSearch } from './CommuneSearch';

type YesNo = 'yes' | 'no' | '';

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
  const known = participant.profile;
  const [ageBand, setAgeBand] = useState<AgeBand | ''>(known.ageBand ?? '');
  const [gender, setGender] = useState<Gender | ''>(known.gender ?? '');
  const [commune, setCommune] = useState(known.communeCode ?? '');
  const [first, setFirst] = useState<YesNo>(
    known.firstParticipation === undefined ? '' : known.firstParticipation ? 'yes' : 'no',
  );
  const [consent, setConsent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<FeedbackMessage | null>(null);
  const [consentMissing, setConsentMissing] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const profile: ParticipantProfile = {};
    if (ageBand) profile.ageBand = ageBand;
    if (gender) profile.gender = gender;
    if (commune) profile.communeCode = commune;
    if (first) profile.firstParticipation = first === 'yes';
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
      <label htmlFor="profile-age">{t('myData.profile.ageBand')}</label>
      <select
        id="profile-age"
        name="ageBand"
        value={ageBand}
        onChange={(event) => setAgeBand(event.target.value as AgeBand | '')}
      >
        <option value="">{t('myData.profile.noAnswer')}</option>
        {AGE_BANDS.map((band) => (
          <option key={band} value={band}>
            {t(`ageBand.${band}`)}
          </option>
        ))}
      </select>
      <label htmlFor="profile-gender">{t('profile.gender')}</label>
      <select
        id="profile-gender"
        name="gender"
        value={gender}
        onChange={(event) => setGender(event.target.value as Gender | '')}
      >
        <option value="">{t('myData.profile.noAnswer')}</option>
        {GENDERS.map((value) => (
          <option key={value} value={value}>
            {t(`gender.${value}`)}
          </option>
        ))}
      </select>
      <CommuneSearch value={commune} onChange={setCommune} />
      <fieldset>
        <legend>{t('myData.profile.first')}</legend>
        {(['yes', 'no'] as const).map((value) => (
          <label key={value} className="choice">
            <input
              type="radio"
              name="firstParticipation"
              value={value}
              checked={first === value}
              onChange={() => setFirst(value)}
            />{' '}
            {t(value === 'yes' ? 'common.yes' : 'common.no')}
          </label>
        ))}
      </fieldset>
      <label className="choice">
        <input
          type="checkbox"
          name="profileConsent"
          checked={consent}
          onChange={(event) => setConsent(event.target.checked)}
          aria-invalid={consentMissing ? true : undefined}
          aria-describedby={consentMissing ? 'profile-error' : undefined}
        />{' '}
        {t('myData.profile.consent')}
      </label>
      <button type="submit">{t('myData.profile.submit')}</button>
      <Feedback id="profile-error" message={message} />
    </form>
  );
}
