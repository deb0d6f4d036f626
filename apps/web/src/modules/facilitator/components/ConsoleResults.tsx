import type { LiveState } from '@permanente/live-client';
import { useI18n } from '@web/i18n/i18n';
import { ActivityResultsView } from '@web/modules/live/components/ActivityResultsView';

/** The live results of the votes, positions and polls. */
export function ConsoleResults({ state }: { state: LiveState }) {
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
