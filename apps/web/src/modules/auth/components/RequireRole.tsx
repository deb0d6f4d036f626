import type { StaffRole } from '@permanente/contracts';
import type { ReactNode } from 'react';
import { useI18n } from '@web/i18n/i18n';
import type { MessageKey } from '@web/i18n/i18n-types';
import { Loading } from '@web/shared/components/ApiStatus';
import { Page } from '@web/shared/components/Page';
import { useAuth } from '../AuthProvider';
import { SignInNeeded } from './SignInNeeded';

type RequireRoleProps = {
  /** The page's title, shown while checking and on a refusal. */
  title: string;
  children: ReactNode;
} & (
  | { roles?: undefined; refusal?: undefined }
  | {
      /** Staff holding at least one of these roles (any signed-in staff when absent). */
      roles: readonly StaffRole[];
      /** What a signed-in account without the roles reads. */
      refusal: MessageKey;
    }
);

/**
 * The one role gate of the staff pages: a loading state while the session is checked, a
 * sign-in link when signed out, a notice when the roles do not fit, else the page. The API
 * checks again on every request: this only spares people a page they cannot use.
 */
export function RequireRole({ title, roles, refusal, children }: RequireRoleProps) {
  const { t } = useI18n();
  const { status, session } = useAuth();
  if (status === 'checking')
    return (
      <Page title={title}>
        <Loading />
      </Page>
    );
  if (!session)
    return (
      <Page title={title}>
        <SignInNeeded text={t('reserved.signIn')} />
      </Page>
    );
  if (roles && refusal && !roles.some((role) => session.user.roles.includes(role)))
    return (
      <Page title={title}>
        <p className="notice">{t(refusal)}</p>
      </Page>
    );
  return <>{children}</>;
}

/** Facilitators and organisers: the console, the wall, the tour's planning, bus mode. */
export const FACILITATION: readonly StaffRole[] = ['facilitator', 'organiser'];
