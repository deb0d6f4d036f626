import {
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  CreateTourRequest,
  CreateTourStopRequest,
  StopMoment,
  StopMomentInput,
  TourPlanningResponse,
  TourResponse,
  TourStopDetailResponse,
  TourStopPlanningResponse,
  TourStopResponse,
  TourSummary,
  UpdateTourRequest,
  UpdateTourStopRequest,
  WorkshopStatus,
} from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import type { StaffActor } from '../auth/actor';
import { CLOCK, Clock } from '../common/clock';
import { InvalidFieldsException, invalidField } from '../common/invalid-fields.exception';
import { InitiativesService } from './initiatives.service';
import { dayIn, hhmm, timing } from './tour-time.util';

interface TourRow {
  id: string;
  campaign_id: string;
  campaign_slug: string;
  campaign_starts_on: string;
  campaign_ends_on: string;
  title: string;
  description: string;
  stop_count: number;
  first_day: string | null;
  last_day: string | null;
}

interface StopRow {
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

function toSummary(row: TourRow): TourSummary {
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

/**
 * The tour of a campaign and its stops. Organisers plan the whole tour; a facilitator may
 * add, change and remove the stops of the bassins de vie in its scope (it prepares them on
 * the ground) but not reorder the tour, which moves stops between territories.
 */
@Injectable()
export class ToursService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly initiatives: InitiativesService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  today(): string {
    return dayIn(this.clock.now());
  }

  async list(): Promise<TourSummary[]> {
    const rows: TourRow[] = await this.dataSource.query(
      `${TOUR_SELECT} ORDER BY c.starts_on DESC, tr.title`,
    );
    return rows.map(toSummary);
  }

  async get(tourId: string): Promise<TourResponse> {
    const tour = await this.tourRow(this.dataSource.manager, tourId);
    const stops = await this.stops(this.dataSource.manager, tourId);
    const next = stops.find((stop) => stop.timing !== 'past') ?? null;
    return {
      ...toSummary(tour),
      stops: stops.map(({ notes: _notes, ...stop }) => stop),
      nextStopId: next?.id ?? null,
    };
  }

  async planning(tourId: string): Promise<TourPlanningResponse> {
    const tour = await this.tourRow(this.dataSource.manager, tourId);
    return {
      ...toSummary(tour),
      campaignStartsOn: tour.campaign_starts_on,
      campaignEndsOn: tour.campaign_ends_on,
      stops: await this.stops(this.dataSource.manager, tourId),
    };
  }

  async create(actor: StaffActor | null, request: CreateTourRequest): Promise<TourSummary> {
    return this.dataSource.transaction(async (manager) => {
      const [campaign] = await manager.query(`SELECT id FROM campaigns WHERE id = $1`, [
        request.campaignId,
      ]);
      if (!campaign)
        throw invalidField(
          'body.campaignId',
          `Unknown campaign ${request.campaignId}`,
          'unknownCampaign',
        );
      const [existing] = await manager.query(`SELECT id FROM tours WHERE campaign_id = $1`, [
        request.campaignId,
      ]);
      if (existing) throw new ConflictException('This campaign already has a tour');
      const [created]: Array<{ id: string }> = await manager.query(
        `INSERT INTO tours (campaign_id, title, description) VALUES ($1, $2, $3) RETURNING id`,
        [request.campaignId, request.title.trim(), request.description?.trim() ?? ''],
      );
      await this.audit.record(manager, {
        actorUserId: actor?.userId ?? null,
        action: 'tour.created',
        targetType: 'tour',
        targetId: created.id,
        details: { campaignId: request.campaignId },
      });
      return toSummary(await this.tourRow(manager, created.id));
    });
  }

  async update(
    actor: StaffActor,
    tourId: string,
    request: UpdateTourRequest,
  ): Promise<TourSummary> {
    return this.dataSource.transaction(async (manager) => {
      const tour = await this.tourRow(manager, tourId);
      await manager.query(
        `UPDATE tours SET title = $2, description = $3, updated_at = now() WHERE id = $1`,
        [
          tour.id,
          request.title?.trim() ?? tour.title,
          request.description?.trim() ?? tour.description,
        ],
      );
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'tour.updated',
        targetType: 'tour',
        targetId: tour.id,
        details: { fields: Object.keys(request) },
      });
      return toSummary(await this.tourRow(manager, tour.id));
    });
  }

  /** One stop with its initiatives, as the public sees it. */
  async getStop(stopId: string): Promise<TourStopDetailResponse> {
    const manager = this.dataSource.manager;
    const [row]: StopRow[] = await manager.query(`${STOP_SELECT} WHERE s.id = $1`, [stopId]);
    if (!row) throw new NotFoundException(`No stop has the id ${stopId}`);
    const tour = await this.tourRow(manager, row.tour_id);
    const stops = await this.stops(manager, row.tour_id);
    const { notes: _notes, ...stop } = stops.find((candidate) => candidate.id === stopId)!;
    return {
      ...stop,
      tourTitle: tour.title,
      initiatives: await this.initiatives.ofStop(stopId),
    };
  }

  async createStop(
    actor: StaffActor | null,
    tourId: string,
    request: CreateTourStopRequest,
  ): Promise<TourStopPlanningResponse> {
    return this.dataSource.transaction(async (manager) => {
      const tour = await this.lockTour(manager, tourId);
      await this.checkTerritory(manager, request.territoryId);
      if (actor) await this.access.assertCan(actor, ['facilitator'], request.territoryId, manager);
      const latitude = request.latitude ?? null;
      const longitude = request.longitude ?? null;
      await this.checkStop(manager, tour, null, {
        day: request.day,
        startsAt: request.startsAt,
        endsAt: request.endsAt,
        latitude,
        longitude,
        moments: request.moments ?? [],
      });
      const workshopId = request.workshopId ?? null;
      if (workshopId)
        await this.checkWorkshop(manager, actor, null, workshopId, request.territoryId);
      const [created]: Array<{ id: string }> = await manager.query(
        `INSERT INTO tour_stops (tour_id, day, starts_at, ends_at, territory_id, place_name, address,
                                 latitude, longitude, workshop_id, notes, report)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          tour.id,
          request.day,
          request.startsAt,
          request.endsAt,
          request.territoryId,
          request.placeName?.trim() ?? '',
          request.address?.trim() ?? '',
          latitude,
          longitude,
          workshopId,
          request.notes?.trim() ?? '',
          request.report?.trim() ?? '',
        ],
      );
      await this.replaceMoments(manager, created.id, request.moments ?? []);
      await this.audit.record(manager, {
        actorUserId: actor?.userId ?? null,
        action: 'tour.stop.created',
        targetType: 'tour_stop',
        targetId: created.id,
        details: { tourId: tour.id, day: request.day, territoryId: request.territoryId },
      });
      return this.stopIn(manager, tour.id, created.id);
    });
  }

  async updateStop(
    actor: StaffActor,
    stopId: string,
    request: UpdateTourStopRequest,
  ): Promise<TourStopPlanningResponse> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.stopRow(manager, stopId);
      const tour = await this.lockTour(manager, current.tour_id);
      await this.access.assertCan(actor, ['facilitator'], current.territory_id, manager);
      const territoryId = request.territoryId ?? current.territory_id;
      if (request.territoryId !== undefined && request.territoryId !== current.territory_id) {
        await this.checkTerritory(manager, territoryId);
        await this.access.assertCan(actor, ['facilitator'], territoryId, manager);
      }
      const latitude = request.latitude !== undefined ? request.latitude : current.latitude;
      const longitude = request.longitude !== undefined ? request.longitude : current.longitude;
      const moments = request.moments ?? (await this.moments(manager, [stopId])).get(stopId) ?? [];
      const next = {
        day: request.day ?? current.day,
        startsAt: request.startsAt ?? hhmm(current.starts_at),
        endsAt: request.endsAt ?? hhmm(current.ends_at),
        latitude,
        longitude,
        moments,
      };
      await this.checkStop(manager, tour, stopId, next);
      const workshopId =
        request.workshopId !== undefined ? request.workshopId : current.workshop_id;
      if (
        workshopId &&
        (workshopId !== current.workshop_id || territoryId !== current.territory_id)
      )
        await this.checkWorkshop(manager, actor, stopId, workshopId, territoryId);
      await manager.query(
        `UPDATE tour_stops SET day = $2, starts_at = $3, ends_at = $4, territory_id = $5,
                place_name = $6, address = $7, latitude = $8, longitude = $9, workshop_id = $10,
                notes = $11, report = $12, updated_at = now()
         WHERE id = $1`,
        [
          stopId,
          next.day,
          next.startsAt,
          next.endsAt,
          territoryId,
          request.placeName?.trim() ?? current.place_name,
          request.address?.trim() ?? current.address,
          latitude,
          longitude,
          workshopId,
          request.notes?.trim() ?? current.notes,
          request.report?.trim() ?? current.report,
        ],
      );
      if (request.moments) await this.replaceMoments(manager, stopId, request.moments);
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'tour.stop.updated',
        targetType: 'tour_stop',
        targetId: stopId,
        details: { fields: Object.keys(request) },
      });
      return this.stopIn(manager, tour.id, stopId);
    });
  }

  /** Refused (409) while a workshop is linked: unlink it or link it to another stop first. */
  async deleteStop(actor: StaffActor, stopId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const current = await this.stopRow(manager, stopId);
      await this.lockTour(manager, current.tour_id);
      await this.access.assertCan(actor, ['facilitator'], current.territory_id, manager);
      if (current.workshop_id)
        throw new ConflictException(
          'This stop has a workshop: unlink it or move it to another stop before deleting the stop',
        );
      await manager.query(`DELETE FROM tour_stops WHERE id = $1`, [stopId]);
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'tour.stop.deleted',
        targetType: 'tour_stop',
        targetId: stopId,
        details: { tourId: current.tour_id, day: current.day, territoryId: current.territory_id },
      });
    });
  }

  /**
   * Reorders the itinerary: the tour's days (in date order) are handed out to the stops in the
   * order given; each stop keeps its own times. Organisers only (it moves stops of every
   * territory). The result must still have no overlap.
   */
  async reorder(
    actor: StaffActor,
    tourId: string,
    stopIds: string[],
  ): Promise<TourPlanningResponse> {
    if (!actor.roles.includes('organiser'))
      throw new ForbiddenException('Only organisers reorder the whole tour');
    await this.dataSource.transaction(async (manager) => {
      const tour = await this.lockTour(manager, tourId);
      const stops: Array<{ id: string; day: string; starts_at: string; ends_at: string }> =
        await manager.query(
          `SELECT id, day::text AS day, starts_at::text AS starts_at, ends_at::text AS ends_at
           FROM tour_stops WHERE tour_id = $1 ORDER BY day, starts_at, id`,
          [tour.id],
        );
      const known = new Set(stops.map((stop) => stop.id));
      if (stopIds.length !== stops.length || stopIds.some((id) => !known.has(id)))
        throw invalidField(
          'body.stopIds',
          `stopIds must list each of the tour's ${stops.length} stops exactly once`,
          'notAllStops',
        );
      const byId = new Map(stops.map((stop) => [stop.id, stop]));
      const planned = stopIds.map((id, index) => ({ ...byId.get(id)!, day: stops[index].day }));
      for (let i = 0; i < planned.length; i++)
        for (let j = i + 1; j < planned.length; j++) {
          const [a, b] = [planned[i], planned[j]];
          if (a.day === b.day && a.starts_at < b.ends_at && b.starts_at < a.ends_at)
            throw invalidField(
              'body.stopIds',
              `This order makes two stops overlap on ${a.day}`,
              'overlap',
            );
        }
      for (const stop of planned)
        if (stop.day !== byId.get(stop.id)!.day)
          await manager.query(`UPDATE tour_stops SET day = $2, updated_at = now() WHERE id = $1`, [
            stop.id,
            stop.day,
          ]);
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'tour.reordered',
        targetType: 'tour',
        targetId: tour.id,
        details: { stopIds },
      });
    });
    return this.planning(tourId);
  }

  // --- helpers ---

  private async tourRow(manager: EntityManager, tourId: string): Promise<TourRow> {
    const [row]: TourRow[] = await manager.query(`${TOUR_SELECT} WHERE tr.id = $1`, [tourId]);
    if (!row) throw new NotFoundException(`No tour has the id ${tourId}`);
    return row;
  }

  /** Reads the tour and locks it: writes to one tour's stops happen one at a time. */
  private async lockTour(manager: EntityManager, tourId: string): Promise<TourRow> {
    const locked = await manager.query(`SELECT id FROM tours WHERE id = $1 FOR UPDATE`, [tourId]);
    if (locked.length === 0) throw new NotFoundException(`No tour has the id ${tourId}`);
    return this.tourRow(manager, tourId);
  }

  private async stopRow(manager: EntityManager, stopId: string): Promise<StopRow> {
    const [row]: StopRow[] = await manager.query(`${STOP_SELECT} WHERE s.id = $1`, [stopId]);
    if (!row) throw new NotFoundException(`No stop has the id ${stopId}`);
    return row;
  }

  private async stops(manager: EntityManager, tourId: string): Promise<TourStopPlanningResponse[]> {
    const rows: StopRow[] = await manager.query(
      `${STOP_SELECT} WHERE s.tour_id = $1 ${STOP_ORDER}`,
      [tourId],
    );
    const moments = await this.moments(
      manager,
      rows.map((row) => row.id),
    );
    const today = this.today();
    return rows.map((row, index) => toStop(row, index + 1, moments.get(row.id) ?? [], today));
  }

  private async stopIn(
    manager: EntityManager,
    tourId: string,
    stopId: string,
  ): Promise<TourStopPlanningResponse> {
    return (await this.stops(manager, tourId)).find((stop) => stop.id === stopId)!;
  }

  private async moments(
    manager: EntityManager,
    stopIds: string[],
  ): Promise<Map<string, StopMoment[]>> {
    const result = new Map<string, StopMoment[]>();
    if (stopIds.length === 0) return result;
    const rows: Array<{
      stop_id: string;
      kind: StopMoment['kind'];
      starts_at: string;
      ends_at: string;
      title: string;
      actors: string;
    }> = await manager.query(
      `SELECT stop_id, kind, starts_at::text AS starts_at, ends_at::text AS ends_at, title, actors
       FROM tour_stop_moments WHERE stop_id = ANY($1::uuid[]) ORDER BY stop_id, starts_at, position`,
      [stopIds],
    );
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

  private async replaceMoments(
    manager: EntityManager,
    stopId: string,
    moments: StopMomentInput[],
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
          moment.title.trim(),
          moment.actors?.trim() ?? '',
        ],
      );
  }

  /** The territory exists and is a bassin de vie (400 naming body.territoryId otherwise). */
  private async checkTerritory(manager: EntityManager, territoryId: string): Promise<void> {
    const [territory]: Array<{ level: string }> = await manager.query(
      `SELECT level FROM territories WHERE id = $1`,
      [territoryId],
    );
    if (!territory)
      throw invalidField(
        'body.territoryId',
        `Unknown territory ${territoryId}`,
        'unknownTerritory',
      );
    if (territory.level !== 'bassin_de_vie')
      throw invalidField(
        'body.territoryId',
        `A stop is in a bassin de vie, not a ${territory.level}`,
        'notBassinDeVie',
      );
  }

  /** Dates, times, coordinates and the programme of a stop, and no overlap in its tour. */
  private async checkStop(
    manager: EntityManager,
    tour: TourRow,
    stopId: string | null,
    stop: {
      day: string;
      startsAt: string;
      endsAt: string;
      latitude: number | null;
      longitude: number | null;
      moments: StopMomentInput[];
    },
  ): Promise<void> {
    if (stop.day < tour.campaign_starts_on || stop.day > tour.campaign_ends_on)
      throw invalidField(
        'body.day',
        `${stop.day} is outside the campaign (${tour.campaign_starts_on} to ${tour.campaign_ends_on})`,
        'outsideCampaign',
      );
    if (stop.endsAt <= stop.startsAt)
      throw invalidField(
        'body.endsAt',
        `endsAt (${stop.endsAt}) must be after startsAt (${stop.startsAt})`,
        'timeOrder',
      );
    if ((stop.latitude === null) !== (stop.longitude === null))
      throw invalidField(
        stop.latitude === null ? 'body.latitude' : 'body.longitude',
        'latitude and longitude go together: give both or neither',
        'coordinatesPair',
      );
    const problems = stop.moments.flatMap((moment, index) => {
      if (moment.endsAt <= moment.startsAt)
        return [
          {
            field: `body.moments.${index}.endsAt`,
            reason: `endsAt (${moment.endsAt}) must be after startsAt (${moment.startsAt})`,
            code: 'timeOrder',
          },
        ];
      if (moment.startsAt < stop.startsAt || moment.endsAt > stop.endsAt)
        return [
          {
            field: `body.moments.${index}.startsAt`,
            reason: `${moment.startsAt}-${moment.endsAt} is outside the stop's hours (${stop.startsAt}-${stop.endsAt})`,
            code: 'outsideStop',
          },
        ];
      return [];
    });
    if (problems.length > 0) throw new InvalidFieldsException(problems);
    const [overlap]: Array<{ id: string; name: string; starts_at: string; ends_at: string }> =
      await manager.query(
        `SELECT s.id, t.name, s.starts_at::text AS starts_at, s.ends_at::text AS ends_at
         FROM tour_stops s JOIN territories t ON t.id = s.territory_id
         WHERE s.tour_id = $1 AND s.day = $2 AND ($3::uuid IS NULL OR s.id <> $3)
           AND s.starts_at < $5::time AND s.ends_at > $4::time
         LIMIT 1`,
        [tour.id, stop.day, stopId, stop.startsAt, stop.endsAt],
      );
    if (overlap)
      throw invalidField(
        'body.day',
        `Overlaps the stop in ${overlap.name} on ${stop.day} (${hhmm(overlap.starts_at)}-${hhmm(overlap.ends_at)})`,
        'overlap',
      );
  }

  /** The workshop exists, is in the stop's bassin, runs under the actor, and has no other stop. */
  private async checkWorkshop(
    manager: EntityManager,
    actor: StaffActor | null,
    stopId: string | null,
    workshopId: string,
    territoryId: string,
  ): Promise<void> {
    const [workshop]: Array<{ territory_id: string }> = await manager.query(
      `SELECT territory_id FROM workshops WHERE id = $1`,
      [workshopId],
    );
    if (!workshop)
      throw invalidField('body.workshopId', `Unknown workshop ${workshopId}`, 'unknownWorkshop');
    if (workshop.territory_id !== territoryId)
      throw invalidField(
        'body.workshopId',
        'The workshop is not in the bassin de vie of this stop',
        'workshopTerritory',
      );
    if (actor) await this.access.assertRunsWorkshop(actor, workshopId, manager);
    const [other] = await manager.query(
      `SELECT id FROM tour_stops WHERE workshop_id = $1 AND ($2::uuid IS NULL OR id <> $2)`,
      [workshopId, stopId],
    );
    if (other) throw new ConflictException('This workshop is already the Fabrik of another stop');
  }
}

function toStop(
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
