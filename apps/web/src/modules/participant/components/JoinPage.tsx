import { FormEvent, useState } from 'react';
import { useI18n } from '../../../i18n/i18n';
import { Page } from '../../../shared/components/Page';

const CODE = /^[A-Z0-9]{6}$/;

/** Normalises what people type: spaces and dashes dropped, upper case. */
export function normaliseJoinCode(input: string): string {
  return input.replace(/[\s-]+/g, '').toUpperCase();
}

/**
 * The participant's entry point. Joining a live workshop comes with the workshops; until
 * then the form checks the code and says so honestly.
 */
export function JoinPage() {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [message, setMessage] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const normalised = normaliseJoinCode(code);
    if (!CODE.test(normalised)) {
      setMessage({ kind: 'error', text: t('join.invalidCode') });
      return;
    }
    setMessage({ kind: 'info', text: t('join.notYet', { code: normalised }) });
  };

  return (
    <Page title={t('join.title')} intro={t('join.intro')}>
      <form className="join-form" onSubmit={submit} noValidate>
        <label htmlFor="join-code">{t('join.codeLabel')}</label>
        <p id="join-code-hint" className="muted">
          {t('join.codeHint')}
        </p>
        <input
          id="join-code"
          name="code"
          value={code}
          onChange={(event) => setCode(event.target.value)}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          inputMode="text"
          maxLength={12}
          aria-describedby={message ? 'join-code-hint join-message' : 'join-code-hint'}
          aria-invalid={message?.kind === 'error' ? true : undefined}
        />
        <button type="submit">{t('join.submit')}</button>
        <div id="join-message" role="status" aria-live="polite">
          {message && (
            <p className={message.kind === 'error' ? 'field-error' : 'notice'}>{message.text}</p>
          )}
        </div>
      </form>
    </Page>
  );
}
