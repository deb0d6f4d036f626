import type { ReactNode } from 'react';
import { useI18n } from '../../../i18n/i18n';
import { Loading } from '../../../shared/components/ApiStatus';
import { Page } from '../../../shared/components/Page';
import { useAuth } from '../../auth/AuthProvider';
import { SignInNeeded } from '../../auth/components/SignInNeeded';

/** Shows its children to signed-in organisers only (panels hold volunteers' contacts). */
export function OrganiserOnly({ title, children }: { title: string; children: ReactNode }) {
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
  if (!session.user.roles.includes('organiser'))
    return (
      <Page title={title}>
        <p className="notice">{t('panels.organisersOnly')}</p>
      </Page>
    );
  return <>{children}</>;
}
