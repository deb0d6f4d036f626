import {
  AGE_BANDS,
  GENDERS,
  type AgeBand,
  type Gender,
  type HeardMargin,
  type HeardResponse,
  type HeardTerritory,
} from '@permanente/contracts';
import { useState } from 'react';
import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import type { MessageKey } from '@web/i18n/i18n-types';
import { LoadError, Loading } from '@web/shared/components/ApiStatus';
import { Page } from '@web/shared/components/Page';
import { useApiQuery } from '@web/shared/query/useApiQuery';
import { queryKeys } from '@web/shared/query/query-keys';
import { FACILITATION, RequireRole } from '@web/modules/auth/components/RequireRole';
import { tourApi } from '../api/tour.api';
import { HeardMap } from './HeardMap';
import '../tour.css';

/**
 * `/tour/heard`: who the tour has heard, for the organisers: per territory, participation,
 * first-timers and each profile margin next to the census, then the most under-heard groups
 * and places (docs/coverage.md).
 */
export function HeardPage() {
  const { t } = useI18n();
  return (
    <RequireRole title={t('heard.title')} roles={FACILITATION} refusal="facilitator.notAllowed">
      <Heard />
    </RequireRole>
  );
}

function Heard() {
  const { t } = useI18n();
  const heard = useApiQuery(queryKeys.tour.heard, async (signal) => {
    const tours = await tourApi.list(signal);
    return tours.length > 0 ? tourApi.heard(tours[0].id, signal) : null;
  });
  return (
    <Page title={t('heard.title')}>
      {heard.isPending && <Loading />}
      {heard.isError && <LoadError error={heard.error} onRetry={() => void heard.refetch()} />}
      {heard.isSuccess && (heard.data ? <HeardView heard={heard.data} /> : <p>{t('tour.none')}</p>)}
      <p>
        <Link href="/tour">{t('tour.planning.public')}</Link>
      </p>
    </Page>
  );
}

function useFormats() {
  const { locale } = useI18n();
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  return {
    percent: (value: number | null) => (value === null ? '—' : percent.format(value)),
    decimal: (value: number | null) => (value === null ? '—' : decimal.format(value)),
    points: (gap: number) => Math.round(Math.abs(gap) * 100),
  };
}

const isAgeBand = (value: string): value is AgeBand =>
  (AGE_BANDS as readonly string[]).includes(value);
const isGender = (value: string): value is Gender => (GENDERS as readonly string[]).includes(value);

/** The label of a census category; one the catalogue does not know is shown as it comes. */
function categoryLabel(
  t: (key: MessageKey) => string,
  dimension: HeardMargin['dimension'],
  category: string,
): string {
  if (dimension === 'ageBand' && isAgeBand(category)) return t(`ageBand.${category}`);
  if (dimension !== 'ageBand' && isGender(category)) return t(`gender.${category}`);
  return category;
}

