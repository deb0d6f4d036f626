import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { Page } from '@web/shared/components/Page';
import { useAuth } from '@web/modules/auth/AuthProvider';
import { SignInNeeded } from '@web/modules/auth/components/SignInNeeded';

export type ReservedArea = 'facilitator' | 'officials' | 'tour' | 'proposals';
const STAFF_AREAS: ReadonlySet<ReservedArea> = new Set(['facilitator', 'officials']);

/** A route kept for an audience whose space lands with a later feature. */
export function ReservedPage({ area }: { area: ReservedArea }) {
  const { t } = useI18n();
  const { status } = useAuth();
  return (
    <Page title={t(`reserved.title.${area}`)}>
      {STAFF_AREAS.has(area) && status === 'signedOut' && (
        <SignInNeeded text={t('reserved.signIn')} />
      )}
      <p>{t('reserved.text')}</p>
      <p>
        <Link href="/territories">{t('nav.territories')}</Link>
      </p>
    </Page>
  );
}
