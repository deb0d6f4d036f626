import { useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { errorReason } from '@web/shared/api/error-reason';
import type { FeedbackMessage } from '@web/shared/components/Feedback';
import { useAuth } from '@web/modules/auth/AuthProvider';

/** A staff write: runs it, then says what went wrong, if anything. */
export function useAction() {
  const { t } = useI18n();
  const { csrfHeaders } = useAuth();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<FeedbackMessage | null>(null);
  const run = async (work: (headers: Record<string, string>) => Promise<unknown>) => {
    setBusy(true);
    setMessage(null);
    try {
      await work(csrfHeaders());
      return true;
    } catch (error) {
      setMessage({
        kind: 'error',
        text: t('facilitator.failed', { reason: errorReason(error, t) }),
      });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, message, run, setMessage };
}
