import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { StopMoment, WorkshopStatus } from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The workshops held for a tour, as a `held (id, territory_id)` CTE: workshops of the campaign
 * ($2), or Fabriks of its stops ($1), that are live or closed or whose stop's day ($3) has come.
 */
export const HELD_WORKSHOPS = `held AS (
         SELECT w.id, w.territory_id FROM workshops w
         WHERE (w.campaign_id = $2
                OR EXISTS (SELECT 1 FROM tour_stops s WHERE s.workshop_id = w.id AND s.tour_id = $1))
           AND (w.status IN ('live', 'closed')
                OR EXISTS (SELECT 1 FROM tour_stops s
                           WHERE s.workshop_id = w.id AND s.tour_id = $1 AND s.day <= $3::date))
       )`;

/** A tour with its campaign's dates and a digest of its stops. */
export interface TourRow {
  id: string;
  campaign_id: string;
  campaign_slug: string;
  /** `YYYY-MM-DD` */
  campaign_starts_on: string;
  campaign_ends_on: string;
  title: string;
  description: string;
  stop_count: number;
  first_day: string | null;
  last_day: string | null;
}

/** A stop with its bassin, département and linked workshop (times as `HH:MM:SS`). */
export interface StopRow {
  id: string;
  tour_id: string;
  day: string;
  starts_at: string;
  ends_at: string;
  territory_id: string;
  territory_code: string;
  territory_name: string;
  dep_code: string | null;
  dep_name: string | null;
  place_name: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
  workshop_id: string | null;
  w_title: string | null;
  w_status: WorkshopStatus | null;
  w_place: string | null;
  w_code: string | null;
  notes: string;
  report: string;
  initiative_count: number;
}

export interface StopMomentRow {
  stop_id: string;
  kind: StopMoment['kind'];
  starts_at: string;
  ends_at: string;
  title: string;
  actors: string;
}

/** When a stop takes place: what reordering the tour moves around. */
export interface StopTimesRow {
  id: string;
  day: string;
  starts_at: string;
  ends_at: string;
}

/** The stop a new time slot would overlap, with its bassin's name. */
export interface OverlappingStopRow {
  id: string;
  name: string;
  starts_at: string;
  ends_at: string;
}

/** The columns of a stop as written (trimmed and defaulted by the service). */
export interface StopValues {
  day: string;
  startsAt: string;
  endsAt: string;
  territoryId: string;
  placeName: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
  workshopId: string | null;
  notes: string;
  report: string;
}

/** The tour, its campaign and territory: where the coverage starts. */
export interface CoverageTourRow {
  id: string;
  campaign_id: string;
  territory_id: string;
}

export interface CoverageStopCountRow {
  territory_id: string;
  stops: number;
  visited: number;
}

export interface CoverageWorkshopCountRow {
  territory_id: string;
  workshops: number;
  participants: number;
  ideas: number;
  choices: number;
}

export interface CoverageProposalCountRow {
  territory_id: string;
  proposals: number;
}

const TOUR_SELECT = `
  SELECT tr.id, tr.campaign_id, c.slug AS campaign_slug, c.starts_on::text AS campaign_starts_on,
         c.ends_on::text AS campaign_ends_on, tr.title, tr.description,
         (SELECT count(*)::int FROM tour_stops s WHERE s.tour_id = tr.id) AS stop_count,
         (SELECT min(s.day)::text FROM tour_stops s WHERE s.tour_id = tr.id) AS first_day,
         (SELECT max(s.day)::text FROM tour_stops s WHERE s.tour_id = tr.id) AS last_day
  FROM tours tr JOIN campaigns c ON c.id = tr.campaign_id`;

const STOP_SELECT = `
  SELECT s.id, s.tour_id, s.day::text AS day, s.starts_at::text AS starts_at,
         s.ends_at::text AS ends_at, s.territory_id, t.code AS territory_code, t.name AS territory_name,
         d.code AS dep_code, d.name AS dep_name, s.place_name, s.address, s.latitude,
         s.longitude, s.workshop_id, w.title AS w_title, w.status AS w_status,
         w.place AS w_place, w.code AS w_code, s.notes, s.report,
         (SELECT count(*)::int FROM initiatives i WHERE i.stop_id = s.id) AS initiative_count
  FROM tour_stops s
  JOIN territories t ON t.id = s.territory_id
  LEFT JOIN territories d ON d.id = t.parent_id AND d.level = 'departement'
  LEFT JOIN workshops w ON w.id = s.workshop_id`;

const STOP_ORDER = `ORDER BY s.day, s.starts_at, t.name, s.id`;

/**
 * Every SQL statement of the tour, its stops and their programme, and of the coverage.
 * Methods that may run inside a transaction take its manager first (PGlite has one query
 * queue: inside a transaction, only the transaction's manager may query).
 */
