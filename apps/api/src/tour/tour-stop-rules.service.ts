import { Injectable } from '@nestjs/common';
import type { StopMomentInput } from '@permanente/contracts';
import type { EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import type { StaffActor } from '../auth/actor';
import { InvalidFieldsException, invalidField } from '../common/invalid-fields.exception';
import { assertNotCheckedOut } from '../live/checked-out';
import { TerritoriesRepository } from '../territories/territories.repository';
import { TourRepository, type StopTimesRow, type TourRow } from './tour.repository';
import { hhmm } from './tour-time.util';
import { DomainError } from '../common/domain-error';

/** What a stop's checks look at: its day, hours, place and programme. */
export interface StopPlan {
  day: string;
  startsAt: string;
  endsAt: string;
  latitude: number | null;
  longitude: number | null;
  moments: StopMomentInput[];
}

/**
 * The rules a stop obeys, apart from the life cycle that applies them: in a bassin de vie,
 * inside the campaign, hours in order, no overlap in its tour, a Fabrik of its own bassin
 * that no other stop has. Each broken rule is a 400 naming the field (409 for a taken Fabrik).
 */
@Injectable()
export class TourStopRules {
  constructor(
    private readonly tours: TourRepository,
    private readonly territories: TerritoriesRepository,
    private readonly access: AccessService,
  ) {}

  /** The territory exists and is a bassin de vie (400 naming body.territoryId otherwise). */
  async checkTerritory(manager: EntityManager, territoryId: string): Promise<void> {
    const level = await this.territories.levelOf(territoryId, manager);
    if (!level)
      throw invalidField(
        'body.territoryId',
        `Unknown territory ${territoryId}`,
        'unknownTerritory',
      );
    if (level !== 'bassin_de_vie')
      throw invalidField(
        'body.territoryId',
        `A stop is in a bassin de vie, not a ${level}`,
        'notBassinDeVie',
      );
  }

  /** Dates, times, coordinates and the programme of a stop, and no overlap in its tour. */
  async checkStop(
    manager: EntityManager,
    tour: TourRow,
    stopId: string | null,
    stop: StopPlan,
  ): Promise<void> {
    checkStopShape(tour, stop);
    const overlap = await this.tours.overlappingStop(manager, {
      tourId: tour.id,
      stopId,
      day: stop.day,
      startsAt: stop.startsAt,
      endsAt: stop.endsAt,
    });
    if (overlap)
      throw invalidField(
        'body.day',
        `Overlaps the stop in ${overlap.name} on ${stop.day} (${hhmm(overlap.starts_at)}-${hhmm(overlap.ends_at)})`,
        'overlap',
      );
  }

  /** The workshop exists, is in the stop's bassin, runs under the actor, and has no other stop. */
  async checkWorkshop(
    manager: EntityManager,
    actor: StaffActor | null,
    stopId: string | null,
    workshopId: string,
    territoryId: string,
  ): Promise<void> {
    const workshopTerritory = await this.tours.workshopTerritory(manager, workshopId);
    if (!workshopTerritory)
      throw invalidField('body.workshopId', `Unknown workshop ${workshopId}`, 'unknownWorkshop');
    if (workshopTerritory !== territoryId)
      throw invalidField(
        'body.workshopId',
        'The workshop is not in the bassin de vie of this stop',
        'workshopTerritory',
      );
    if (actor) await this.access.assertRunsWorkshop(actor, workshopId, manager);
    await assertNotCheckedOut(manager, workshopId);
    if (await this.tours.workshopHasOtherStop(manager, workshopId, stopId))
      throw new DomainError('conflict', 'This workshop is already the Fabrik of another stop');
  }
}

/** The checks of a stop that need no database: campaign dates, hours, coordinates, moments. */
export function checkStopShape(tour: TourRow, stop: StopPlan): void {
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
}

/**
 * A new itinerary: the tour's days (in date order) handed out to the stops in the order
 * given, each keeping its own times. 400 unless `stopIds` lists every stop once, or when the
 * result makes two stops overlap.
 */
export function planReorder(stops: StopTimesRow[], stopIds: string[]): StopTimesRow[] {
  const known = new Set(stops.map((stop) => stop.id));
  // The DTO already refuses repeated ids; the rule does not rely on it.
  if (
    stopIds.length !== stops.length ||
    new Set(stopIds).size !== stopIds.length ||
    stopIds.some((id) => !known.has(id))
  )
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
  return planned;
}
