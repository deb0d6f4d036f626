import {
  ANSWER_STATE_PATTERN,
  type AnswerStateUsage,
  type CampaignResponse,
} from '@permanente/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useEffect, useRef, useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import type { Translate } from '@web/i18n/i18n-types';
import { errorReason } from '@web/shared/api/error-reason';
import { LoadError, Loading } from '@web/shared/components/ApiStatus';
import { Feedback, type FeedbackMessage } from '@web/shared/components/Feedback';
import { Page } from '@web/shared/components/Page';
import { apiRead } from '@web/shared/query/query-client';
import { useApiQuery } from '@web/shared/query/useApiQuery';
import { queryKeys } from '@web/shared/query/query-keys';
import { useAuth } from '@web/modules/auth/AuthProvider';
import { RequireRole } from '@web/modules/auth/components/RequireRole';
import { proposalsApi } from '../api/proposals.api';
import { stateLabel } from '../proposal-format';
import '../proposals.css';
import { optionsOf, SelectField } from '@web/shared/components/SelectField';

/** The API's limit on a campaign's states (campaigns.answer_states). */
const MAX_STATES = 20;

/** One row of the list being edited; `id` stays while the state is renamed or moved. */
interface Row {
  id: number;
  state: string;
  /** The state as loaded, to find its use after a rename; null for a row added here. */
  loaded: string | null;
}

/** `/organisation/answer-states`: the decision states a campaign's officials answer with. */
export function AnswerStatesPage() {
  const { t } = useI18n();
  return (
    <RequireRole
      title={t('answerStates.title')}
      roles={['organiser']}
      refusal="panels.organisersOnly"
    >
      <AnswerStatesHome />
    </RequireRole>
  );
}

function AnswerStatesHome() {
  const { t } = useI18n();
  const campaigns = useApiQuery<CampaignResponse[]>(queryKeys.campaigns, (signal) =>
    proposalsApi.campaigns(signal),
  );
  const [chosen, setChosen] = useState('');
  const campaignId = chosen || (campaigns.isSuccess ? (campaigns.data[0]?.id ?? '') : '');
  return (
    <Page title={t('answerStates.title')} intro={t('answerStates.intro')}>
      {campaigns.isPending && <Loading />}
      {campaigns.isError && (
        <LoadError error={campaigns.error} onRetry={() => void campaigns.refetch()} />
      )}
      {campaigns.isSuccess && campaigns.data.length === 0 && <p>{t('answerStates.noCampaign')}</p>}
      {campaigns.isSuccess && campaigns.data.length > 0 && (
        <>
          <div className="stack-form">
            <SelectField
              id="answer-states-campaign"
              label={t('proposals.campaign')}
              value={campaignId}
              onChange={setChosen}
              options={optionsOf(campaigns.data)}
            />
          </div>
          <CampaignStates key={campaignId} campaignId={campaignId} />
        </>
      )}
    </Page>
  );
}

function CampaignStates({ campaignId }: { campaignId: string }) {
  const usage = useApiQuery(queryKeys.proposals.answerStates(campaignId), (signal) =>
    proposalsApi.answerStates(campaignId, signal),
  );
  if (usage.isPending) return <Loading />;
  if (usage.isError) return <LoadError error={usage.error} onRetry={() => void usage.refetch()} />;
  return <AnswerStatesEditor campaignId={campaignId} initial={usage.data} />;
}

/** Why the list cannot be saved as it is, or null. */
function listProblem(rows: Row[], t: Translate): string | null {
  if (rows.length === 0) return t('answerStates.error.empty');
  if (rows.length > MAX_STATES) return t('answerStates.error.tooMany', { max: MAX_STATES });
  const bad = rows.find((row) => !ANSWER_STATE_PATTERN.test(row.state));
  if (bad) return t('answerStates.error.pattern', { state: bad.state });
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.state)) return t('answerStates.error.duplicate', { state: row.state });
    seen.add(row.state);
  }
  return null;
}

