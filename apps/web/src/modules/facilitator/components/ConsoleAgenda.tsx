import {
  ACTIVITY_KINDS,
  DEFAULT_DOTS,
  DOT_VOTE_TARGETS,
  MAX_DOTS,
  type ActivityKind,
  type ActivityView,
  type CreateActivityRequest,
  type DotVoteTarget,
} from '@permanente/contracts';
import type { LiveState } from '@permanente/live-client';
import { FormEvent, useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { Feedback } from '@web/shared/components/Feedback';
import { Countdown } from '@web/modules/live/components/Countdown';
import { facilitatorApi } from '../api/facilitator.api';
import { RunSheetPicker } from './RunSheetPicker';
import { useAction } from './useAction';

/** The activities a console can add (clustering comes later). */
const ADDABLE_KINDS = ACTIVITY_KINDS.filter((kind) => kind !== 'clustering');
const TIMER_MINUTES = [1, 3, 5];

/** The run sheet: the activities in order, opened, closed and timed; adding one. */
export function ConsoleAgenda({ workshopId, state }: { workshopId: string; state: LiveState }) {
  const { t } = useI18n();
  const action = useAction();
  const update = (
    activity: ActivityView,
    change: Parameters<typeof facilitatorApi.updateActivity>[2],
  ) =>
    action.run((headers) =>
      facilitatorApi.updateActivity(workshopId, activity.id, change, headers),
    );
  return (
    <section aria-labelledby="agenda-heading">
      <h2 id="agenda-heading">{t('console.agenda.title')}</h2>
      {state.activities.length === 0 && <p>{t('console.agenda.empty')}</p>}
      <ol className="agenda">
        {state.activities.map((activity) => (
          <li key={activity.id} className={`agenda-item agenda-${activity.status}`}>
            <p>
              <strong>{activity.prompt}</strong>
            </p>
            <p className="muted">
              {t(`live.kind.${activity.kind}`)} · {t(`activity.status.${activity.status}`)}
            </p>
            {activity.timerEndsAt && activity.status === 'open' && (
              <Countdown endsAt={activity.timerEndsAt} />
            )}
            <div className="button-row">
              {activity.status !== 'open' ? (
                <button
                  type="button"
                  className="button"
                  disabled={action.busy}
                  onClick={() => update(activity, { status: 'open' })}
                  aria-label={t('console.agenda.openLabel', { prompt: activity.prompt })}
                >
                  {t('console.agenda.open')}
                </button>
              ) : (
                <>
                  <button
                    type="button"
                    className="button"
                    disabled={action.busy}
                    onClick={() => update(activity, { status: 'closed' })}
                    aria-label={t('console.agenda.closeLabel', { prompt: activity.prompt })}
                  >
                    {t('console.agenda.close')}
                  </button>
                  {TIMER_MINUTES.map((minutes) => (
                    <button
                      key={minutes}
                      type="button"
                      className="button"
                      disabled={action.busy}
                      onClick={() => update(activity, { timerSeconds: minutes * 60 })}
                    >
                      {t('console.agenda.timer', { minutes })}
                    </button>
                  ))}
                </>
              )}
            </div>
          </li>
        ))}
      </ol>
      <Feedback message={action.message} />
      <RunSheetPicker workshopId={workshopId} />
      <AddActivityForm workshopId={workshopId} />
    </section>
  );
}

const lines = (value: string) =>
  value
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

function AddActivityForm({ workshopId }: { workshopId: string }) {
  const { t } = useI18n();
  const action = useAction();
  const [kind, setKind] = useState<ActivityKind>('idea_board');
  const [prompt, setPrompt] = useState('');
  const [categories, setCategories] = useState('');
  const [dots, setDots] = useState(DEFAULT_DOTS);
  const [voteOn, setVoteOn] = useState<DotVoteTarget>('ideas');
  const [options, setOptions] = useState('');
  const [multiple, setMultiple] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!prompt.trim()) {
      action.setMessage({ kind: 'error', text: t('console.add.missingPrompt') });
      return;
    }
    const request: CreateActivityRequest = { kind, prompt: prompt.trim() };
    if (kind === 'idea_board' && lines(categories).length > 0)
      request.categories = lines(categories);
    if (kind === 'dot_vote') {
      request.dots = dots;
      request.voteOn = voteOn;
    }
    if (kind === 'poll') {
      request.options = lines(options);
      request.multiple = multiple;
      if (request.options.length < 2) {
        action.setMessage({ kind: 'error', text: t('console.add.missingOptions') });
        return;
      }
    }
    const done = await action.run((headers) =>
      facilitatorApi.addActivity(workshopId, request, headers),
    );
    if (done) {
      setPrompt('');
      setCategories('');
      setOptions('');
      action.setMessage({ kind: 'success', text: t('console.add.done') });
    }
  };
  return (
    <form className="stack-form" onSubmit={submit} noValidate aria-labelledby="add-heading">
      <h3 id="add-heading">{t('console.add.title')}</h3>
      <label htmlFor="activity-kind">{t('console.add.kind')}</label>
      <select
        id="activity-kind"
        value={kind}
        onChange={(event) => setKind(event.target.value as ActivityKind)}
      >
        {ADDABLE_KINDS.map((candidate) => (
          <option key={candidate} value={candidate}>
            {t(`live.kind.${candidate}`)}
          </option>
        ))}
      </select>
      <label htmlFor="activity-prompt">{t('console.add.prompt')}</label>
      <input
        id="activity-prompt"
        value={prompt}
        onChange={(event) => setPrompt(event.target.value)}
        maxLength={500}
      />
      {kind === 'idea_board' && (
        <>
          <label htmlFor="activity-categories">{t('console.add.categories')}</label>
          <textarea
            id="activity-categories"
            value={categories}
            onChange={(event) => setCategories(event.target.value)}
            rows={3}
          />
        </>
      )}
      {kind === 'dot_vote' && (
        <>
          <label htmlFor="activity-dots">{t('console.add.dots')}</label>
          <input
            id="activity-dots"
            type="number"
            min={1}
            max={MAX_DOTS}
            value={dots}
            onChange={(event) => setDots(Number(event.target.value) || DEFAULT_DOTS)}
          />
          <fieldset className="choices">
            <legend>{t('console.add.voteOn')}</legend>
            {DOT_VOTE_TARGETS.map((target) => (
              <label key={target} className="choice">
                <input
                  type="radio"
                  name="activity-vote-on"
                  value={target}
                  checked={voteOn === target}
                  onChange={() => setVoteOn(target)}
                />
                {t(`console.add.voteOn.${target}`)}
              </label>
            ))}
          </fieldset>
        </>
      )}
      {kind === 'poll' && (
        <>
          <label htmlFor="activity-options">{t('console.add.options')}</label>
          <textarea
            id="activity-options"
            value={options}
            onChange={(event) => setOptions(event.target.value)}
            rows={4}
          />
          <label className="choice">
            <input
              type="checkbox"
              checked={multiple}
              onChange={(event) => setMultiple(event.target.checked)}
            />
            <span>{t('console.add.multiple')}</span>
          </label>
        </>
      )}
      <button type="submit" disabled={action.busy}>
        {t('console.add.submit')}
      </button>
      <Feedback message={action.message} />
    </form>
  );
}
