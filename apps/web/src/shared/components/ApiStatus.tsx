import type { ApiError } from '../api/http';
import { useI18n } from '@web/i18n/i18n';

export function Loading() {
  const { t } = useI18n();
  return (
    <p role="status" className="muted">
      {t('common.loading')}
    </p>
  );
}

export function LoadError({ error, onRetry }: { error: ApiError; onRetry(): void }) {
  const { t } = useI18n();
  const reason = error.isNetworkError ? t('common.networkError') : error.message;
  return (
    <div role="alert" className="notice notice-error">
      <p>{t('common.error', { reason })}</p>
      <button type="button" onClick={onRetry}>
        {t('common.retry')}
      </button>
    </div>
  );
}
