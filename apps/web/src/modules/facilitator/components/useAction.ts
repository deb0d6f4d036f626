import { useMutation, type QueryKey } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { errorReason } from '@web/shared/api/error-reason';
import type { FeedbackMessage } from '@web/shared/components/Feedback';
import { useInvalidate } from '@web/shared/query/useApiQuery';
import { useAuth } from '@web/modules/auth/AuthProvider';

type Work = (headers: Record<string, string>) => Promise<unknown>;

/**
 * A staff write (a TanStack Query mutation): runs it, says what went wrong, if anything, and
 * on success invalidates the queries it made out of date (`stale`), which the page then shows
 * read again.
 */
export function useAction() {
  const { t } = useI18n();
  const { csrfHeaders } = useAuth();
  const invalidate = useInvalidate();
  const mutation = useMutation({ mutationFn: (work: Work) => work(csrfHeaders()) });
  const [message, setMessage] = useState<FeedbackMessage | null>(null);
  const run = async (work: Work, ...stale: QueryKey[]) => {
    setMessage(null);
    try {
      await mutation.mutateAsync(work);
    } catch (error) {
      setMessage({
        kind: 'error',
        text: t('facilitator.failed', { reason: errorReason(error, t) }),
      });
      return false;
    }
    await invalidate(...stale);
    return true;
  };
  return { busy: mutation.isPending, message, run, setMessage };
}
