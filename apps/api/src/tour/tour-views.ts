import type {
  StopMoment,
  TourStopPlanningResponse,
  TourStopResponse,
  TourSummary,
} from '@permanente/contracts';
import type { StopMomentRow, StopRow, TourRow } from './tour.repository';
import { hhmm, timing } from './tour-time.util';

/** Rows of the tour repository turned into the shapes of `libs/contracts`. */
export function toTourSummary(row: TourRow): TourSummary {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    campaignSlug: row.campaign_slug,
    title: row.title,
    description: row.description,
    stopCount: row.stop_count,
    firstDay: row.first_day,
    lastDay: row.last_day,
  };
}

/** The moments of each stop, by stop id, times as `HH:MM`. */
export function momentsByStop(rows: StopMomentRow[]): Map<string, StopMoment[]> {
  const result = new Map<string, StopMoment[]>();
  for (const row of rows) {
    const list = result.get(row.stop_id) ?? [];
    list.push({
      kind: row.kind,
      startsAt: hhmm(row.starts_at),
      endsAt: hhmm(row.ends_at),
      title: row.title,
      actors: row.actors,
    });
    result.set(row.stop_id, list);
  }
  return result;
}

/** A stop as its planners see it (with its private notes), `rank` in the itinerary. */
export function toStop(
  row: StopRow,
  rank: number,
  moments: StopMoment[],
  today: string,
): TourStopPlanningResponse {
  const stop: TourStopResponse = {
    id: row.id,
    tourId: row.tour_id,
    rank,
    day: row.day,
    startsAt: hhmm(row.starts_at),
    endsAt: hhmm(row.ends_at),
    territoryId: row.territory_id,
    territoryCode: row.territory_code,
    territoryName: row.territory_name,
    departementCode: row.dep_code,
    departementName: row.dep_name,
    place: {
      name: row.place_name,
      address: row.address,
      latitude: row.latitude,
      longitude: row.longitude,
    },
    moments,
    workshop: row.workshop_id
      ? {
          id: row.workshop_id,
          title: row.w_title!,
          status: row.w_status!,
          place: row.w_place,
          joinCode: row.w_status === 'live' ? row.w_code : null,
        }
      : null,
    report: row.report,
    timing: timing(row.day, today),
    initiativeCount: row.initiative_count,
  };
  return { ...stop, notes: row.notes };
}
