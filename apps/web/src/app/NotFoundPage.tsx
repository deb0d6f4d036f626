import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { Page } from '@web/shared/components/Page';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Page title={t('notFound.title')}>
      <p>{t('notFound.text')}</p>
      <p>
        <Link href="/">{t('nav.home')}</Link>
      </p>
    </Page>
  );
}
