import {
  BASSIN_CENTRES,
  type CoverageDepartement,
  type TourStopResponse,
} from '@permanente/contracts';
import type { MouseEvent } from 'react';
import { useLocation } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { DEPARTEMENT_SHAPES, MAP_SOURCE, REGION_VIEW_BOX } from '../map/centre-val-de-loire.map';
import { project, type MapPoint } from '../map/projection';
import { formatDay } from '../tour-format';

/** Where a stop goes on the map: its own coordinates, else its bassin's main town. */
export function stopPoint(stop: TourStopResponse): MapPoint | null {
  const { latitude, longitude } = stop.place;
  if (latitude !== null && longitude !== null) return project(latitude, longitude);
  const centre = BASSIN_CENTRES[stop.territoryCode];
  return centre ? project(centre.latitude, centre.longitude) : null;
}

/** Label positions of the département names (map coordinates). */
export const LABELS: Record<string, MapPoint> = {
  '18': { x: 316, y: 262 },
  '28': { x: 262, y: 163 },
  '36': { x: 272, y: 291 },
  '37': { x: 231, y: 222 },
  '41': { x: 268, y: 203 },
  '45': { x: 318, y: 183 },
};

/**
 * The region's map: its six départements (those that stand out in the coverage are hatched)
 * and one link per stop. The stops are also the timeline's list; on the map each is a link
 * with its rank, bassin and date as accessible name, in itinerary order.
 */
export function TourMap({
  stops,
  nextStopId,
  coverage,
}: {
  stops: TourStopResponse[];
  nextStopId: string | null;
  coverage: CoverageDepartement[] | null;
}) {
  const { t, locale } = useI18n();
  const [, navigate] = useLocation();
  const standsOut = new Set(coverage?.filter((d) => d.standsOut).map((d) => d.code) ?? []);
  const { x, y, width, height } = REGION_VIEW_BOX;
  const open = (event: MouseEvent, href: string) => {
    event.preventDefault();
    navigate(href);
  };
  return (
    <figure className="tour-map">
      <svg
        viewBox={`${x} ${y} ${width} ${height}`}
        role="group"
        aria-labelledby="tour-map-caption"
        className="tour-map-svg"
      >
        <defs>
          <pattern
            id="tour-map-hatch"
            patternUnits="userSpaceOnUse"
            width="3"
            height="3"
            patternTransform="rotate(45)"
          >
            <rect width="3" height="3" fill="#fdebd3" />
            <line x1="0" y1="0" x2="0" y2="3" stroke="#b45309" strokeWidth="0.8" />
          </pattern>
        </defs>
        <g aria-hidden="true">
          {DEPARTEMENT_SHAPES.map((shape) => (
            <path
              key={shape.code}
              d={shape.path}
              data-departement={shape.code}
              className={standsOut.has(shape.code) ? 'dep dep-stands-out' : 'dep'}
            />
          ))}
          {DEPARTEMENT_SHAPES.map((shape) => (
            <text
              key={shape.code}
              x={LABELS[shape.code].x}
              y={LABELS[shape.code].y}
              className="dep-label"
              textAnchor="middle"
            >
              {shape.name}
            </text>
          ))}
        </g>
        {stops.map((stop) => {
          const point = stopPoint(stop);
          if (!point) return null;
          const href = `/tour/stops/${stop.id}`;
          const next = stop.id === nextStopId;
          return (
            <a
              key={stop.id}
              href={href}
              onClick={(event) => open(event, href)}
              aria-label={t('tour.map.stop', {
                rank: stop.rank,
                name: stop.territoryName,
                date: formatDay(stop.day, locale, 'long'),
              })}
              className={`stop-marker stop-${stop.timing}${next ? ' stop-next' : ''}`}
              data-stop={stop.id}
            >
              <circle cx={point.x} cy={point.y} r={next ? 4.2 : 3.2} />
            </a>
          );
        })}
      </svg>
      <figcaption id="tour-map-caption">
        {t('tour.map.caption', { count: stops.length })}{' '}
        <span className="legend">
          <span className="legend-item">
            <span className="legend-dot legend-past" aria-hidden="true" />
            {t('tour.map.legendPast')}
          </span>
          <span className="legend-item">
            <span className="legend-dot legend-upcoming" aria-hidden="true" />
            {t('tour.map.legendUpcoming')}
          </span>
          {standsOut.size > 0 && (
            <span className="legend-item">
              <span className="legend-dot legend-stands-out" aria-hidden="true" />
              {t('tour.map.legendStandsOut')}
            </span>
          )}
        </span>
        <small className="map-attribution">
          {t('tour.map.attribution', { author: MAP_SOURCE.author })}{' '}
          <a href={MAP_SOURCE.url}>{MAP_SOURCE.name}</a>,{' '}
          <a href={MAP_SOURCE.licenceUrl}>{MAP_SOURCE.licence}</a>
        </small>
      </figcaption>
    </figure>
  );
}
