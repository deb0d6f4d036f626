import { newClientId } from '@permanente/live-client';
import { FormEvent, useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { Feedback } from '@web/shared/components/Feedback';
import {
  draftOf,
  ProfileFields,
  profileOf,
} from '@web/modules/participant/components/ProfileFields';
import { facilitatorApi } from '../api/facilitator.api';
import { useAction } from './useAction';

/**
 * A line of the paper sign-in sheet, typed in by the facilitator: the person's optional
 * answers, no name (docs/coverage.md, "On paper sheets"). A line is one person heard in the
 * workshop; its client id is kept until the line is stored, so a retry after a failure
 * never counts the person twice.
 */
export function PaperSignInForm({ workshopId }: { workshopId: string }) {
  const { t } = useI18n();
  const action = useAction();
  const [line, setLine] = useState(draftOf);
  const [consent, setConsent] = useState(false);
  const [consentMissing, setConsentMissing] = useState(false);
  const [clientId, setClientId] = useState(newClientId);
  const [recorded, setRecorded] = useState(0);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setConsentMissing(!consent);
    if (!consent) {
      action.setMessage({ kind: 'error', text: t('console.signIn.consentNeeded') });
      return;
    }
    const done = await action.run((headers) =>
      facilitatorApi.paperParticipant(
        workshopId,
        { clientId, profile: profileOf(line), profileConsent: true },
        headers,
      ),
    );
    if (done) {
      setLine(draftOf());
      setConsent(false);
      setClientId(newClientId());
      setRecorded((count) => count + 1);
      action.setMessage({
        kind: 'success',
        text: t('console.signIn.done', { count: recorded + 1 }),
      });
    }
  };
  return (
    <section aria-labelledby="signin-heading">
      <h2 id="signin-heading">{t('console.signIn.title')}</h2>
      <details className="paper-writer">
        <summary>{t('console.signIn.open')}</summary>
        <p className="muted">{t('console.signIn.intro')}</p>
        <form className="stack-form" onSubmit={submit} noValidate>
          <ProfileFields
            draft={line}
            onChange={setLine}
            consent={consent}
            onConsent={setConsent}
            consentLabel={t('console.paper.writerConsent')}
            consentInvalid={consentMissing}
            idPrefix="signin"
          />
          <button type="submit" disabled={action.busy}>
            {t('console.signIn.submit')}
          </button>
          <Feedback message={action.message} />
        </form>
      </details>
    </section>
  );
}
