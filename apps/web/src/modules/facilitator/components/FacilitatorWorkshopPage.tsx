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
  type WorkshopResponse,
  type WorkshopStatus,
} from '@permanente/contracts';
import { FormEvent, useEffect, useRef, useState } from 'react';
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
import { newClientId, type LiveState, type LiveView } from '@permanente/live-client';
import { useStaffLive } from '../../live/useLive';
import { facilitatorApi } from '../api/facilitator.api';
import { type StreamFilter } from '../console-filter';
import { ClusteringPanel } from './ClusteringPanel';
import { ConsoleDnd, type DropTarget } from './ConsoleDnd';
import { IdeaStream } from './IdeaStream';
import { RunSheetPicker } from './RunSheetPicker';
import { WallLinkPanel } from './WallLinkPanel';
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
  const status = state?.workshop.status ?? workshop.data.status;
  return (
    <div className="console-room">
      <Page title={workshop.data.title}>
        <div className="console-top">
          <JoinCode workshop={workshop.data} />
          <div>
            <LiveStatus live={live} />
            <StatusControls
              workshopId={workshopId}
              status={status}
              entryLocked={state?.workshop.entryLocked ?? workshop.data.entryLocked}
            />
          </div>
          <div>
            <WallLinkPanel workshopId={workshopId} closed={status === 'closed'} />
            <ul className="console-links">
              <li>
                <a href={`/wall/${workshopId}`} target="_blank" rel="noreferrer">
                  {t('console.openWall')}
                </a>
              </li>
              <li>
                <a href={`/api/workshops/${workshopId}/export.csv?lang=${locale}`} download>
                  {t('console.export')}
                </a>
              </li>
              <li>
                <Link href={`/facilitator/w/${workshopId}/synthesis`}>
                  {t('console.synthesis')}
                </Link>
              </li>
            </ul>
          </div>
        </div>
        {state && <Room workshopId={workshopId} state={state} />}
      </Page>
    </div>
  );
}

/** The three columns: run sheet and timer, the live stream of ideas, the themes board. */
function Room({ workshopId, state }: { workshopId: string; state: LiveState }) {
  const { t } = useI18n();
  const action = useAction();
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState<StreamFilter>('all');
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const searchRef = useRef<HTMLInputElement>(null);
  const newThemeRef = useRef<HTMLInputElement>(null);
  // Keyboard shortcuts, outside form fields: / search, t new theme, Esc clears.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      const field = (event.target as HTMLElement | null)?.closest?.(
        'input, textarea, select, [contenteditable="true"]',
      );
      if (event.key === 'Escape') {
        if (field && field !== searchRef.current) return;
        setSearch('');
        setSelected(new Set());
        return;
      }
      if (field) return;
      if (event.key === '/') {
        event.preventDefault();
        searchRef.current?.focus();
      } else if (event.key === 't') {
        event.preventDefault();
        newThemeRef.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  const byId = new Map(state.ideas.map((idea) => [idea.id, idea]));
  const drop = (ideaId: string, target: DropTarget) => {
    const moving = selected.has(ideaId) ? [...selected] : [ideaId];
    void action
      .run(async (headers) => {
        for (const id of moving) {
          const idea = byId.get(id);
          if (!idea) continue;
          if (target.kind === 'theme') {
            // A duplicate taken to a theme leaves its original: it stands on its own there.
            const request = idea.duplicateOf
              ? { themeId: target.themeId, duplicateOf: null }
              : { themeId: target.themeId };
            if (idea.themeId !== target.themeId || idea.duplicateOf)
              await facilitatorApi.classify(workshopId, id, request, headers);
          } else {
            const onto = byId.get(target.ideaId);
            const original = onto?.duplicateOf ?? target.ideaId;
            if (original !== id && idea.duplicateOf !== original)
              await facilitatorApi.classify(workshopId, id, { duplicateOf: original }, headers);
          }
        }
      })
      .then((done) => {
        if (done && moving.length > 1) {
          setSelected(new Set());
          action.setMessage({
            kind: 'success',
            text: t('room.bulk.done', { count: moving.length }),
          });
        }
      });
  };
  return (
    <ConsoleDnd ideas={state.ideas} themes={state.themes} onDrop={drop}>
      <div className="console-grid">
        <div className="console-column console-agenda">
          <Agenda workshopId={workshopId} state={state} />
          <PaperIdeaForm workshopId={workshopId} state={state} />
          <Results state={state} />
          <Shortcuts />
        </div>
        <div className="console-column">
          <BulkBar
            workshopId={workshopId}
            state={state}
            selected={selected}
            setSelected={setSelected}
          />
          <Feedback message={action.message} />
          <IdeaStream
            workshopId={workshopId}
            ideas={state.ideas}
            themes={state.themes}
            search={search}
            setSearch={setSearch}
            filter={filter}
            setFilter={setFilter}
            searchRef={searchRef}
            selected={selected}
            setSelected={setSelected}
            firstOrder={STREAM_ORDER}
          />
        </div>
        <ClusteringPanel workshopId={workshopId} state={state} newThemeRef={newThemeRef} />
      </div>
    </ConsoleDnd>
  );
}

/** Keyboard order of the stream's cards, after the board's. */
const STREAM_ORDER = 100_000;

function Shortcuts() {
  const { t } = useI18n();
  return (
    <details className="shortcuts">
      <summary>{t('room.shortcuts.title')}</summary>
      <ul>
        <li>{t('room.shortcuts.search')}</li>
        <li>{t('room.shortcuts.theme')}</li>
        <li>{t('room.shortcuts.clear')}</li>
        <li>{t('room.shortcuts.drag')}</li>
      </ul>
    </details>
  );
}

/** Bulk moves: the selected ideas into a theme (or out of every theme), in one go. */
function BulkBar({
  workshopId,
  state,
  selected,
  setSelected,
}: {
  workshopId: string;
  state: LiveState;
  selected: Set<string>;
  setSelected(next: Set<string>): void;
}) {
  const { t } = useI18n();
  const action = useAction();
  const [target, setTarget] = useState('');
  // Once moved, the selection is empty: the bar goes, its message stays.
  if (selected.size === 0) return <Feedback message={action.message} />;
  const move = async () => {
    const themeId = target || null;
    const ids = [...selected];
    const done = await action.run(async (headers) => {
      for (const id of ids) {
        const idea = state.ideas.find((one) => one.id === id);
        if (!idea) continue;
        const request = idea.duplicateOf ? { themeId, duplicateOf: null } : { themeId };
        await facilitatorApi.classify(workshopId, id, request, headers);
      }
    });
    if (done) {
      setSelected(new Set());
      action.setMessage({ kind: 'success', text: t('room.bulk.done', { count: ids.length }) });
    }
  };
  return (
    <div
      className="bulk-bar"
      role="group"
      aria-label={t('room.bulk.selected', { count: selected.size })}
    >
      <p>
        <strong>{t('room.bulk.selected', { count: selected.size })}</strong>
      </p>
      <label htmlFor="bulk-target">{t('room.bulk.target')}</label>
      <select id="bulk-target" value={target} onChange={(event) => setTarget(event.target.value)}>
        <option value="">{t('console.clustering.themeNone')}</option>
        {state.themes.map((theme) => (
          <option key={theme.id} value={theme.id}>
            {theme.name}
          </option>
        ))}
      </select>
      <button type="button" className="button" disabled={action.busy} onClick={() => void move()}>
        {t('room.bulk.move')}
      </button>
      <button type="button" className="button" onClick={() => setSelected(new Set())}>
        {t('room.bulk.clear')}
      </button>
      <Feedback message={action.message} />
    </div>
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