/** The states the server refuses to remove: still the current answer of proposals. */
function inUseMessage(fresh: AnswerStateUsage[], rows: Row[], t: Translate): string | null {
  const kept = new Set(rows.map((row) => row.state));
  const blocking = fresh.filter((entry) => entry.answers > 0 && !kept.has(entry.state));
  if (blocking.length === 0) return null;
  const list = blocking
    .map((entry) =>
      t('answerStates.inUse.item', {
        state: stateLabel(entry.state, t),
        count: entry.answers,
      }),
    )
    .join(', ');
  return t('answerStates.inUse.refused', { list });
}

function AnswerStatesEditor({
  campaignId,
  initial,
}: {
  campaignId: string;
  initial: AnswerStateUsage[];
}) {
  const { t } = useI18n();
  const { csrfHeaders } = useAuth();
  const client = useQueryClient();
  const nextId = useRef(initial.length);
  const [rows, setRows] = useState<Row[]>(() =>
    initial.map((entry, index) => ({ id: index, state: entry.state, loaded: entry.state })),
  );
  const [usage, setUsage] = useState(initial);
  const [newState, setNewState] = useState('');
  const [addError, setAddError] = useState<string | null>(null);
  const [message, setMessage] = useState<FeedbackMessage | null>(null);
  // Where focus goes after a move or a removal, once React has rendered the new order.
  const focusTarget = useRef<string | null>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!focusTarget.current) return;
    const target =
      focusTarget.current === 'list'
        ? listHeading.current
        : document.getElementById(focusTarget.current);
    focusTarget.current = null;
    target?.focus();
  });

  const answersOf = (row: Row) =>
    usage.find((entry) => entry.state === (row.loaded ?? row.state))?.answers ?? 0;

  const rename = (id: number, state: string) =>
    setRows((current) => current.map((row) => (row.id === id ? { ...row, state } : row)));

  const move = (index: number, by: -1 | 1, direction: 'up' | 'down') => {
    const target = index + by;
    if (target < 0 || target >= rows.length) return;
    const next = [...rows];
    [next[index], next[target]] = [next[target], next[index]];
    setRows(next);
    // Keep focus on the same button of the moved state; at an end, on the other one.
    const moved = next[target];
    const stillPossible = direction === 'up' ? target > 0 : target < next.length - 1;
    const button = stillPossible ? direction : direction === 'up' ? 'down' : 'up';
    focusTarget.current = `answer-state-${moved.id}-${button}`;
  };

  const remove = (index: number) => {
    const next = rows.filter((_, i) => i !== index);
    setRows(next);
    const neighbour = next[index] ?? next[index - 1];
    focusTarget.current = neighbour ? `answer-state-${neighbour.id}` : 'list';
  };

  const add = (event: FormEvent) => {
    event.preventDefault();
    const state = newState.trim();
    if (!ANSWER_STATE_PATTERN.test(state)) {
      setAddError(t('answerStates.error.pattern', { state }));
      return;
    }
    if (rows.some((row) => row.state === state)) {
      setAddError(t('answerStates.error.duplicate', { state }));
      return;
    }
    if (rows.length >= MAX_STATES) {
      setAddError(t('answerStates.error.tooMany', { max: MAX_STATES }));
      return;
    }
    setAddError(null);
    setRows([...rows, { id: nextId.current++, state, loaded: null }]);
    setNewState('');
  };

  // The usage counts read again after a save (or a refusal), through the cache: the page's
  // own query and the proposals (their answer states) are then up to date too.
  const freshUsage = () =>
    client
      .fetchQuery({
        queryKey: queryKeys.proposals.answerStates(campaignId),
        queryFn: apiRead((signal) => proposalsApi.answerStates(campaignId, signal)),
      })
      .catch(() => null);
  const write = useMutation({
    mutationFn: (states: string[]) =>
      proposalsApi.setAnswerStates(campaignId, { states }, csrfHeaders()),
    onMutate: () => setMessage(null),
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: queryKeys.proposals.all, refetchType: 'none' });
      const fresh = await freshUsage();
      const counts = fresh ?? saved.map((state) => ({ state, answers: 0 }));
      setUsage(counts);
      setRows(saved.map((state, index) => ({ id: nextId.current + index, state, loaded: state })));
      nextId.current += saved.length;
      setMessage({ kind: 'success', text: t('answerStates.saved') });
    },
    onError: async (error) => {
      let text = t('answerStates.failed', { reason: errorReason(error, t) });
      if (error.status === 409) {
        // The API names the states and counts in English: say it again from fresh counts.
        const fresh = await freshUsage();
        if (fresh) {
          setUsage(fresh);
          text = inUseMessage(fresh, rows, t) ?? text;
        }
      }
      setMessage({ kind: 'error', text });
    },
  });
  const busy = write.isPending;
  const save = () => {
    if (busy) return;
    const problem = listProblem(rows, t);
    if (problem) {
      setMessage({ kind: 'error', text: problem });
      return;
    }
    write.mutate(rows.map((row) => row.state));
  };

  return (
    <section aria-labelledby="answer-states-heading">
      <h2 id="answer-states-heading" ref={listHeading} tabIndex={-1}>
        {t('answerStates.list')}
      </h2>
      <p className="muted">{t('answerStates.labels')}</p>
      {rows.length === 0 && <p>{t('answerStates.none')}</p>}
      <ol className="answer-states">
        {rows.map((row, index) => {
          const answers = answersOf(row);
          const inputId = `answer-state-${row.id}`;
          return (
            <li key={row.id} className="answer-state">
              <label htmlFor={inputId}>{t('answerStates.name', { position: index + 1 })}</label>
              <input
                id={inputId}
                value={row.state}
                autoComplete="off"
                spellCheck={false}
                aria-describedby={`${inputId}-help`}
                aria-invalid={!ANSWER_STATE_PATTERN.test(row.state) || undefined}
                onChange={(event) => rename(row.id, event.target.value)}
              />
              <p id={`${inputId}-help`} className="muted">
                {t('answerStates.shownAs', { label: stateLabel(row.state, t) })} ·{' '}
                {answers === 0
                  ? t('answerStates.unused')
                  : t('answerStates.used', { count: answers })}
              </p>
              <div className="button-row">
                <button
                  id={`${inputId}-up`}
                  type="button"
                  className="button"
                  disabled={index === 0}
                  aria-label={t('answerStates.up', { state: row.state })}
                  onClick={() => move(index, -1, 'up')}
                >
                  {t('answerStates.upShort')}
                </button>
                <button
                  id={`${inputId}-down`}
                  type="button"
                  className="button"
                  disabled={index === rows.length - 1}
                  aria-label={t('answerStates.down', { state: row.state })}
                  onClick={() => move(index, 1, 'down')}
                >
                  {t('answerStates.downShort')}
                </button>
                <button
                  type="button"
                  className="button button-danger"
                  aria-label={t('answerStates.remove', { state: row.state })}
                  onClick={() => remove(index)}
                >
                  {t('answerStates.removeShort')}
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      <form className="stack-form" onSubmit={add} noValidate>
        <label htmlFor="answer-state-new">{t('answerStates.add.label')}</label>
        <input
          id="answer-state-new"
          value={newState}
          autoComplete="off"
          spellCheck={false}
          aria-describedby="answer-state-new-help answer-state-new-error"
          aria-invalid={addError ? true : undefined}
          onChange={(event) => setNewState(event.target.value)}
        />
        <p id="answer-state-new-help" className="muted">
          {t('answerStates.add.help')}
        </p>
        <p id="answer-state-new-error" role="alert" className="field-error">
          {addError}
        </p>
        <button type="submit" className="button">
          {t('answerStates.add.submit')}
        </button>
      </form>
      <div className="stack-form">
        <button
          type="button"
          onClick={save}
          disabled={busy}
          aria-describedby="answer-states-result"
        >
          {t('answerStates.save')}
        </button>
        <Feedback id="answer-states-result" message={message} />
      </div>
    </section>
  );
}
