import { Inject, Injectable } from '@nestjs/common';
import type {
  CreateTourRequest,
  CreateTourStopRequest,
  StopMoment,
  StopMomentInput,
  TourPlanningResponse,
  TourResponse,
  TourStopDetailResponse,
  TourStopPlanningResponse,
  TourSummary,
  UpdateTourRequest,
  UpdateTourStopRequest,
} from '@permanente/contracts';
import type { EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import type { StaffActor } from '../auth/actor';
import { CLOCK, Clock } from '../common/clock';
import { invalidField } from '../common/invalid-fields.exception';
import { assertNotCheckedOut } from '../live/checked-out';
import { InitiativesService } from './initiatives.service';
import { planReorder, TourStopRules } from './tour-stop-rules.service';
import { dayIn, hhmm } from './tour-time.util';
import { momentsByStop, toStop, toTourSummary } from './tour-views';
import { TourRepository, type StopRow, type TourRow } from './tour.repository';
import { DomainError } from '../common/domain-error';

/**
 * The tour of a campaign and its stops. Organisers plan the whole tour; a facilitator may
 * add, change and remove the stops of the bassins de vie in its scope (it prepares them on
 * the ground) but not reorder the tour, which moves stops between territories. The rules a
 * stop obeys are in TourStopRules; the SQL in TourRepository.
 */
@Injectable()
export class ToursService {
  constructor(
    private readonly tours: TourRepository,
    private readonly rules: TourStopRules,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly initiatives: InitiativesService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  today(): string {
    return dayIn(this.clock.now());
  }

  async list(): Promise<TourSummary[]> {
    return (await this.tours.listTours()).map(toTourSummary);
  }

  async get(tourId: string): Promise<TourResponse> {
    const tour = await this.tourRow(this.tours.manager, tourId);
    const stops = await this.stops(this.tours.manager, tourId);
    const next = stops.find((stop) => stop.timing !== 'past') ?? null;
    return {
      ...toTourSummary(tour),
      stops: stops.map(({ notes: _notes, ...stop }) => stop),
      nextStopId: next?.id ?? null,
    };
  }

  async planning(tourId: string): Promise<TourPlanningResponse> {
    const tour = await this.tourRow(this.tours.manager, tourId);
    return {
      ...toTourSummary(tour),
      campaignStartsOn: tour.campaign_starts_on,
      campaignEndsOn: tour.campaign_ends_on,
      stops: await this.stops(this.tours.manager, tourId),
    };
  }

  async create(actor: StaffActor | null, request: CreateTourRequest): Promise<TourSummary> {
    return this.tours.transaction(async (manager) => {
      if (!(await this.tours.campaignExists(manager, request.campaignId)))
        throw invalidField(
          'body.campaignId',
          `Unknown campaign ${request.campaignId}`,
          'unknownCampaign',
        );
      if (await this.tours.campaignHasTour(manager, request.campaignId))
        throw new DomainError('conflict', 'This campaign already has a tour');
      const tourId = await this.tours.insertTour(manager, {
        campaignId: request.campaignId,
        title: request.title.trim(),
        description: request.description?.trim() ?? '',
      });
      await this.audit.record(manager, {
        actorUserId: actor?.userId ?? null,
        action: 'tour.created',
        targetType: 'tour',
        targetId: tourId,
        details: { campaignId: request.campaignId },
      });
      return toTourSummary(await this.tourRow(manager, tourId));
    });
  }

  async update(
    actor: StaffActor,
    tourId: string,
    request: UpdateTourRequest,
  ): Promise<TourSummary> {
    return this.tours.transaction(async (manager) => {
      const tour = await this.tourRow(manager, tourId);
      await this.tours.updateTour(manager, tour.id, {
        title: request.title?.trim() ?? tour.title,
        description: request.description?.trim() ?? tour.description,
      });
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'tour.updated',
        targetType: 'tour',
        targetId: tour.id,
        details: { fields: Object.keys(request) },
      });
      return toTourSummary(await this.tourRow(manager, tour.id));
    });
  }

  /** One stop with its initiatives, as the public sees it. */
  async getStop(stopId: string): Promise<TourStopDetailResponse> {
    const manager = this.tours.manager;
    const row = await this.stopRow(manager, stopId);
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
    return this.tours.transaction(async (manager) => {
      const tour = await this.lockTour(manager, tourId);
      await this.rules.checkTerritory(manager, request.territoryId);
      if (actor) await this.access.assertCan(actor, ['facilitator'], request.territoryId, manager);
      const latitude = request.latitude ?? null;
      const longitude = request.longitude ?? null;
      await this.rules.checkStop(manager, tour, null, {
        day: request.day,
        startsAt: request.startsAt,
        endsAt: request.endsAt,
        latitude,
        longitude,
        moments: request.moments ?? [],
      });
      const workshopId = request.workshopId ?? null;
      if (workshopId)
        await this.rules.checkWorkshop(manager, actor, null, workshopId, request.territoryId);
      const stopId = await this.tours.insertStop(manager, tour.id, {
        day: request.day,
        startsAt: request.startsAt,
        endsAt: request.endsAt,
        territoryId: request.territoryId,
        placeName: request.placeName?.trim() ?? '',
        address: request.address?.trim() ?? '',
        latitude,
        longitude,
        workshopId,
        notes: request.notes?.trim() ?? '',
        report: request.report?.trim() ?? '',
      });
      await this.tours.replaceMoments(manager, stopId, cleanMoments(request.moments ?? []));
      await this.audit.record(manager, {
        actorUserId: actor?.userId ?? null,
        action: 'tour.stop.created',
        targetType: 'tour_stop',
        targetId: stopId,
        details: { tourId: tour.id, day: request.day, territoryId: request.territoryId },
      });
      return this.stopIn(manager, tour.id, stopId);
    });
  }

  async updateStop(
    actor: StaffActor,
    stopId: string,
    request: UpdateTourStopRequest,
  ): Promise<TourStopPlanningResponse> {
    return this.tours.transaction(async (manager) => {
      const current = await this.stopRow(manager, stopId);
      const tour = await this.lockTour(manager, current.tour_id);
      await this.access.assertCan(actor, ['facilitator'], current.territory_id, manager);
      const territoryId = request.territoryId ?? current.territory_id;
      if (request.territoryId !== undefined && request.territoryId !== current.territory_id) {
        await this.rules.checkTerritory(manager, territoryId);
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
      await this.rules.checkStop(manager, tour, stopId, next);
      const workshopId =
        request.workshopId !== undefined ? request.workshopId : current.workshop_id;
      if (
        workshopId &&
        (workshopId !== current.workshop_id || territoryId !== current.territory_id)
      )
        await this.rules.checkWorkshop(manager, actor, stopId, workshopId, territoryId);
      // Unlinking a workshop that is out in a field kit: refused like linking it.
      if (current.workshop_id && workshopId !== current.workshop_id)
        await assertNotCheckedOut(manager, current.workshop_id);
      await this.tours.updateStop(manager, stopId, {
        day: next.day,
        startsAt: next.startsAt,
        endsAt: next.endsAt,
        territoryId,
        placeName: request.placeName?.trim() ?? current.place_name,
        address: request.address?.trim() ?? current.address,
        latitude,
        longitude,
        workshopId,
        notes: request.notes?.trim() ?? current.notes,
        report: request.report?.trim() ?? current.report,
      });
      if (request.moments)
        await this.tours.replaceMoments(manager, stopId, cleanMoments(request.moments));
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
    await this.tours.transaction(async (manager) => {
      const current = await this.stopRow(manager, stopId);
      await this.lockTour(manager, current.tour_id);
      await this.access.assertCan(actor, ['facilitator'], current.territory_id, manager);
      if (current.workshop_id)
        throw new DomainError(
          'conflict',
          'This stop has a workshop: unlink it or move it to another stop before deleting the stop',
        );
      await this.tours.deleteStop(manager, stopId);
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
      throw new DomainError('forbidden', 'Only organisers reorder the whole tour');
    await this.tours.transaction(async (manager) => {
      const tour = await this.lockTour(manager, tourId);
      const stops = await this.tours.stopTimesOf(manager, tour.id);
      const before = new Map(stops.map((stop) => [stop.id, stop.day]));
      for (const stop of planReorder(stops, stopIds))
        if (stop.day !== before.get(stop.id))
          await this.tours.moveStopToDay(manager, stop.id, stop.day);
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
    const row = await this.tours.findTour(manager, tourId);
    if (!row) throw new DomainError('not_found', `No tour has the id ${tourId}`);
    return row;
  }

  /** Reads the tour and locks it: writes to one tour's stops happen one at a time. */
  private async lockTour(manager: EntityManager, tourId: string): Promise<TourRow> {
    if (!(await this.tours.lockTour(manager, tourId)))
      throw new DomainError('not_found', `No tour has the id ${tourId}`);
    return this.tourRow(manager, tourId);
  }

  private async stopRow(manager: EntityManager, stopId: string): Promise<StopRow> {
    const row = await this.tours.findStop(manager, stopId);
    if (!row) throw new DomainError('not_found', `No stop has the id ${stopId}`);
    return row;
  }

  private async stops(manager: EntityManager, tourId: string): Promise<TourStopPlanningResponse[]> {
    const rows = await this.tours.stopsOf(manager, tourId);
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
    if (stopIds.length === 0) return new Map();
    return momentsByStop(await this.tours.momentsOf(manager, stopIds));
  }
}

/** The programme as stored: titles and actors trimmed. */
function cleanMoments(moments: StopMomentInput[]): StopMoment[] {
  return moments.map((moment) => ({
    kind: moment.kind,
    startsAt: moment.startsAt,
    endsAt: moment.endsAt,
    title: moment.title.trim(),
    actors: moment.actors?.trim() ?? '',
  }));
}
