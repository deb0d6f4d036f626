import type { HeardTerritory } from '@permanente/contracts';
import { useI18n } from '@web/i18n/i18n';
import { DEPARTEMENT_SHAPES, MAP_SOURCE, REGION_VIEW_BOX } from '../map/centre-val-de-loire.map';
import { LABELS } from './TourMap';

const CLASSES = 4;

/** The class (0 lowest … 3 highest) of each known rate: by rank, so that four shades always show. */
export function rateClasses(rates: Map<string, number | null>): Map<string, number | null> {
  const known = [...rates.values()].filter((r): r is number => r !== null).sort((a, b) => a - b);
  const result = new Map<string, number | null>();
  for (const [code, rate] of rates) {
    if (rate === null || known.length === 0) {
      result.set(code, null);
      continue;
    }
    const below = known.filter((r) => r < rate).length;
    result.set(code, Math.min(CLASSES - 1, Math.floor((below * CLASSES) / known.length)));
  }
  return result;
}

/**
 * A choropleth of the départements by participation per 1,000 inhabitants, on the tour's
 * map: four shades, each département labelled with its rate (never colour alone), unknown
 * populations hatched; the same figures as a table under it, lowest first.
 */
export function HeardMap({ territories }: { territories: HeardTerritory[] }) {
  const { t, locale } = useI18n();
  const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const departements = territories.filter((x) => x.level === 'departement');
  const byCode = new Map(departements.map((d) => [d.code, d]));
  const classes = rateClasses(new Map(departements.map((d) => [d.code, d.participationPer1000])));
  const { x, y, width, height } = REGION_VIEW_BOX;
  const rate = (d: HeardTerritory | undefined) =>
    d?.participationPer1000 == null ? '?' : decimal.format(d.participationPer1000);
  const listed = [...departements].sort(
    (a, b) =>
      (a.participationPer1000 ?? Number.POSITIVE_INFINITY) -
      (b.participationPer1000 ?? Number.POSITIVE_INFINITY),
  );
  return (
    <figure className="tour-map heard-map">
      <svg viewBox={`${x} ${y} ${width} ${height}`} aria-hidden="true" className="tour-map-svg">
        <defs>
          <pattern
            id="heard-map-unknown"
            patternUnits="userSpaceOnUse"
            width="3"
            height="3"
            patternTransform="rotate(45)"
          >
            <rect width="3" height="3" fill="#ffffff" />
            <line x1="0" y1="0" x2="0" y2="3" stroke="#6b7280" strokeWidth="0.6" />
          </pattern>
        </defs>
        {DEPARTEMENT_SHAPES.map((shape) => {
          const level = classes.get(shape.code) ?? null;
          return (
            <path
              key={shape.code}
              d={shape.path}
              data-departement={shape.code}
              className={level === null ? 'dep heard-unknown' : `dep heard-class-${level}`}
            />
          );
        })}
        {DEPARTEMENT_SHAPES.map((shape) => {
          const level = classes.get(shape.code) ?? null;
          const dark = level !== null && level >= 2;
          return (
            <text
              key={shape.code}
              x={LABELS[shape.code].x}
              y={LABELS[shape.code].y}
              className={dark ? 'dep-label dep-label-light' : 'dep-label'}
              textAnchor="middle"
            >
              <tspan x={LABELS[shape.code].x}>{shape.name}</tspan>
              <tspan x={LABELS[shape.code].x} dy="6">
                {rate(byCode.get(shape.code))}
              </tspan>
            </text>
          );
        })}
      </svg>
      <figcaption>
        {t('heard.per1000')}{' '}
        <small className="map-attribution">
          {MAP_SOURCE.author}, {MAP_SOURCE.licence}
        </small>
      </figcaption>
      <table className="heard-map-table">
        <caption className="visually-hidden">{t('heard.per1000')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('heard.territory.choose')}</th>
            <th scope="col">{t('heard.per1000')}</th>
          </tr>
        </thead>
        <tbody>
          {listed.map((d) => (
            <tr key={d.territoryId}>
              <th scope="row">{d.name}</th>
              <td>{rate(d)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
