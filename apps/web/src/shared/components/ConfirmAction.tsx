import { useEffect, useRef, useState } from 'react';
import { useI18n } from '@web/i18n/i18n';

/**
 * A button for an action that cannot be undone: a first press asks, a second one acts.
 * Focus follows the question and comes back to the button on cancel.
 */
export function ConfirmAction({
  label,
  question,
  confirmLabel,
  onConfirm,
  busy = false,
}: {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm(): void | Promise<void>;
  busy?: boolean;
}) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const touched = useRef(false);
  const askButton = useRef<HTMLButtonElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (touched.current) (asking ? confirmButton : askButton).current?.focus();
  }, [asking]);

  const toggle = (next: boolean) => {
    touched.current = true;
    setAsking(next);
  };
  const confirm = async () => {
    if (busy) return;
    await onConfirm();
    toggle(false);
  };

  if (!asking) {
    return (
      <button
        ref={askButton}
        type="button"
        className="button button-danger"
        onClick={() => toggle(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <div className="confirm">
      <p>{question}</p>
      <div className="button-row">
        <button
          ref={confirmButton}
          type="button"
          className="button button-danger"
          onClick={confirm}
        >
          {confirmLabel}
        </button>
        <button type="button" className="button" onClick={() => toggle(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
