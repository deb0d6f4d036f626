import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import type { MessageKey } from '@web/i18n/i18n-types';
import { Loading } from '@web/shared/components/ApiStatus';
import { Page } from '@web/shared/components/Page';
import { useAuth } from '../AuthProvider';
import { SignInNeeded } from './SignInNeeded';

/** Where staff land after signing in: who they are, and the spaces their roles open. */
export function StaffHomePage() {
  const { t } = useI18n();
  const { status, session } = useAuth();
  if (status === 'checking') {
    return (
      <Page title={t('staff.signedOutTitle')}>
        <Loading />
      </Page>
    );
  }
  if (!session) {
    return (
      <Page title={t('staff.signedOutTitle')}>
        <SignInNeeded text={t('staff.signedOut')} />
      </Page>
    );
  }
  const { user } = session;
  const roles = new Set(user.roles);
  const allSpaces: Array<{ href: string; key: MessageKey; open: boolean }> = [
    { href: '/facilitator', key: 'reserved.title.facilitator', open: roles.has('facilitator') },
    { href: '/officials', key: 'reserved.title.officials', open: roles.has('official') },
    { href: '/tour/planning', key: 'tour.planning.title', open: roles.has('facilitator') },
    { href: '/organisation/panels', key: 'panels.nav', open: roles.has('organiser') },
    { href: '/organisation/answer-states', key: 'answerStates.nav', open: roles.has('organiser') },
    { href: '/organisation/mail', key: 'mail.nav', open: roles.has('organiser') },
  ];
  const spaces = allSpaces.filter((space) => space.open || roles.has('organiser'));
  return (
    <Page title={t('staff.title', { name: user.displayName })}>
      <dl className="facts">
        <dt>{t('staff.email')}</dt>
        <dd>{user.email}</dd>
        <dt>{t('staff.roles')}</dt>
        <dd>{user.roles.map((role) => t(`role.${role}`)).join(', ')}</dd>
        {user.office && (
          <>
            <dt>{t('staff.office')}</dt>
            <dd>{user.office}</dd>
          </>
        )}
      </dl>
      {spaces.length > 0 && (
        <section aria-labelledby="spaces-heading">
          <h2 id="spaces-heading">{t('staff.spaces')}</h2>
          <ul className="cards">
            {spaces.map((space) => (
              <li key={space.href}>
                <Link href={space.href}>{t(space.key)}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Page>
  );
}
