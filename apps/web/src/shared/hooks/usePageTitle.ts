import { useEffect } from 'react';
import { useI18n } from '@web/i18n/i18n';

/** Sets the document title (read first by screen readers on a new page). */
export function usePageTitle(title: string): void {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
}
