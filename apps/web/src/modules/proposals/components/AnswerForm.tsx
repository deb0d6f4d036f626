import type { ProposalDetail } from '@permanente/contracts';
import { DEFAULT_ANSWER_STATES } from '@permanente/contracts';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../../i18n/i18n';
import { Feedback } from '../../../shared/components/Feedback';
import { useAction } from '../../facilitator/components/useAction';
import { proposalsApi } from '../api/proposals.api';
import { stateLabel } from '../proposal-format';

/** A decision and its public reasons: from the queue, it is the second click. */
export function AnswerForm({
  proposalId,
  states = [...DEFAULT_ANSWER_STATES],
  onAnswered,
  idPrefix,
}: {
  proposalId: string;
  states?: string[];
  onAnswered(detail: ProposalDetail): void;
  idPrefix: string;
}) {
  const { t } = useI18n();
  const { busy, message, run, setMessage } = useAction();
  const [state, setState] = useState(states[0]);
  const [reasons, setReasons] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let detail: ProposalDetail | null = null;
    const ok = await run(async (headers) => {
      detail = await proposalsApi.answer(proposalId, { state, reasons }, headers);
    });
    if (ok && detail) {
      setMessage({ kind: 'success', text: t('proposals.answer.sent') });
      setReasons('');
      onAnswered(detail);
    }
  };
  return (
    <form className="stack-form answer-form" onSubmit={submit}>
      <fieldset>
        <legend>{t('proposals.answer.decision')}</legend>
        {states.map((candidate) => (
          <label key={candidate} className="choice">
            <input
              type="radio"
              name={`${idPrefix}-state`}
              value={candidate}
              checked={state === candidate}
              onChange={() => setState(candidate)}
            />{' '}
            {stateLabel(candidate, t)}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${idPrefix}-reasons`}>{t('proposals.answer.reasons')}</label>
      <textarea
        id={`${idPrefix}-reasons`}
        value={reasons}
        maxLength={4000}
        required
        onChange={(event) => setReasons(event.target.value)}
      />
      <button type="submit" className="button" disabled={busy || reasons.trim() === ''}>
        {t('proposals.answer.submit')}
      </button>
      <Feedback message={message} />
    </form>
  );
}
