import type { Translate } from '@web/i18n/i18n-types';
import { ApiError } from './http';

/** A short reason for a failed call, to fill a translated message's {reason}. */
export function errorReason(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError) || error.isNetworkError) return t('common.networkError');
  return error.message;
}
