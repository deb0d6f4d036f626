import {
  ACTIVITY_KINDS,
  DEFAULT_DOTS,
  DOT_VOTE_TARGETS,
  IDEA_MAX_LENGTH,
  MAX_DOTS,
  type ActivityKind,
  type ActivityView,
  type CreateActivityRequest,
  type DotVoteTarget,
  type IdeaView,
  type WorkshopResponse,
  type WorkshopStatus,
} from '@permanente/contracts';
import { FormEvent, useState } from 'react';
import { Link } from 'wouter';
import { useI18n } from '../../../i18n/i18n';
import type { MessageKey } from '../../../i18n/i18n-types';
import { LoadError, Loading } from '../../../shared/components/ApiStatus';
import { ConfirmAction } from '../../../shared/components/ConfirmAction';
import { Feedback } from '../../../shared/components/Feedback';
import { Page } from '../../../shared/components/Page';
import { useApi } from '../../../shared/hooks/useApi';
import { ActivityResultsView } from '../../live/components/ActivityResultsView';
import { Countdown } from '../../live/components/Countdown';
import type { LiveView } from '../../live/live-client';
import type { LiveState } from '../../live/live-state';
import { newClientId } from '../../live/outbox';
import { useStaffLive } from '../../live/useLive';
import { facilitatorApi } from '../api/facilitator.api';
import { ClusteringPanel } from './ClusteringPanel';
import { StaffOnly } from './StaffOnly';
import { useAction } from './useAction';

/** The activities a console can add (clustering comes later). */
const ADDABLE_KINDS = ACTIVITY_KINDS.filter((kind) => kind !== 'clustering');
const TIMER_MINUTES = [1, 3, 5];

export const joinUrl = (code: string) => `${window.location.origin}/join/${code}`;

/** `/facilitator/w/:id`: the console that runs a workshop in the room. */
export function FacilitatorWorkshopPage({ workshopId }: { workshopId: string }) {
  const { t } = useI18n();
  return (
    <StaffOnly title={t('console.title')}>
      <Console workshopId={workshopId} />
    </StaffOnly>
  );
}

function Console({ workshopId }: { workshopId: string }) {
  const { t, locale } = useI18n();
  const workshop = useApi(`facilitator:workshop:${workshopId}`, (signal) =>
    facilitatorApi.get(workshopId, signal),
  );
  const live = useStaffLive(workshopId);
  if (workshop.status === 'loading') {
    return (
      <Page title={t('console.title')}>
        <Loading />
      </Page>
    );
  }
  if (workshop.status === 'error') {
    return (
      <Page title={t('console.title')}>
        <LoadError error={workshop.error} onRetry={workshop.retry} />
      </Page>
    );
  }
  const state = live.state;
  return (
    <Page title={workshop.data.title}>
      <JoinCode workshop={workshop.data} />
      <p>
        <a href={`/wall/${workshopId}`} target="_blank" rel="noreferrer">
          {t('console.openWall')}
        </a>
      </p>
      <ul className="console-links">
        <li>
          <a href={`/api/workshops/${workshopId}/export.csv?lang=${locale}`} download>
            {t('console.export')}
          </a>
        </li>
        <li>
          <Link href={`/facilitator/w/${workshopId}/synthesis`}>{t('console.synthesis')}</Link>
        </li>
      </ul>
      <LiveStatus live={live} />
      <StatusControls
        workshopId={workshopId}
        status={state?.workshop.status ?? workshop.data.status}
        entryLocked={state?.workshop.entryLocked ?? workshop.data.entryLocked}
      />
      {state && (
        <>
          <Agenda workshopId={workshopId} state={state} />
          <Board workshopId={workshopId} state={state} />
          <ClusteringPanel workshopId={workshopId} state={state} />
          <PaperIdeaForm workshopId={workshopId} state={state} />
          <Results state={state} />
        </>
      )}
    </Page>
  );
}

function JoinCode({ workshop }: { workshop: WorkshopResponse }) {
  const { t } = useI18n();
  return (
    <div className="join-code">
      <p>{t('console.code')}</p>
      <p className="code-big">{workshop.code}</p>
      <p>
        {t('console.joinAt')} <strong className="join-url">{joinUrl(workshop.code)}</strong>
      </p>
      <p>
        <a href={`/api/workshops/${workshop.id}/qr.svg`} download={`qr-${workshop.code}.svg`}>
          {t('console.downloadQr')}
        </a>
      </p>
    </div>
  );
}

function LiveStatus({ live }: { live: LiveView }) {
  const { t } = useI18n();
  return (
    <div role="status" className="connection">
      <p>
        {t(live.connection === 'online' ? 'console.online' : 'console.offline')}
        {live.presence !== null && <> · {t('console.presence', { count: live.presence })}</>}
      </p>
      {live.error && <p className="field-error">{t('console.liveError', { code: live.error })}</p>}
    </div>
  );
}

const NEXT_STATUS: Partial<Record<WorkshopStatus, WorkshopStatus>> = {
  draft: 'scheduled',
  scheduled: 'live',
  live: 'closed',
};

