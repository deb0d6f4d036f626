import { FormEvent, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { ApiError } from '@web/shared/api/http';
import { Page } from '@web/shared/components/Page';
import { useAuth } from '../AuthProvider';

/** Staff sign-in: organisers, facilitators and officials. Participants never need it. */
export function LoginPage() {
  const { t } = useI18n();
  const auth = useAuth();
  const [, navigate] = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The fields are marked invalid only when they are the cause (empty, or refused).
  const [fieldsInvalid, setFieldsInvalid] = useState(false);

  const describe = (failure: unknown): string => {
    if (!(failure instanceof ApiError) || failure.isNetworkError) return t('common.networkRetry');
    if (failure.status === 401) return t('login.error.credentials');
    if (failure.status === 429)
      return t('login.error.tooMany', { seconds: failure.retryAfterSeconds ?? 60 });
    return t('login.error.other');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!email.trim() || !password) {
      setError(t('login.missing'));
      setFieldsInvalid(true);
      return;
    }
    setBusy(true);
    setError(null);
    setFieldsInvalid(false);
    try {
      await auth.login(email.trim(), password);
      navigate('/staff');
    } catch (failure) {
      setError(describe(failure));
      setFieldsInvalid(failure instanceof ApiError && failure.status === 401);
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <Page title={t('login.title')} intro={t('login.intro')}>
      {auth.session && (
        <p className="notice">
          {t('login.already', { name: auth.session.user.displayName })}{' '}
          <Link href="/staff">{t('staff.link')}</Link>
        </p>
      )}
      <form className="stack-form" onSubmit={submit} noValidate>
        <label htmlFor="login-email">{t('login.email')}</label>
        <input
          id="login-email"
          name="email"
          type="email"
          autoComplete="username"
          inputMode="email"
          autoCapitalize="none"
          spellCheck={false}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          aria-invalid={fieldsInvalid ? true : undefined}
          aria-describedby={error ? 'login-error' : undefined}
        />
        <label htmlFor="login-password">{t('login.password')}</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          aria-invalid={fieldsInvalid ? true : undefined}
          aria-describedby={error ? 'login-error' : undefined}
        />
        <button type="submit">{busy ? t('login.submitting') : t('login.submit')}</button>
        <div id="login-error" role="alert">
          {error && <p className="field-error">{error}</p>}
        </div>
      </form>
    </Page>
  );
}
