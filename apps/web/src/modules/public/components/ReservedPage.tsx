import { Link } from 'wouter';
import { useI18n } from '../../../i18n/i18n';
import type { MessageKey } from '../../../i18n/i18n-types';
import { Page } from '../../../shared/components/Page';

export type ReservedArea = 'facilitator' | 'officials' | 'tour' | 'proposals';

/** A route kept for an audience whose space lands with a later feature. */
export function ReservedPage({ area }: { area: ReservedArea }) {
  const { t } = useI18n();
  return (
    <Page title={t(`reserved.title.${area}` as MessageKey)}>
      <p>{t('reserved.text')}</p>
      <p>
        <Link href="/territories">{t('nav.territories')}</Link>
      </p>
    </Page>
  );
}
