import {
  IDEA_MAX_LENGTH,
  LIVE_CLIENT_EVENTS,
  type ActivityView,
  type IdeaView,
  type MyChoice,
} from '@permanente/contracts';
import { FormEvent, useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import type { MessageKey } from '@web/i18n/i18n-types';
import {
  isFinalHandshakeRefusal,
  foldDots,
  ideasFor,
  openActivity,
  voteTargets,
  type LiveState,
  type LiveView,
  type Outbox,
  type OutboxItem,
  type OutboxView,
} from '@permanente/live-client';
import { ActivityResultsView, SPECTRUM_POSITIONS } from './ActivityResultsView';
import { Countdown } from './Countdown';

/**
 * The phone's live part of a workshop: the open activity first, then what waits on the phone.
 * The connection state is in the participant's header. When the facilitator opens another
 * activity, the phone shows it and says so (a polite live region), and brings it into view.
 */
export function ParticipantLive({
  live,
  outbox,
  box,
}: {
  live: LiveView;
  outbox: Outbox;
  box: OutboxView;
}) {
  const { t } = useI18n();
  const state = live.state;
  const activity = state ? openActivity(state) : null;
  const announcement = useActivityAnnouncement(state ? (activity ?? null) : undefined);
  const articleRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (announcement.changed) articleRef.current?.scrollIntoView?.({ block: 'start' });
  }, [announcement.changed]);
  return (
    <section aria-labelledby="live-heading" className="live">
      <h2 id="live-heading" className="visually-hidden">
        {t('live.title')}
      </h2>
      <div
        aria-live="polite"
        aria-atomic="true"
        className="visually-hidden"
        data-testid="activity-announcer"
      >
        {announcement.text}
      </div>
      {live.connection === 'offline' && isFinalHandshakeRefusal(live.error) && (
        // The server refused this phone for good: say what to do instead of "offline".
        <div role="alert" className="connection">
          <p className="notice notice-error">
            {t(`live.connectionRefused.${live.error}`)}{' '}
            <Link href="/join">{t('participation.joinLink')}</Link>
          </p>
        </div>
      )}
      <div role="alert">
        {box.refused && (
          <div className="notice notice-error">
            <p>
              {t(`live.refused.${box.refused.error.code}`)}{' '}
              {t('live.refused.message', { message: box.refused.error.message })}
            </p>
            <button type="button" onClick={() => outbox.dismissRefusal()}>
              {t('live.refused.dismiss')}
            </button>
          </div>
        )}
      </div>
      <div ref={articleRef} className="live-current">
        {state && activity && (
          <CurrentActivity
            // A new activity starts from a clean form.
            key={activity.id}
            activity={activity}
            state={state}
            outbox={outbox}
            box={box}
          />
        )}
      </div>
      {state && !activity && (
        <p className="notice">
          {t(state.workshop.status === 'closed' ? 'live.finished' : 'live.waiting')}
        </p>
      )}
      {!state && live.connection !== 'offline' && <p className="muted">{t('common.loading')}</p>}
      {box.pending.length > 0 && !(activity?.kind === 'idea_board') && (
        <PendingList items={box.pending} />
      )}
    </section>
  );
}

/**
 * What to announce when the open activity changes after the first view: its kind and
 * question. `current` is undefined until the workshop's state has arrived (the first activity
 * shown is not news), null when no activity is open.
 */
