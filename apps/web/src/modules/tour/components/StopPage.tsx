import type { TourStopDetailResponse } from '@permanente/contracts';
import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { LoadError, Loading } from '@web/shared/components/ApiStatus';
import { Page } from '@web/shared/components/Page';
import { useApiQuery } from '@web/shared/query/useApiQuery';
import { queryKeys } from '@web/shared/query/query-keys';
import { tourApi } from '../api/tour.api';
import { formatDay, formatTime } from '../tour-format';
import { InitiativeCard } from './InitiativeCard';
import '../tour.css';

/** `/tour/stops/:id`: one day of the tour: programme, Fabrik, report, initiatives met. */
export function StopPage({ id }: { id: string }) {
  const { t } = useI18n();
  const stop = useApiQuery(queryKeys.tour.stop(id), (signal) => tourApi.stop(id, signal));
  if (stop.isPending)
    return (
      <Page title={t('tour.stop.title')}>
        <Loading />
      </Page>
    );
  if (stop.isError) {
    const missing = stop.error.status === 404 || stop.error.status === 400;
    return (
      <Page title={missing ? t('tour.stop.notFound') : t('tour.stop.title')}>
        {!missing && <LoadError error={stop.error} onRetry={() => void stop.refetch()} />}
        <p>
          <Link href="/tour">{t('tour.backToTour')}</Link>
        </p>
      </Page>
    );
  }
  return <StopView stop={stop.data} />;
}

function StopView({ stop }: { stop: TourStopDetailResponse }) {
  const { t, locale } = useI18n();
  const prepared = stop.moments.filter((moment) => moment.kind === 'prepared');
  const open = stop.moments.filter((moment) => moment.kind === 'open');
  return (
    <Page title={t('tour.stopName', { rank: stop.rank, name: stop.territoryName })}>
      <dl className="facts">
        <dt>{t('tour.stop.date')}</dt>
        <dd>
          <time dateTime={stop.day}>{formatDay(stop.day, locale)}</time>,{' '}
          {formatTime(stop.startsAt, locale)}–{formatTime(stop.endsAt, locale)}{' '}
          <span className={`badge badge-${stop.timing}`}>{t(`tour.timing.${stop.timing}`)}</span>
        </dd>
        <dt>{t('tour.stop.territory')}</dt>
        <dd>
          {stop.territoryName}
          {stop.departementName ? ` (${stop.departementName})` : ''}
        </dd>
        {(stop.place.name || stop.place.address) && (
          <>
            <dt>{t('tour.stop.place')}</dt>
            <dd>{[stop.place.name, stop.place.address].filter(Boolean).join(' — ')}</dd>
          </>
        )}
      </dl>
      <p>
        <a href={`/api/tour-stops/${encodeURIComponent(stop.id)}/calendar.ics`} download>
          {t('calendar.addStop')}
        </a>
      </p>

      <section aria-labelledby="stop-fabrik-heading">
        <h2 id="stop-fabrik-heading">{t('tour.fabrik')}</h2>
        {stop.workshop ? (
          <p>
            {stop.workshop.title}
            {stop.workshop.place ? ` · ${stop.workshop.place}` : ''} ·{' '}
            {t(`tour.workshopStatus.${stop.workshop.status}`)}
            {stop.workshop.joinCode && (
              <>
                {' '}
                <Link href={`/join/${stop.workshop.joinCode}`}>
                  {t('tour.stop.join', { code: stop.workshop.joinCode })}
                </Link>
              </>
            )}
          </p>
        ) : (
          <p>{t('tour.stop.noFabrik')}</p>
        )}
      </section>

      <section aria-labelledby="stop-programme-heading">
        <h2 id="stop-programme-heading">{t('tour.stop.programme')}</h2>
        {stop.moments.length === 0 && <p>{t('tour.stop.noProgramme')}</p>}
        {prepared.length > 0 && (
          <>
            <h3>{t('tour.stop.prepared')}</h3>
            <ul className="moments">
              {prepared.map((moment, index) => (
                <li key={index}>
                  <strong>
                    {formatTime(moment.startsAt, locale)}–{formatTime(moment.endsAt, locale)}
                  </strong>{' '}
                  {moment.title}
                  {moment.actors && (
                    <span className="muted">
                      {' '}
                      — {t('tour.stop.with', { actors: moment.actors })}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
        {open.length > 0 && (
          <>
            <h3>{t('tour.stop.open')}</h3>
            <ul className="moments">
              {open.map((moment, index) => (
                <li key={index}>
                  <strong>
                    {formatTime(moment.startsAt, locale)}–{formatTime(moment.endsAt, locale)}
                  </strong>{' '}
                  {moment.title}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="stop-report-heading">
        <h2 id="stop-report-heading">{t('tour.stop.report')}</h2>
        <p>{stop.report || t('tour.stop.noReport')}</p>
      </section>

      <section aria-labelledby="stop-initiatives-heading">
        <h2 id="stop-initiatives-heading">
          {t('tour.stop.initiatives', { count: stop.initiatives.length })}
        </h2>
        {stop.initiatives.length === 0 ? (
          <p>{t('tour.stop.noInitiatives')}</p>
        ) : (
          <ul className="cards">
            {stop.initiatives.map((initiative) => (
              <li key={initiative.id}>
                <InitiativeCard initiative={initiative} showStop={false} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <p>
        <Link href="/tour">{t('tour.backToTour')}</Link>
      </p>
    </Page>
  );
}