function StatusControls({
  workshopId,
  status,
  entryLocked,
}: {
  workshopId: string;
  status: WorkshopStatus;
  entryLocked: boolean;
}) {
  const { t } = useI18n();
  const action = useAction();
  const next = NEXT_STATUS[status];
  const set = (target: WorkshopStatus) =>
    action.run((headers) => facilitatorApi.setStatus(workshopId, target, headers));
  const lock = (locked: boolean) =>
    action.run((headers) => facilitatorApi.setEntryLock(workshopId, locked, headers));
  return (
    <section aria-labelledby="status-heading">
      <h2 id="status-heading">{t('console.status.title')}</h2>
      <p>
        <strong>{t(`workshop.status.${status}` as MessageKey)}</strong>
      </p>
      {next && next !== 'closed' && (
        <button type="button" className="button" disabled={action.busy} onClick={() => set(next)}>
          {t(`console.status.to.${next}` as MessageKey)}
        </button>
      )}
      {next === 'closed' && (
        <ConfirmAction
          label={t('console.status.to.closed')}
          question={t('console.status.confirmClose')}
          confirmLabel={t('console.status.confirmCloseButton')}
          onConfirm={() => void set('closed')}
          busy={action.busy}
        />
      )}
      {status !== 'closed' && (
        <>
          <p>{t(entryLocked ? 'console.entry.locked' : 'console.entry.open')}</p>
          <button
            type="button"
            className="button"
            disabled={action.busy}
            onClick={() => void lock(!entryLocked)}
          >
            {t(entryLocked ? 'console.entry.unlock' : 'console.entry.lock')}
          </button>
        </>
      )}
      <Feedback message={action.message} />
    </section>
  );
}

function Agenda({ workshopId, state }: { workshopId: string; state: LiveState }) {
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
              {t(`live.kind.${activity.kind}` as MessageKey)} ·{' '}
              {t(`activity.status.${activity.status}` as MessageKey)}
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
            {t(`live.kind.${candidate}` as MessageKey)}
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
                {t(`console.add.voteOn.${target}` as MessageKey)}
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

function Board({ workshopId, state }: { workshopId: string; state: LiveState }) {
  const { t } = useI18n();
  const action = useAction();
  const ideas = [...state.ideas].reverse();
  const moderate = (idea: IdeaView, what: 'hide' | 'restore') =>
    action.run((headers) => facilitatorApi.moderate(workshopId, idea.id, what, headers));
  return (
    <section aria-labelledby="board-heading">
      <h2 id="board-heading">{t('console.board.title', { count: state.ideas.length })}</h2>
      {ideas.length === 0 && <p>{t('console.board.empty')}</p>}
      <ul className="ideas" aria-label={t('console.board.label')}>
        {ideas.map((idea) => (
          <li key={idea.id} className={idea.hidden ? 'idea idea-hidden' : 'idea'}>
            <p>{idea.text}</p>
            <p className="idea-meta">
              {idea.category && <span className="badge">{idea.category}</span>}
              {idea.origin === 'paper' && <span className="badge">{t('live.idea.paper')}</span>}
              {idea.authorName && <span>{idea.authorName}</span>}
              {idea.hidden && (
                <span className="badge badge-hidden">{t('console.board.hidden')}</span>
              )}
            </p>
            <button
              type="button"
              className="button"
              disabled={action.busy}
              onClick={() => moderate(idea, idea.hidden ? 'restore' : 'hide')}
              aria-label={t(
                idea.hidden ? 'console.board.restoreLabel' : 'console.board.hideLabel',
                {
                  idea: idea.text,
                },
              )}
            >
              {t(idea.hidden ? 'console.board.restore' : 'console.board.hide')}
            </button>
          </li>
        ))}
      </ul>
      <Feedback message={action.message} />
    </section>
  );
}

function PaperIdeaForm({ workshopId, state }: { workshopId: string; state: LiveState }) {
  const { t } = useI18n();
  const action = useAction();
  const boards = state.activities.filter((activity) => activity.kind === 'idea_board');
  const [activityId, setActivityId] = useState('');
  const [text, setText] = useState('');
  const chosen = boards.find((board) => board.id === activityId) ?? boards[boards.length - 1];
  if (!chosen) return null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) {
      action.setMessage({ kind: 'error', text: t('live.idea.empty') });
      return;
    }
    const done = await action.run((headers) =>
      facilitatorApi.paperIdea(
        workshopId,
        { clientId: newClientId(), activityId: chosen.id, text: text.trim() },
        headers,
      ),
    );
    if (done) {
      setText('');
      action.setMessage({ kind: 'success', text: t('console.paper.done') });
    }
  };
  return (
    <section aria-labelledby="paper-heading">
      <h2 id="paper-heading">{t('console.paper.title')}</h2>
      <form className="stack-form" onSubmit={submit} noValidate>
        <label htmlFor="paper-activity">{t('console.paper.activity')}</label>
        <select
          id="paper-activity"
          value={chosen.id}
          onChange={(event) => setActivityId(event.target.value)}
        >
          {boards.map((board) => (
            <option key={board.id} value={board.id}>
              {board.prompt}
            </option>
          ))}
        </select>
        <label htmlFor="paper-text">{t('console.paper.text')}</label>
        <textarea
          id="paper-text"
          value={text}
          onChange={(event) => setText(event.target.value)}
          maxLength={IDEA_MAX_LENGTH}
          rows={3}
        />
        <button type="submit" disabled={action.busy}>
          {t('console.paper.submit')}
        </button>
        <Feedback message={action.message} />
      </form>
    </section>
  );
}

function Results({ state }: { state: LiveState }) {
  const { t } = useI18n();
  const voted = state.activities.filter(
    (activity) => activity.kind !== 'idea_board' && activity.kind !== 'clustering',
  );
  if (voted.length === 0) return null;
  return (
    <section aria-labelledby="results-heading">
      <h2 id="results-heading">{t('console.results.title')}</h2>
      {voted.map((activity) => (
        <article key={activity.id} aria-label={activity.prompt}>
          <h3>{activity.prompt}</h3>
          <ActivityResultsView
            activity={activity}
            results={state.results[activity.id]}
            ideas={state.ideas}
            themes={state.themes}
          />
        </article>
      ))}
    </section>
  );
}