function HeardView({ heard }: { heard: HeardResponse }) {
  const { t } = useI18n();
  const { decimal, points } = useFormats();
  const [selected, setSelected] = useState(heard.territories[0]?.territoryId ?? '');
  const territory = heard.territories.find((x) => x.territoryId === selected);
  const hidden = heard.territories.some((x) => x.detail === 'public');
  return (
    <>
      {hidden && (
        <p className="notice">{t('heard.publicDetail', { minimum: heard.minimumPublicCell })}</p>
      )}
      <section aria-labelledby="heard-groups-heading">
        <h2 id="heard-groups-heading">{t('heard.groups.title')}</h2>
        {heard.underHeardGroups.length === 0 ? (
          <p>{t('heard.groups.none')}</p>
        ) : (
          <ol className="heard-list">
            {heard.underHeardGroups.map((group) => (
              <li key={`${group.territoryId}:${group.dimension}:${group.category}`}>
                {t('heard.groups.item', {
                  group: categoryLabel(t, group.dimension, group.category),
                  territory: group.territoryName,
                  points: points(group.gap),
                })}
              </li>
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="heard-places-heading">
        <h2 id="heard-places-heading">{t('heard.places.title')}</h2>
        <HeardMap territories={heard.territories} />
        <ol className="heard-list">
          {heard.underHeardPlaces.map((place) => (
            <li key={place.territoryId}>
              {place.participationPer1000 === null
                ? t('heard.places.unknown', { name: place.name })
                : t('heard.places.item', {
                    name: place.name,
                    rate: decimal(place.participationPer1000),
                  })}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="heard-territory-heading">
        <h2 id="heard-territory-heading">{t('heard.territory.title')}</h2>
        <div className="stack-form">
          <label htmlFor="heard-territory">{t('heard.territory.choose')}</label>
          <select
            id="heard-territory"
            value={selected}
            onChange={(event) => setSelected(event.target.value)}
          >
            {heard.territories.map((x) => (
              <option key={x.territoryId} value={x.territoryId}>
                {x.level === 'bassin_de_vie' ? `— ${x.name}` : x.name}
              </option>
            ))}
          </select>
        </div>
        {territory && <TerritoryFigures territory={territory} />}
      </section>
    </>
  );
}

function TerritoryFigures({ territory }: { territory: HeardTerritory }) {
  const { t } = useI18n();
  const { percent, decimal } = useFormats();
  return (
    <div>
      <h3>{territory.name}</h3>
      <dl className="heard-facts">
        <dt>{t('heard.participants')}</dt>
        <dd>{territory.participants}</dd>
        <dt>{t('heard.per1000')}</dt>
        <dd>{decimal(territory.participationPer1000)}</dd>
        <dt>{t('heard.residentsPer1000')}</dt>
        <dd>{decimal(territory.residentsPer1000)}</dd>
        <dt>{t('heard.firstTime')}</dt>
        <dd>
          {territory.firstTime.share === null
            ? '—'
            : t('heard.firstTime.value', {
                share: percent(territory.firstTime.share),
                answered: territory.firstTime.answered ?? 0,
              })}
        </dd>
      </dl>
      {territory.margins.map((margin) => (
        <MarginTable key={margin.dimension} margin={margin} />
      ))}
    </div>
  );
}

/** One margin as a table (the numbers) with bars beside them (decoration, hidden from AT). */
function MarginTable({ margin }: { margin: HeardMargin }) {
  const { t } = useI18n();
  const { percent, decimal, points } = useFormats();
  return (
    <figure className="heard-margin">
      <table>
        <caption>
          {t(margin.dimension === 'ageBand' ? 'heard.margin.ageBand' : 'heard.margin.gender')}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('heard.col.group')}</th>
            <th scope="col">{t('heard.col.heard')}</th>
            <th scope="col">{t('heard.col.census')}</th>
            <th scope="col">{t('heard.col.gap')}</th>
          </tr>
        </thead>
        <tbody>
          {margin.cells.map((cell) => (
            <tr
              key={cell.category}
              className={cell.gap !== null && cell.gap < 0 ? 'under-heard' : undefined}
            >
              <th scope="row">{categoryLabel(t, margin.dimension, cell.category)}</th>
              <td>
                {cell.count === null
                  ? t('heard.hidden')
                  : t('heard.cell', { count: cell.count, share: percent(cell.share) })}
                <span aria-hidden="true" className="heard-bars">
                  <span className="bar heard" style={{ width: `${(cell.share ?? 0) * 100}%` }} />
                  <span
                    className="bar census"
                    style={{ width: `${(cell.censusShare ?? 0) * 100}%` }}
                  />
                </span>
              </td>
              <td>{percent(cell.censusShare)}</td>
              <td>
                {cell.gap === null
                  ? '—'
                  : t(cell.gap < 0 ? 'heard.gap.below' : 'heard.gap.above', {
                      points: points(cell.gap),
                    })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <figcaption>
        {margin.index === null
          ? t('heard.index.unknown')
          : t('heard.index', { index: decimal(margin.index) })}
      </figcaption>
    </figure>
  );
}
