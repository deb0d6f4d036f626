import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { errorReason } from '@web/shared/api/error-reason';
import { Feedback, type FeedbackMessage } from '@web/shared/components/Feedback';
import { useAuth } from '@web/modules/auth/AuthProvider';
import { proposalsApi } from '../api/proposals.api';

/**
 * "Hear of it by mail": an address and an explicit consent, for the answer and each
 * follow-up of this proposal (the caller follows it too). Nothing is sent without the box.
 */
export function MailOptIn({ proposalId }: { proposalId: string }) {
  const { t, locale } = useI18n();
  const { session, csrfHeaders } = useAuth();
  const [email, setEmail] = useState('');
  const [consent, setConsent] = useState(false);
  const [message, setMessage] = useState<FeedbackMessage | null>(null);
  const optIn = useMutation({
    mutationFn: (address: string) =>
      proposalsApi.mailOptIn(
        proposalId,
        { email: address, language: locale, consent },
        session ? csrfHeaders() : null,
      ),
    onMutate: () => setMessage(null),
    onSuccess: (_, address) =>
      setMessage({ kind: 'success', text: t('mail.optIn.done', { email: address }) }),
    onError: (error) => setMessage({ kind: 'error', text: errorReason(error, t) }),
  });
  const busy = optIn.isPending;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    optIn.mutate(email.trim());
  };
  return (
    <section aria-labelledby="mail-opt-in-heading">
      <h2 id="mail-opt-in-heading">{t('mail.optIn.title')}</h2>
      <p className="muted" id="mail-opt-in-why">
        {t('mail.optIn.intro')}
      </p>
      <form className="stack-form" onSubmit={(event) => void submit(event)}>
        <label htmlFor="mail-opt-in-email">{t('mail.optIn.email')}</label>
        <input
          id="mail-opt-in-email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <label className="choice" htmlFor="mail-opt-in-consent">
          <input
            id="mail-opt-in-consent"
            type="checkbox"
            required
            checked={consent}
            aria-describedby="mail-opt-in-why"
            onChange={(event) => setConsent(event.target.checked)}
          />
          {t('mail.optIn.consent')}
        </label>
        <button type="submit" className="button" disabled={busy}>
          {t('mail.optIn.submit')}
        </button>
      </form>
      <Feedback message={message} />
    </section>
  );
}
