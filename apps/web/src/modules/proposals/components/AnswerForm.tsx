import type { ProposalDetail } from '@permanente/contracts';
import { DEFAULT_ANSWER_STATES } from '@permanente/contracts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useI18n } from '@web/i18n/i18n';
import type { MessageKey } from '@web/i18n/i18n-types';
import { Feedback } from '@web/shared/components/Feedback';
import { useAuth } from '@web/modules/auth/AuthProvider';
import { queryKeys } from '@web/shared/query/query-keys';
import { useAction } from '@web/modules/facilitator/components/useAction';
import { proposalsApi } from '../api/proposals.api';
import { stateLabel } from '../proposal-format';

/** The answer being replaced, if any: editing starts from it. */
export interface CurrentAnswer {
  state: string;
  reasons?: string;
}

/**
 * A decision and its public reasons. No decision is chosen in advance (an official must pick
 * one, even when editing it starts from the current one), and the answer is shown as the
 * public will read it, to confirm, before it goes public.
 */
export function AnswerForm({
  proposalId,
  states = [...DEFAULT_ANSWER_STATES],
  current,
  onAnswered,
  idPrefix,
}: {
  proposalId: string;
  states?: string[];
  current?: CurrentAnswer | null;
  onAnswered?(detail: ProposalDetail): void;
  idPrefix: string;
}) {
  const { t } = useI18n();
  const { session } = useAuth();
  const { busy, message, run, setMessage } = useAction();
  const [state, setState] = useState<string | null>(current?.state ?? null);
  const [reasons, setReasons] = useState(current?.reasons ?? '');
  const [problem, setProblem] = useState<{ field: 'state' | 'reasons'; key: MessageKey } | null>(
    null,
  );
  const [previewing, setPreviewing] = useState(false);
  const previewRef = useRef<HTMLElement>(null);
  const choices = current && !states.includes(current.state) ? [...states, current.state] : states;

  useEffect(() => {
    if (previewing) previewRef.current?.focus();
  }, [previewing]);

  const preview = (event: FormEvent) => {
    event.preventDefault();
    if (!state) return setProblem({ field: 'state', key: 'proposals.answer.error.noDecision' });
    if (reasons.trim() === '')
      return setProblem({ field: 'reasons', key: 'proposals.answer.error.noReasons' });
    setProblem(null);
    setMessage(null);
    setPreviewing(true);
  };

  const publish = async () => {
    if (!state) return;
    let detail: ProposalDetail | null = null;
    // The proposal, the lists and the queue show the answer: read again.
    const ok = await run(async (headers) => {
      detail = await proposalsApi.answer(proposalId, { state, reasons }, headers);
    }, queryKeys.proposals.all);
    if (ok && detail) {
      setMessage({ kind: 'success', text: t('proposals.answer.sent') });
      setPreviewing(false);
      onAnswered?.(detail);
    }
  };

  const errorId = `${idPrefix}-answer-error`;
  if (previewing && state) {
    return (
      <section
        className="answer-preview"
        aria-labelledby={`${idPrefix}-preview-heading`}
        tabIndex={-1}
        ref={previewRef}
      >
        <h3 id={`${idPrefix}-preview-heading`}>{t('proposals.answer.preview.title')}</h3>
        <p>{t('proposals.answer.preview.intro')}</p>
        <div className="answer" data-testid="answer-preview">
          <p>
            <strong>{stateLabel(state, t)}</strong>
          </p>
          <p className="answer-reasons">{reasons}</p>
          {session && <p className="muted">{session.user.displayName}</p>}
        </div>
        <div className="button-row">
          <button type="button" className="button" disabled={busy} onClick={publish}>
            {t('proposals.answer.preview.confirm')}
          </button>
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => setPreviewing(false)}
          >
            {t('proposals.answer.preview.edit')}
          </button>
        </div>
        <Feedback message={message} />
      </section>
    );
  }
  return (
    <form className="stack-form answer-form" onSubmit={preview} noValidate>
      <fieldset aria-describedby={problem?.field === 'state' ? errorId : undefined}>
        <legend>{t('proposals.answer.decision')}</legend>
        {choices.map((candidate) => (
          <label key={candidate} className="choice">
            <input
              type="radio"
              name={`${idPrefix}-state`}
              value={candidate}
              checked={state === candidate}
              required
              onChange={() => setState(candidate)}
            />{' '}
            {stateLabel(candidate, t)}
            {current?.state === candidate && (
              <span className="muted"> {t('proposals.answer.currentMark')}</span>
            )}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${idPrefix}-reasons`}>{t('proposals.answer.reasons')}</label>
      <textarea
        id={`${idPrefix}-reasons`}
        value={reasons}
        maxLength={4000}
        required
        aria-invalid={problem?.field === 'reasons' ? true : undefined}
        aria-describedby={problem?.field === 'reasons' ? errorId : undefined}
        onChange={(event) => setReasons(event.target.value)}
      />
      <button type="submit" className="button">
        {t('proposals.answer.preview.open')}
      </button>
      <div role="alert" id={errorId}>
        {problem && <p className="field-error">{t(problem.key)}</p>}
      </div>
      <Feedback message={message} />
    </form>
  );
}
