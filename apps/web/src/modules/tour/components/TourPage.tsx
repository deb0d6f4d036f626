import type {
  CoverageFigures,
  TourCoverageResponse,
  TourResponse,
  TourStopResponse,
} from '@permanente/contracts';
import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { LoadError, Loading } from '@web/shared/components/ApiStatus';
import { Page } from '@web/shared/components/Page';
import { useApiQuery } from '@web/shared/query/useApiQuery';
import { queryKeys } from '@web/shared/query/query-keys';
import { currentTour, tourApi } from '../api/tour.api';
import { formatDay, formatTime } from '../tour-format';
import { TourMap } from './TourMap';
import '../tour.css';

/** `/tour`: the itinerary as a map and a timeline, what is next, and the coverage. */
export function TourPage() {
  const { t } = useI18n();
  const tour = useApiQuery(queryKeys.tour.current, (signal) => currentTour(signal));
  if (tour.isPending)
    return (
      <Page title={t('tour.title')}>
        <Loading />
      </Page>
    );
  if (tour.isError)
    return (
      <Page title={t('tour.title')}>
        <LoadError error={tour.error} onRetry={() => void tour.refetch()} />
      </Page>
    );
  if (!tour.data)
    return (
      <Page title={t('tour.title')}>
        <p>{t('tour.none')}</p>
      </Page>
    );
  return <TourView tour={tour.data} />;
}

function TourView({ tour }: { tour: TourResponse }) {
  const { t } = useI18n();
  const coverage = useApiQuery(queryKeys.tour.coverage(tour.id), (signal) =>
    tourApi.coverage(tour.id, signal),
  );
  return (
    <Page title={tour.title} intro={tour.description}>
      <NextStop tour={tour} />
      <p>
        <a href={`/api/tours/${encodeURIComponent(tour.id)}/calendar.ics`}>
          {t('calendar.subscribeTour')}
        </a>
      </p>
      <section aria-labelledby="tour-map-heading">
        <h2 id="tour-map-heading">{t('tour.map.title')}</h2>
        <TourMap
          stops={tour.stops}
          nextStopId={tour.nextStopId}
          coverage={coverage.isSuccess ? coverage.data.departements : null}
        />
      </section>
      <section aria-labelledby="tour-timeline-heading">
        <h2 id="tour-timeline-heading">{t('tour.timeline.title')}</h2>
        <Timeline stops={tour.stops} nextStopId={tour.nextStopId} />
      </section>
      <section aria-labelledby="tour-coverage-heading">
        <h2 id="tour-coverage-heading">{t('tour.coverage.title')}</h2>
        {coverage.isPending && <Loading />}
        {coverage.isError && (
          <LoadError error={coverage.error} onRetry={() => void coverage.refetch()} />
        )}
        {coverage.isSuccess && <Coverage coverage={coverage.data} />}
      </section>
      <p>
        <Link href="/initiatives">{t('tour.initiativesLink')}</Link>
      </p>
    </Page>
  );
}

function NextStop({ tour }: { tour: TourResponse }) {
  const { t, locale } = useI18n();
  const next = tour.stops.find((stop) => stop.id === tour.nextStopId);
  const last = tour.stops[tour.stops.length - 1];
  return (
    <section aria-labelledby="tour-next-heading" className="tour-next">
      <h2 id="tour-next-heading">{t('tour.next.title')}</h2>
      {next ? (
        <p>
          {t(next.timing === 'today' ? 'tour.next.today' : 'tour.next.upcoming', {
            date: formatDay(next.day, locale),
          })}{' '}
          <Link href={`/tour/stops/${next.id}`}>
            {t('tour.stopName', { rank: next.rank, name: next.territoryName })}
          </Link>
          {next.place.name ? ` · ${next.place.name}` : ''}
        </p>
      ) : last ? (
        <p>
          {t('tour.next.over', { count: tour.stops.length, date: formatDay(last.day, locale) })}
        </p>
      ) : (
        <p>{t('tour.next.empty')}</p>
      )}
    </section>
  );
}

function Timeline({ stops, nextStopId }: { stops: TourStopResponse[]; nextStopId: string | null }) {
  const { t, locale } = useI18n();
  if (stops.length === 0) return <p>{t('tour.next.empty')}</p>;
  return (
    <ol className="timeline">
      {stops.map((stop) => (
        <li
          key={stop.id}
          className={`timeline-item timing-${stop.timing}${stop.id === nextStopId ? ' is-next' : ''}`}
        >
          <p className="timeline-date">
            <time dateTime={stop.day}>{formatDay(stop.day, locale)}</time>
            {' · '}
            {formatTime(stop.startsAt, locale)}–{formatTime(stop.endsAt, locale)}
          </p>
          <p className="timeline-title">
            <Link href={`/tour/stops/${stop.id}`}>
              {t('tour.stopName', { rank: stop.rank, name: stop.territoryName })}
            </Link>{' '}
            <span className="muted">{stop.departementName}</span>
          </p>
          <p className="timeline-meta">
            <span className={`badge badge-${stop.timing}`}>{t(`tour.timing.${stop.timing}`)}</span>
            {stop.workshop && <span className="badge">{t('tour.fabrik')}</span>}
            {stop.initiativeCount > 0 && (
              <span className="muted">
                {t('tour.initiativeCount', { count: stop.initiativeCount })}
              </span>
            )}
          </p>
        </li>
      ))}
    </ol>
  );
}

function Coverage({ coverage }: { coverage: TourCoverageResponse }) {
  const { t } = useI18n();
  const { totals } = coverage;
  return (
    <>
      <p>
        {t('tour.coverage.totals', {
          visited: totals.visitedBassins,
          bassins: totals.bassins,
          workshops: totals.workshops,
          participants: totals.participants,
          contributions: totals.contributions,
          proposals: totals.proposals,
        })}
      </p>
      <p className="muted">{t('tour.coverage.definitions')}</p>
      <ul className="coverage-list">
        {coverage.departements.map((departement) => (
          <li key={departement.territoryId} className="coverage-departement">
            <h3>
              {departement.name} <span className="muted">({departement.code})</span>
            </h3>
            <CoverageLine figures={departement} />
            <ul className="coverage-bassins">
              {departement.bassins.map((bassin) => (
                <li key={bassin.territoryId}>
                  <strong>{bassin.name}</strong> <CoverageLine figures={bassin} />
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </>
  );
}

function CoverageLine({ figures }: { figures: CoverageFigures }) {
  const { t } = useI18n();
  return (
    <span className={figures.standsOut ? 'coverage-line stands-out' : 'coverage-line'}>
      {figures.neverVisited && <span className="flag">{t('tour.coverage.neverVisited')}</span>}
      {figures.lowestParticipation && <span className="flag">{t('tour.coverage.lowest')}</span>}
      <span>
        {t(`tour.coverage.visit.${figures.visit}`)} ·{' '}
        {t('tour.coverage.figures', {
          workshops: figures.workshops,
          participants: figures.participants,
          contributions: figures.contributions,
          proposals: figures.proposals,
        })}
        {figures.participationPer1000 !== null &&
          ` · ${t('tour.coverage.rate', { rate: figures.participationPer1000 })}`}
      </span>
    </span>
  );
}