function useActivityAnnouncement(current: ActivityView | null | undefined): {
  text: string;
  changed: number;
} {
  const { t } = useI18n();
  const seen = useRef<string | null | undefined>(undefined);
  const [announcement, setAnnouncement] = useState({ text: '', changed: 0 });
  const id = current === undefined ? undefined : (current?.id ?? null);
  useEffect(() => {
    if (id === undefined) return;
    const before = seen.current;
    seen.current = id;
    if (before === undefined || before === id || !current) return;
    setAnnouncement((previous) => ({
      text: t('live.newActivity', {
        kind: t(`live.kind.${current.kind}`),
        prompt: current.prompt,
      }),
      changed: previous.changed + 1,
    }));
    // Only the id matters: a renamed prompt is not a new activity.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);
  return announcement;
}

function PendingList({ items }: { items: OutboxItem[] }) {
  const { t } = useI18n();
  return (
    <ul className="pending">
      {items.map((item) => (
        <li key={item.clientId}>
          {item.event === LIVE_CLIENT_EVENTS.postIdea
            ? item.payload.text
            : t(
                `live.pending.${item.event === LIVE_CLIENT_EVENTS.setDots ? 'vote' : 'choice'}`,
              )}{' '}
          <span className="badge">{t('live.pending')}</span>
        </li>
      ))}
    </ul>
  );
}

interface ActivityProps {
  activity: ActivityView;
  state: LiveState;
  outbox: Outbox;
  box: OutboxView;
}

function CurrentActivity(props: ActivityProps) {
  const { t } = useI18n();
  const { activity } = props;
  return (
    <article className="activity" aria-labelledby="activity-prompt">
      <p className="muted">{t(`live.kind.${activity.kind}`)}</p>
      <h3 id="activity-prompt" className="prompt">
        {activity.prompt}
      </h3>
      {activity.timerEndsAt && <Countdown endsAt={activity.timerEndsAt} />}
      {activity.kind === 'idea_board' && <IdeaBoard {...props} />}
      {activity.kind === 'dot_vote' && <DotVote {...props} />}
      {activity.kind === 'spectrum' && <Spectrum {...props} />}
      {activity.kind === 'poll' && <Poll {...props} />}
    </article>
  );
}

function IdeaBoard({ activity, state, outbox, box }: ActivityProps) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [category, setCategory] = useState('');
  const [problem, setProblem] = useState<MessageKey | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = text.trim();
    if (!trimmed) {
      setProblem('live.idea.empty');
      return;
    }
    setProblem(null);
    setText('');
    await outbox.add(LIVE_CLIENT_EVENTS.postIdea, {
      activityId: activity.id,
      text: trimmed,
      category: category || null,
    });
  };
  const pending = box.pending.filter(
    (item) => item.event === LIVE_CLIENT_EVENTS.postIdea && item.payload.activityId === activity.id,
  );
  const ideas = [...ideasFor(state, activity)].reverse();
  return (
    <>
      <form className="stack-form" onSubmit={submit} noValidate>
        <label htmlFor="idea-text">{t('live.idea.label')}</label>
        <textarea
          id="idea-text"
          value={text}
          onChange={(event) => setText(event.target.value)}
          maxLength={IDEA_MAX_LENGTH}
          rows={3}
          aria-describedby="idea-count idea-error"
          aria-invalid={problem ? true : undefined}
        />
        <p id="idea-count" className="muted">
          {t('live.idea.count', { count: text.length, max: IDEA_MAX_LENGTH })}
        </p>
        {activity.categories.length > 0 && (
          <>
            <label htmlFor="idea-category">{t('live.idea.category')}</label>
            <select
              id="idea-category"
              value={category}
              onChange={(event) => setCategory(event.target.value)}
            >
              <option value="">{t('live.idea.noCategory')}</option>
              {activity.categories.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </>
        )}
        <button type="submit">{t('live.idea.submit')}</button>
        <div id="idea-error" role="alert">
          {problem && <p className="field-error">{t(problem)}</p>}
        </div>
      </form>
      <h4>{t('live.idea.listTitle', { count: ideas.length })}</h4>
      <ul className="ideas" aria-label={t('live.idea.listLabel')}>
        {pending.map((item) => (
          <li key={item.clientId} className="idea idea-pending">
            <p>{item.event === LIVE_CLIENT_EVENTS.postIdea && item.payload.text}</p>
            <span className="badge">{t('live.pending')}</span>
          </li>
        ))}
        {ideas.map((idea) => (
          <IdeaItem key={idea.id} idea={idea} mine={idea.mine || box.own.has(idea.clientId)} />
        ))}
      </ul>
    </>
  );
}

export function IdeaItem({ idea, mine }: { idea: IdeaView; mine?: boolean }) {
  const { t } = useI18n();
  return (
    <li className={mine ? 'idea idea-mine' : 'idea'}>
      <p>{idea.text}</p>
      <p className="idea-meta">
        {idea.category && <span className="badge">{idea.category}</span>}
        {mine && <span className="badge badge-mine">{t('live.idea.mine')}</span>}
        {idea.origin === 'paper' && <span className="badge">{t('live.idea.paper')}</span>}
        {idea.authorName && <span>{idea.authorName}</span>}
      </p>
    </li>
  );
}

type Choice<K extends MyChoice['kind']> = Extract<MyChoice, { kind: K }>;
const mineOf = <K extends MyChoice['kind']>(state: LiveState, id: string, kind: K) => {
  const choice = state.mine[id];
  return choice?.kind === kind ? (choice as Choice<K>) : undefined;
};

function DotVote({ activity, state, outbox }: ActivityProps) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Record<string, number> | null>(null);
  const allocation = foldDots(
    draft ?? mineOf(state, activity.id, 'dot_vote')?.dots ?? {},
    activity,
    state.ideas,
  );
  const allowance = activity.dots ?? 0;
  const spent = Object.values(allocation).reduce((sum, n) => sum + n, 0);
  const left = allowance - spent;
  const targets = voteTargets(activity, ideasFor(state, activity), state.themes);
  const change = (targetId: string, delta: number) => {
    const count = Math.max(0, (allocation[targetId] ?? 0) + delta);
    const next = { ...allocation, [targetId]: count };
    if (count === 0) delete next[targetId];
    setDraft(next);
    void outbox.add(LIVE_CLIENT_EVENTS.setDots, { activityId: activity.id, dots: next });
  };
  return (
    <>
      <p className="dots-left" aria-live="polite">
        {t('live.vote.left', { count: left, total: allowance })}
      </p>
      {targets.length === 0 && (
        <p className="muted">
          {t(activity.voteOn === 'themes' ? 'live.vote.noThemes' : 'live.vote.noIdeas')}
        </p>
      )}
      <ul className="ideas vote-list">
        {targets.map((target) => {
          const mine = allocation[target.id] ?? 0;
          return (
            <li key={target.id} className="idea vote-item">
              <p>{target.label}</p>
              <div className="vote-controls">
                <button
                  type="button"
                  className="button"
                  onClick={() => change(target.id, -1)}
                  disabled={mine === 0}
                  aria-label={t('live.vote.remove', { idea: target.label })}
                >
                  −
                </button>
                <span className="vote-count">{t('live.vote.mine', { count: mine })}</span>
                <button
                  type="button"
                  className="button"
                  onClick={() => change(target.id, 1)}
                  disabled={left <= 0}
                  aria-label={t('live.vote.add', { idea: target.label })}
                >
                  +
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}

function Spectrum({ activity, state, outbox }: ActivityProps) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<number | null>(null);
  const position = draft ?? mineOf(state, activity.id, 'spectrum')?.position ?? null;
  const place = (next: number) => {
    setDraft(next);
    void outbox.add(LIVE_CLIENT_EVENTS.placeOnSpectrum, {
      activityId: activity.id,
      position: next,
    });
  };
  return (
    <>
      <fieldset className="spectrum">
        <legend>{t('live.spectrum.legend')}</legend>
        {SPECTRUM_POSITIONS.map((value) => (
          <label key={value} className="spectrum-choice">
            <input
              type="radio"
              name="spectrum"
              value={value}
              checked={position === value}
              onChange={() => place(value)}
            />
            <span>{t(`live.spectrum.${value}`)}</span>
          </label>
        ))}
      </fieldset>
      <h4>{t('live.results.title')}</h4>
      <ActivityResultsView activity={activity} results={state.results[activity.id]} ideas={[]} />
    </>
  );
}

function Poll({ activity, state, outbox }: ActivityProps) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<number[] | null>(null);
  const [problem, setProblem] = useState(false);
  const [sent, setSent] = useState(false);
  const choices = draft ?? mineOf(state, activity.id, 'poll')?.choices ?? [];
  const toggle = (index: number, checked: boolean) => {
    setSent(false);
    if (!activity.multiple) return setDraft([index]);
    setDraft(
      checked ? [...choices, index].sort((a, b) => a - b) : choices.filter((c) => c !== index),
    );
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (choices.length === 0) return setProblem(true);
    setProblem(false);
    await outbox.add(LIVE_CLIENT_EVENTS.answerPoll, { activityId: activity.id, choices });
    setSent(true);
  };
  return (
    <>
      <form className="stack-form" onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t(activity.multiple ? 'live.poll.several' : 'live.poll.one')}</legend>
          {activity.options.map((option, index) => (
            <label key={index} className="choice">
              <input
                type={activity.multiple ? 'checkbox' : 'radio'}
                name="poll"
                checked={choices.includes(index)}
                onChange={(event) => toggle(index, event.target.checked)}
              />
              <span>{option}</span>
            </label>
          ))}
        </fieldset>
        <button type="submit">{t('live.poll.submit')}</button>
        <div role="alert">{problem && <p className="field-error">{t('live.poll.empty')}</p>}</div>
        <div role="status">{sent && <p className="notice">{t('live.poll.sent')}</p>}</div>
      </form>
      <h4>{t('live.results.title')}</h4>
      <ActivityResultsView activity={activity} results={state.results[activity.id]} ideas={[]} />
    </>
  );
}
