import type {
  ProposalNotification,
  ProposalPage,
  TerritoryProposalFigures,
} from '@permanente/contracts';
import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { LoadError, Loading } from '@web/shared/components/ApiStatus';
import { Page } from '@web/shared/components/Page';
import { useApiQuery } from '@web/shared/query/useApiQuery';
import { queryKeys } from '@web/shared/query/query-keys';
import { proposalsApi } from '../api/proposals.api';
import { formatDay, stateLabel } from '../proposal-format';
import { ProposalCard } from './ProposalBits';
import { Pager, ProposalFilters, resultsCount, usePagedQuery } from './ProposalFilters';
import '../proposals.css';

/** `/proposals`: every published proposal and its answer, searchable without signing in. */
export function ProposalsPage() {
  const { t } = useI18n();
  const paging = usePagedQuery({ limit: 20 });
  const { query } = paging;
  const page = useApiQuery<ProposalPage>(queryKeys.proposals.list(query), (signal) =>
    proposalsApi.list(query, signal),
  );
  return (
    <Page title={t('proposals.title')} intro={t('proposals.intro')}>
      <Notifications />
      <ProposalFilters initial={query} onApply={paging.apply} />
      <section aria-labelledby="proposal-results" aria-live="polite">
        <h2 id="proposal-results">
          {page.isSuccess
            ? resultsCount(t, page.data, 'proposals.results')
            : t('proposals.resultsTitle')}
        </h2>
        {page.isPending && <Loading />}
        {page.isError && <LoadError error={page.error} onRetry={() => void page.refetch()} />}
        {page.isSuccess && (
          <>
            {page.data.items.length === 0 && <p>{t('proposals.none')}</p>}
            <ul className="cards proposal-list">
              {page.data.items.map((proposal) => (
                <li key={proposal.id}>
                  <ProposalCard proposal={proposal} />
                </li>
              ))}
            </ul>
            <Pager page={page.data} paging={paging} />
          </>
        )}
      </section>
      <Figures />
      <p>
        <Link href="/proposals/report">{t('proposals.report.link')}</Link>
      </p>
    </Page>
  );
}

/** Per territory: proposals, answered, overdue, mean answer time. */
export function Figures({
  campaignId,
  territoryId,
}: {
  campaignId?: string;
  territoryId?: string;
}) {
  const { t } = useI18n();
  const figures = useApiQuery<TerritoryProposalFigures[]>(
    queryKeys.proposals.figures(campaignId, territoryId),
    (signal) => proposalsApi.figures(campaignId, territoryId, signal),
  );
  return (
    <section aria-labelledby="proposal-figures">
      <h2 id="proposal-figures">{t('proposals.figures.title')}</h2>
      {figures.isPending && <Loading />}
      {figures.isError && (
        <LoadError error={figures.error} onRetry={() => void figures.refetch()} />
      )}
      {figures.isSuccess && (
        <table className="synthesis-table">
          <thead>
            <tr>
              <th scope="col">{t('proposals.figures.territory')}</th>
              <th scope="col">{t('proposals.figures.proposals')}</th>
              <th scope="col">{t('proposals.figures.answered')}</th>
              <th scope="col">{t('proposals.figures.overdue')}</th>
              <th scope="col">{t('proposals.figures.averageDays')}</th>
            </tr>
          </thead>
          <tbody>
            {figures.data.map((row) => (
              <tr key={row.territoryId}>
                <th scope="row">{row.territoryName}</th>
                <td>{row.proposals}</td>
                <td>{row.answered}</td>
                <td>{row.overdue}</td>
                <td>{row.averageAnswerDays ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** What happened to the proposals this browser supports (public supporter identity). */
function Notifications() {
  const { t, locale } = useI18n();
  const notes = useApiQuery<ProposalNotification[]>(queryKeys.proposals.notifications, (signal) =>
    proposalsApi.notifications(signal),
  );
  if (!notes.isSuccess || notes.data.length === 0) return null;
  return (
    <section aria-labelledby="proposal-news" className="notice">
      <h2 id="proposal-news">{t('proposals.news.title')}</h2>
      <ul>
        {notes.data.slice(0, 5).map((note) => (
          <li key={`${note.proposalId}-${note.kind}-${note.at}`}>
            <Link href={`/proposals/${note.proposalId}`}>{note.title}</Link> :{' '}
            {note.kind === 'answered'
              ? t('proposals.news.answered', { state: stateLabel(note.detail, t) })
              : t('proposals.news.followUp', { percent: note.detail })}{' '}
            ({formatDay(note.at, locale)})
          </li>
        ))}
      </ul>
    </section>
  );
}
