import { useState } from 'react';
import { useLocation } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { errorReason } from '@web/shared/api/error-reason';
import { NavLink } from '@web/shared/components/NavLink';
import { useAuth } from '../AuthProvider';

/**
 * The header's account entries: "sign in" when signed out, the name and "sign out" when
 * signed in, nothing while the session is being checked (no flash of the wrong one).
 */
export function AccountNav() {
  const { t } = useI18n();
  const { status, session, logout } = useAuth();
  const [, navigate] = useLocation();
  const [error, setError] = useState<string | null>(null);
  if (status === 'checking') return null;
  if (!session) {
    return (
      <li>
        <NavLink href="/login">{t('nav.signIn')}</NavLink>
      </li>
    );
  }
  const signOut = async () => {
    setError(null);
    try {
      await logout();
      navigate('/');
    } catch (failure) {
      setError(t('nav.signOutFailed', { reason: errorReason(failure, t) }));
    }
  };
  return (
    <>
      <li>
        <NavLink href="/staff">{session.user.displayName}</NavLink>
      </li>
      <li>
        <button type="button" className="header-button" onClick={signOut}>
          {t('nav.signOut')}
        </button>
        {error && (
          <span role="alert" className="header-error">
            {error}
          </span>
        )}
      </li>
    </>
  );
}
