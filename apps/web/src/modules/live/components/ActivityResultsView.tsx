import type { ActivityResults, ActivityView, IdeaView, ThemeView } from '@permanente/contracts';
import { useI18n } from '@web/i18n/i18n';
import { voteTargets } from '@permanente/live-client';

export const SPECTRUM_POSITIONS = [1, 2, 3, 4, 5] as const;

function Bars({ rows }: { rows: Array<{ key: string; label: string; count: number }> }) {
  const { t } = useI18n();
  const max = Math.max(1, ...rows.map((row) => row.count));
  return (
    <ul className="bars">
      {rows.map((row) => (
        <li key={row.key}>
          <span className="bar-label">{row.label}</span>
          <span className="bar-track" aria-hidden="true">
            <span className="bar-fill" style={{ width: `${(row.count / max) * 100}%` }} />
          </span>
          <span className="bar-count">{t('live.results.count', { count: row.count })}</span>
        </li>
      ))}
    </ul>
  );
}

/** Live results: bars for a dot vote or a poll, five columns for a spectrum. */
export function ActivityResultsView({
  activity,
  results,
  ideas,
  themes = [],
}: {
  activity: ActivityView;
  results: ActivityResults | undefined;
  ideas: IdeaView[];
  /** The clustering's themes, for a dot vote on themes. */
  themes?: ThemeView[];
}) {
  const { t } = useI18n();
  if (activity.kind === 'dot_vote') {
    const tallies = results?.kind === 'dot_vote' ? results.tallies : {};
    const rows = voteTargets(activity, ideas, themes)
      .map((target) => ({ key: target.id, label: target.label, count: tallies[target.id] ?? 0 }))
      .sort((a, b) => b.count - a.count);
    return (
      <div className="results">
        <p>
          {t('live.results.voters', { count: results?.kind === 'dot_vote' ? results.voters : 0 })}
        </p>
        <Bars rows={rows} />
      </div>
    );
  }
  if (activity.kind === 'poll') {
    const counts = results?.kind === 'poll' ? results.counts : [];
    return (
      <div className="results">
        <p>
          {t('live.results.respondents', {
            count: results?.kind === 'poll' ? results.respondents : 0,
          })}
        </p>
        <Bars
          rows={activity.options.map((option, index) => ({
            key: String(index),
            label: option,
            count: counts[index] ?? 0,
          }))}
        />
      </div>
    );
  }
  if (activity.kind === 'spectrum') {
    const distribution = results?.kind === 'spectrum' ? results.distribution : [];
    const max = Math.max(1, ...distribution);
    return (
      <ol className="spectrum-columns">
        {SPECTRUM_POSITIONS.map((position) => {
          const count = distribution[position - 1] ?? 0;
          return (
            <li key={position}>
              <span className="column-track" aria-hidden="true">
                <span className="column-fill" style={{ height: `${(count / max) * 100}%` }} />
              </span>
              <span className="bar-count">{t('live.results.count', { count })}</span>
              <span className="column-label">{t(`live.spectrum.${position}`)}</span>
            </li>
          );
        })}
      </ol>
    );
  }
  return null;
}