@Injectable()
export class TourRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** Runs `work` in one transaction; the repository's methods take its manager. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  // ---- tours ----

  listTours(): Promise<TourRow[]> {
    return this.manager.query(`${TOUR_SELECT} ORDER BY c.starts_on DESC, tr.title`);
  }

  async findTour(manager: EntityManager, tourId: string): Promise<TourRow | null> {
    const [row]: TourRow[] = await manager.query(`${TOUR_SELECT} WHERE tr.id = $1`, [tourId]);
    return row ?? null;
  }

  /** Locks the tour's row until the transaction ends; false when there is no such tour. */
  async lockTour(manager: EntityManager, tourId: string): Promise<boolean> {
    const locked: unknown[] = await manager.query(`SELECT id FROM tours WHERE id = $1 FOR UPDATE`, [
      tourId,
    ]);
    return locked.length > 0;
  }

  async campaignExists(manager: EntityManager, campaignId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT id FROM campaigns WHERE id = $1`, [
      campaignId,
    ]);
    return rows.length > 0;
  }

  async campaignHasTour(manager: EntityManager, campaignId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT id FROM tours WHERE campaign_id = $1`, [
      campaignId,
    ]);
    return rows.length > 0;
  }

  async insertTour(
    manager: EntityManager,
    tour: { campaignId: string; title: string; description: string },
  ): Promise<string> {
    const [created]: Array<{ id: string }> = await manager.query(
      `INSERT INTO tours (campaign_id, title, description) VALUES ($1, $2, $3) RETURNING id`,
      [tour.campaignId, tour.title, tour.description],
    );
    return created.id;
  }

  async updateTour(
    manager: EntityManager,
    tourId: string,
    tour: { title: string; description: string },
  ): Promise<void> {
    await manager.query(
      `UPDATE tours SET title = $2, description = $3, updated_at = now() WHERE id = $1`,
      [tourId, tour.title, tour.description],
    );
  }

  // ---- stops ----

  async findStop(manager: EntityManager, stopId: string): Promise<StopRow | null> {
    const [row]: StopRow[] = await manager.query(`${STOP_SELECT} WHERE s.id = $1`, [stopId]);
    return row ?? null;
  }

  /** The tour's stops in itinerary order (day, start, bassin). */
  stopsOf(manager: EntityManager, tourId: string): Promise<StopRow[]> {
    return manager.query(`${STOP_SELECT} WHERE s.tour_id = $1 ${STOP_ORDER}`, [tourId]);
  }

  /** The tour's stops in date order, with their times only. */
  stopTimesOf(manager: EntityManager, tourId: string): Promise<StopTimesRow[]> {
    return manager.query(
      `SELECT id, day::text AS day, starts_at::text AS starts_at, ends_at::text AS ends_at
       FROM tour_stops WHERE tour_id = $1 ORDER BY day, starts_at, id`,
      [tourId],
    );
  }

  async insertStop(manager: EntityManager, tourId: string, stop: StopValues): Promise<string> {
    const [created]: Array<{ id: string }> = await manager.query(
      `INSERT INTO tour_stops (tour_id, day, starts_at, ends_at, territory_id, place_name, address,
                               latitude, longitude, workshop_id, notes, report)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [tourId, ...stopParameters(stop)],
    );
    return created.id;
  }

  async updateStop(manager: EntityManager, stopId: string, stop: StopValues): Promise<void> {
    await manager.query(
      `UPDATE tour_stops SET day = $2, starts_at = $3, ends_at = $4, territory_id = $5,
              place_name = $6, address = $7, latitude = $8, longitude = $9, workshop_id = $10,
              notes = $11, report = $12, updated_at = now()
       WHERE id = $1`,
      [stopId, ...stopParameters(stop)],
    );
  }

  async moveStopToDay(manager: EntityManager, stopId: string, day: string): Promise<void> {
    await manager.query(`UPDATE tour_stops SET day = $2, updated_at = now() WHERE id = $1`, [
      stopId,
      day,
    ]);
  }

  async deleteStop(manager: EntityManager, stopId: string): Promise<void> {
    await manager.query(`DELETE FROM tour_stops WHERE id = $1`, [stopId]);
  }

  /** A stop of the tour on that day whose hours overlap `startsAt`-`endsAt`, other than `stopId`. */
  async overlappingStop(
    manager: EntityManager,
    slot: { tourId: string; stopId: string | null; day: string; startsAt: string; endsAt: string },
  ): Promise<OverlappingStopRow | null> {
    const [overlap]: OverlappingStopRow[] = await manager.query(
      `SELECT s.id, t.name, s.starts_at::text AS starts_at, s.ends_at::text AS ends_at
       FROM tour_stops s JOIN territories t ON t.id = s.territory_id
       WHERE s.tour_id = $1 AND s.day = $2 AND ($3::uuid IS NULL OR s.id <> $3)
         AND s.starts_at < $5::time AND s.ends_at > $4::time
       LIMIT 1`,
      [slot.tourId, slot.day, slot.stopId, slot.startsAt, slot.endsAt],
    );
    return overlap ?? null;
  }

  /** Whether another stop than `stopId` (any stop when null) has this workshop as its Fabrik. */
  async workshopHasOtherStop(
    manager: EntityManager,
    workshopId: string,
    stopId: string | null,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT id FROM tour_stops WHERE workshop_id = $1 AND ($2::uuid IS NULL OR id <> $2)`,
      [workshopId, stopId],
    );
    return rows.length > 0;
  }

  /** The territory of a workshop, or null when none has this id. */
  async workshopTerritory(manager: EntityManager, workshopId: string): Promise<string | null> {
    const [workshop]: Array<{ territory_id: string }> = await manager.query(
      `SELECT territory_id FROM workshops WHERE id = $1`,
      [workshopId],
    );
    return workshop?.territory_id ?? null;
  }

  // ---- the programme of a stop ----

  /** The moments of the stops, by stop, in time order. */
  momentsOf(manager: EntityManager, stopIds: string[]): Promise<StopMomentRow[]> {
    return manager.query(
      `SELECT stop_id, kind, starts_at::text AS starts_at, ends_at::text AS ends_at, title, actors
       FROM tour_stop_moments WHERE stop_id = ANY($1::uuid[]) ORDER BY stop_id, starts_at, position`,
      [stopIds],
    );
  }

  /** Replaces the programme of the stop, in the order given. */
  async replaceMoments(
    manager: EntityManager,
    stopId: string,
    moments: StopMoment[],
  ): Promise<void> {
    await manager.query(`DELETE FROM tour_stop_moments WHERE stop_id = $1`, [stopId]);
    for (const [position, moment] of moments.entries())
      await manager.query(
        `INSERT INTO tour_stop_moments (stop_id, position, kind, starts_at, ends_at, title, actors)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          stopId,
          position,
          moment.kind,
          moment.startsAt,
          moment.endsAt,
          moment.title,
          moment.actors,
        ],
      );
  }

  // ---- coverage ----

  async coverageTour(tourId: string): Promise<CoverageTourRow | null> {
    const [tour]: CoverageTourRow[] = await this.manager.query(
      `SELECT tr.id, tr.campaign_id, c.territory_id
       FROM tours tr JOIN campaigns c ON c.id = tr.campaign_id WHERE tr.id = $1`,
      [tourId],
    );
    return tour ?? null;
  }

  /** Stops per territory, and those whose day has come (`today` as `YYYY-MM-DD`). */
  stopCounts(tourId: string, today: string): Promise<CoverageStopCountRow[]> {
    return this.manager.query(
      `SELECT territory_id, count(*)::int AS stops,
              count(*) FILTER (WHERE day <= $2::date)::int AS visited
       FROM tour_stops WHERE tour_id = $1 GROUP BY territory_id`,
      [tourId, today],
    );
  }

  /**
   * Workshops held for this tour, per territory: the campaign's workshops and the Fabriks of
   * its stops, once live or closed, or once the day of their stop has come; with their
   * participants, visible ideas and choices (one per participant and activity).
   */
  workshopCounts(tour: CoverageTourRow, today: string): Promise<CoverageWorkshopCountRow[]> {
    return this.manager.query(
      `WITH ${HELD_WORKSHOPS}, per_workshop AS (
         SELECT h.territory_id,
           (SELECT count(*) FROM participants p WHERE p.workshop_id = h.id) AS participants,
           (SELECT count(*) FROM ideas i WHERE i.workshop_id = h.id AND i.hidden_at IS NULL) AS ideas,
           (SELECT count(*) FROM (
              SELECT v.activity_id, v.participant_id FROM dot_votes v
                JOIN activities a ON a.id = v.activity_id WHERE a.workshop_id = h.id
              UNION SELECT v.activity_id, v.participant_id FROM theme_dot_votes v
                JOIN activities a ON a.id = v.activity_id WHERE a.workshop_id = h.id
              UNION SELECT v.activity_id, v.participant_id FROM spectrum_positions v
                JOIN activities a ON a.id = v.activity_id WHERE a.workshop_id = h.id
              UNION SELECT v.activity_id, v.participant_id FROM poll_answers v
                JOIN activities a ON a.id = v.activity_id WHERE a.workshop_id = h.id
            ) AS choice) AS choices
         FROM held h
       )
       SELECT territory_id, count(*)::int AS workshops, sum(participants)::int AS participants,
              sum(ideas)::int AS ideas, sum(choices)::int AS choices
       FROM per_workshop GROUP BY territory_id`,
      [tour.id, tour.campaign_id, today],
    );
  }

  /** Proposals of the campaign produced in each territory, drafts left out. */
  proposalCounts(campaignId: string): Promise<CoverageProposalCountRow[]> {
    return this.manager.query(
      `SELECT territory_id, count(*)::int AS proposals FROM proposals
       WHERE campaign_id = $1 AND status <> 'draft' GROUP BY territory_id`,
      [campaignId],
    );
  }
}

function stopParameters(stop: StopValues): unknown[] {
  return [
    stop.day,
    stop.startsAt,
    stop.endsAt,
    stop.territoryId,
    stop.placeName,
    stop.address,
    stop.latitude,
    stop.longitude,
    stop.workshopId,
    stop.notes,
    stop.report,
  ];
}
