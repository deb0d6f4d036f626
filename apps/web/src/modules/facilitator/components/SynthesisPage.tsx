import type { ActivityView, WorkshopSnapshot } from '@permanente/contracts';
import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { LoadError, Loading } from '@web/shared/components/ApiStatus';
import { Page } from '@web/shared/components/Page';
import { useApiQuery } from '@web/shared/query/useApiQuery';
import { queryKeys } from '@web/shared/query/query-keys';
import { SPECTRUM_POSITIONS } from '@web/modules/live/components/ActivityResultsView';
import { fromSnapshot, voteTargets, type LiveState } from '@permanente/live-client';
import { facilitatorApi } from '../api/facilitator.api';
import { groupByTheme, rankByDots, type ClusterEntry } from '../clustering';
import { DraftFromThemeButton } from '@web/modules/proposals/components/DraftFromThemeButton';
import { FACILITATION, RequireRole } from '@web/modules/auth/components/RequireRole';

/** `/facilitator/w/:id/synthesis`: a printable summary of the workshop, from its snapshot. */
export function SynthesisPage({ workshopId }: { workshopId: string }) {
  const { t } = useI18n();
  return (
    <RequireRole title={t('synthesis.title')} roles={FACILITATION} refusal="facilitator.notAllowed">
      <Synthesis workshopId={workshopId} />
    </RequireRole>
  );
}

function Synthesis({ workshopId }: { workshopId: string }) {
  const { t } = useI18n();
  const snapshot = useApiQuery<WorkshopSnapshot>(
    queryKeys.workshops.snapshot(workshopId),
    (signal) => facilitatorApi.snapshot(workshopId, signal),
  );
  if (snapshot.isPending) {
    return (
      <Page title={t('synthesis.title')}>
        <Loading />
      </Page>
    );
  }
  if (snapshot.isError) {
    return (
      <Page title={t('synthesis.title')}>
        <LoadError error={snapshot.error} onRetry={() => void snapshot.refetch()} />
      </Page>
    );
  }
  const state = fromSnapshot(snapshot.data);
  const groups = groupByTheme(state.ideas, state.themes);
  const themed = groups.filter((group) => group.theme);
  const loose = groups.find((group) => !group.theme);
  return (
    <Page title={t('synthesis.heading', { title: state.workshop.title })}>
      <div className="button-row no-print">
        <button type="button" className="button" onClick={() => window.print()}>
          {t('synthesis.print')}
        </button>
        <Link href={`/facilitator/w/${workshopId}`}>{t('synthesis.back')}</Link>
      </div>
      <section aria-labelledby="synthesis-themes">
        <h2 id="synthesis-themes">{t('synthesis.themes')}</h2>
        {themed.length === 0 && <p>{t('synthesis.noThemes')}</p>}
        {themed.map((group) => (
          <article key={group.theme?.id} aria-labelledby={`synthesis-theme-${group.theme?.id}`}>
            <h3 id={`synthesis-theme-${group.theme?.id}`}>{group.theme?.name}</h3>
            {state.workshop.status === 'closed' && group.theme && (
              <DraftFromThemeButton
                workshopId={workshopId}
                themeId={group.theme.id}
                themeName={group.theme.name}
              />
            )}
            <EntryList entries={group.entries} />
          </article>
        ))}
      </section>
      <section aria-labelledby="synthesis-loose">
        <h2 id="synthesis-loose">{t('synthesis.noTheme')}</h2>
        <EntryList entries={loose?.entries ?? []} />
      </section>
      <Votes state={state} />
    </Page>
  );
}

function EntryList({ entries }: { entries: ClusterEntry[] }) {
  const { t } = useI18n();
  if (entries.length === 0) return <p>{t('synthesis.noIdeas')}</p>;
  return (
    <ul className="synthesis-ideas">
      {entries.map((entry) => (
        <li key={entry.idea.id}>
          {entry.idea.text}
          {entry.duplicates.length > 0 && (
            <> {t('synthesis.similar', { count: entry.duplicates.length })}</>
          )}
        </li>
      ))}
    </ul>
  );
}

function Votes({ state }: { state: LiveState }) {
  const { t } = useI18n();
  const voted = state.activities.filter(
    (activity) =>
      activity.kind === 'dot_vote' || activity.kind === 'spectrum' || activity.kind === 'poll',
  );
  return (
    <section aria-labelledby="synthesis-results">
      <h2 id="synthesis-results">{t('synthesis.results')}</h2>
      {voted.length === 0 && <p>{t('synthesis.noResults')}</p>}
      {voted.map((activity) => (
        <ResultsTable key={activity.id} activity={activity} state={state} />
      ))}
    </section>
  );
}

function ResultsTable({ activity, state }: { activity: ActivityView; state: LiveState }) {
  const { t } = useI18n();
  const results = state.results[activity.id];
  if (activity.kind === 'dot_vote') {
    const onThemes = activity.voteOn === 'themes';
    const ranked = rankByDots(voteTargets(activity, state.ideas, state.themes), results, 10);
    return (
      <table className="synthesis-table">
        <caption>
          {t(onThemes ? 'synthesis.dotVoteThemes' : 'synthesis.dotVote', {
            prompt: activity.prompt,
          })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('synthesis.rank')}</th>
            <th scope="col">{t(onThemes ? 'synthesis.theme' : 'synthesis.idea')}</th>
            <th scope="col">{t('synthesis.dots')}</th>
          </tr>
        </thead>
        <tbody>
          {ranked.map((row, index) => (
            <tr key={row.target.id}>
              <td>{index + 1}</td>
              <th scope="row">{row.target.label}</th>
              <td>{row.dots}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  if (activity.kind === 'spectrum') {
    const distribution = results?.kind === 'spectrum' ? results.distribution : [];
    return (
      <table className="synthesis-table">
        <caption>{t('synthesis.spectrum', { prompt: activity.prompt })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('synthesis.position')}</th>
            <th scope="col">{t('synthesis.people')}</th>
          </tr>
        </thead>
        <tbody>
          {SPECTRUM_POSITIONS.map((position) => (
            <tr key={position}>
              <th scope="row">{t(`live.spectrum.${position}`)}</th>
              <td>{distribution[position - 1] ?? 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  if (activity.kind === 'poll') {
    const counts = results?.kind === 'poll' ? results.counts : [];
    return (
      <table className="synthesis-table">
        <caption>{t('synthesis.poll', { prompt: activity.prompt })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('synthesis.option')}</th>
            <th scope="col">{t('synthesis.people')}</th>
          </tr>
        </thead>
        <tbody>
          {activity.options.map((option, index) => (
            <tr key={index}>
              <th scope="row">{option}</th>
              <td>{counts[index] ?? 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  return null;
}
