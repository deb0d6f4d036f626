import type { OutgoingMailView } from '@permanente/contracts';
import { useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { LoadError, Loading } from '@web/shared/components/ApiStatus';
import { Page } from '@web/shared/components/Page';
import { useApiQuery } from '@web/shared/query/useApiQuery';
import { queryKeys } from '@web/shared/query/query-keys';
import { RequireRole } from '@web/modules/auth/components/RequireRole';
import { mailApi } from '../api/mail.api';

const PAGE = 20;

/** `/organisation/mail`: the outbox, newest first (organisers; a lazy chunk of its own). */
export function OutgoingMailPage() {
  const { t } = useI18n();
  return (
    <RequireRole title={t('mail.title')} roles={['organiser']} refusal="panels.organisersOnly">
      <Outbox />
    </RequireRole>
  );
}

function Outbox() {
  const { t } = useI18n();
  const [offset, setOffset] = useState(0);
  const outbox = useApiQuery(queryKeys.mail.outbox(offset), (signal) =>
    mailApi.outbox(offset, signal),
  );
  return (
    <Page title={t('mail.title')} intro={t('mail.intro')}>
      {outbox.isPending && <Loading />}
      {outbox.isError && <LoadError error={outbox.error} onRetry={() => void outbox.refetch()} />}
      {outbox.isSuccess && (
        <>
          <p className="notice">{outbox.data.smtpConfigured ? t('mail.smtp') : t('mail.noSmtp')}</p>
          <p>{t('mail.count', { count: outbox.data.total })}</p>
          {outbox.data.items.length === 0 ? (
            <p>{t('mail.none')}</p>
          ) : (
            <ul className="cards">
              {outbox.data.items.map((mail) => (
                <MailCard key={mail.id} mail={mail} />
              ))}
            </ul>
          )}
          <nav aria-label={t('mail.title')} className="actions">
            {offset > 0 && (
              <button type="button" onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                {t('mail.previous')}
              </button>
            )}
            {offset + PAGE < outbox.data.total && (
              <button type="button" onClick={() => setOffset(offset + PAGE)}>
                {t('mail.next')}
              </button>
            )}
          </nav>
        </>
      )}
    </Page>
  );
}

function MailCard({ mail }: { mail: OutgoingMailView }) {
  const { t, locale } = useI18n();
  return (
    <li>
      <h2>{mail.subject}</h2>
      <p className="muted">
        {t('mail.to', { recipient: mail.recipient })} · {t(`mail.status.${mail.status}`)} ·{' '}
        {t('mail.attempts', { count: mail.attempts })} ·{' '}
        {t('mail.createdAt', { date: new Date(mail.createdAt).toLocaleString(locale) })}
      </p>
      {mail.lastError && <p className="muted">{t('mail.lastError', { error: mail.lastError })}</p>}
      <details>
        <summary>{t('mail.body')}</summary>
        <pre className="mail-text">{mail.text}</pre>
      </details>
    </li>
  );
}
