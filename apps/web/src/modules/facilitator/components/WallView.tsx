import type { ActivityView, IdeaView } from '@permanente/contracts';
import { useI18n } from '@web/i18n/i18n';
import { Page } from '@web/shared/components/Page';
import { ActivityResultsView } from '@web/modules/live/components/ActivityResultsView';
import { Countdown } from '@web/modules/live/components/Countdown';
import type { LiveView } from '@permanente/live-client';
import { currentOrLastActivity, voteTargets, type LiveState } from '@permanente/live-client';
import { groupByTheme, rankByDots } from '../clustering';

/** Ideas shown at once on the wall: the latest, in type readable from the back of a hall. */
export const WALL_IDEAS = 24;
/** Bars shown at once for a dot vote: the first ones. */
export const WALL_BARS = 10;
/** Ideas named under each theme while the themes form. */
const WALL_THEME_IDEAS = 4;

/**
 * What the projector shows, from the live state (a staff session or a wall link): how to join,
 * then the current activity: ideas arriving, themes as they form, vote bars, the spectrum's
 * distribution, poll results, the timer. Never a hidden idea.
 */
export function WallView({
  title,
  joinUrl,
  code,
  qrSrc,
  live,
}: {
  title: string;
  joinUrl: string;
  code: string;
  qrSrc: string;
  live: LiveView;
}) {
  const { t } = useI18n();
  const state = live.state;
  const activity = state ? currentOrLastActivity(state) : null;
  return (
    <div className="wall">
      <Page title={title}>
        {state?.workshop.entryLocked ? (
          <p className="wall-locked" role="status">
            {t('wall.entryLocked')}
          </p>
        ) : (
          <div className="wall-join">
            <div>
              <p>
                {t('wall.join')} <strong className="join-url">{joinUrl}</strong>
              </p>
              <p className="wall-code">
                {t('wall.code')} <strong>{code}</strong>
              </p>
            </div>
            <img
              className="wall-qr"
              src={qrSrc}
              alt={t('wall.qrAlt', { url: joinUrl })}
              width={200}
              height={200}
            />
          </div>
        )}
        {live.connection !== 'online' && (
          <p role="status" className="wall-offline">
            {t('console.offline')}
          </p>
        )}
        {state && !activity && <p className="wall-prompt">{t('wall.waiting')}</p>}
        {state && activity && <WallActivity state={state} activity={activity} />}
      </Page>
    </div>
  );
}

function WallActivity({ state, activity }: { state: LiveState; activity: ActivityView }) {
  const { t } = useI18n();
  const visible = state.ideas.filter((idea) => !idea.hidden);
  return (
    <section aria-labelledby="wall-prompt" className="wall-activity">
      <div className="wall-activity-head">
        <p className="wall-kind">{t(`live.kind.${activity.kind}`)}</p>
        {activity.timerEndsAt && activity.status === 'open' && (
          <Countdown endsAt={activity.timerEndsAt} className="wall-countdown" />
        )}
      </div>
      <h2 id="wall-prompt" className="wall-prompt">
        {activity.prompt}
      </h2>
      {activity.kind === 'idea_board' && (
        <WallIdeas ideas={visible.filter((idea) => idea.activityId === activity.id)} />
      )}
      {activity.kind === 'clustering' && <WallThemes state={state} />}
      {activity.kind === 'dot_vote' && <WallVote state={state} activity={activity} />}
      {(activity.kind === 'poll' || activity.kind === 'spectrum') && (
        <ActivityResultsView
          activity={activity}
          results={state.results[activity.id]}
          ideas={visible}
          themes={state.themes}
        />
      )}
    </section>
  );
}

function WallIdeas({ ideas }: { ideas: IdeaView[] }) {
  const { t } = useI18n();
  const latest = ideas.slice(-WALL_IDEAS).reverse();
  return (
    <>
      <p className="wall-count" aria-live="polite">
        {t('wall.ideaCount', { count: ideas.length })}
      </p>
      <ul className="wall-ideas" aria-label={t('wall.ideas')}>
        {latest.map((idea) => (
          <li key={idea.id}>
            <p>{idea.text}</p>
            {(idea.category || idea.origin === 'paper') && (
              <p className="wall-idea-meta">
                {[idea.category, idea.origin === 'paper' ? t('live.idea.paper') : null]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

function WallThemes({ state }: { state: LiveState }) {
  const { t } = useI18n();
  const groups = groupByTheme(state.ideas, state.themes);
  return (
    <ul className="wall-themes" aria-label={t('wall.themes')}>
      {groups.map((group) => {
        const count = group.entries.reduce((sum, entry) => sum + 1 + entry.duplicates.length, 0);
        return (
          <li key={group.theme?.id ?? 'none'} className={group.theme ? '' : 'wall-theme-none'}>
            <h3>
              {group.theme?.name ?? t('console.clustering.noTheme')}{' '}
              <span className="wall-theme-count">{t('wall.themeCount', { count })}</span>
            </h3>
            {group.theme && (
              <ul>
                {group.entries.slice(0, WALL_THEME_IDEAS).map((entry) => (
                  <li key={entry.idea.id}>{entry.idea.text}</li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function WallVote({ state, activity }: { state: LiveState; activity: ActivityView }) {
  const { t } = useI18n();
  const results = state.results[activity.id];
  const ranked = rankByDots(voteTargets(activity, state.ideas, state.themes), results, WALL_BARS);
  const max = Math.max(1, ...ranked.map((row) => row.dots));
  return (
    <div className="results">
      <p>
        {t('live.results.voters', { count: results?.kind === 'dot_vote' ? results.voters : 0 })}
      </p>
      <ol className="bars wall-bars" aria-label={t('wall.ranking')}>
        {ranked.map((row) => (
          <li key={row.target.id}>
            <span className="bar-label">{row.target.label}</span>
            <span className="bar-track" aria-hidden="true">
              <span className="bar-fill" style={{ width: `${(row.dots / max) * 100}%` }} />
            </span>
            <span className="bar-count">{t('live.results.count', { count: row.dots })}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
