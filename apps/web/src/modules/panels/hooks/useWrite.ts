import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { errorReason } from '@web/shared/api/error-reason';
import { ApiError } from '@web/shared/api/http';
import { type FeedbackMessage } from '@web/shared/components/Feedback';
import { useAuth } from '@web/modules/auth/AuthProvider';

/** The panel page's reload after a write: invalidates the panels' queries (usePanel). */
export type Refresh = () => Promise<void>;

type Work = (headers: Record<string, string>) => Promise<unknown>;

/** A write (a TanStack Query mutation) with its feedback: the error's reason, or a success text. */
export function useWrite() {
  const { t } = useI18n();
  const { csrfHeaders } = useAuth();
  const mutation = useMutation({ mutationFn: (work: Work) => work(csrfHeaders()) });
  const [message, setMessage] = useState<FeedbackMessage | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const run = async (
    work: Work,
    success?: string,
    /** The page's own words for an API refusal (by its status and codes); null: the default. */
    describe?: (error: ApiError) => string | null,
  ): Promise<boolean> => {
    setMessage(null);
    setFailure(null);
    try {
      await mutation.mutateAsync(work);
      if (success) setMessage({ kind: 'success', text: success });
      return true;
    } catch (error) {
      setFailure(error instanceof ApiError ? error : null);
      const own = error instanceof ApiError && describe ? describe(error) : null;
      setMessage({
        kind: 'error',
        text: own ?? t('panels.failed', { reason: errorReason(error, t) }),
      });
      return false;
    }
  };
  return { busy: mutation.isPending, message, failure, run };
}
