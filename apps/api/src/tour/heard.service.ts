import { Inject, Injectable } from '@nestjs/common';
import {
  MINIMUM_PUBLIC_CELL,
  type HeardResponse,
  type MarginDimension,
} from '@permanente/contracts';
import { type Actor, isStaff } from '../auth/actor';
import { CLOCK, Clock } from '../common/clock';
import { CensusRepository } from '../territories/census.repository';
import { TerritoriesRepository } from '../territories/territories.repository';
import {
  type CensusMargins,
  emptyTally,
  type HeardTally,
  heardTerritory,
  publicSuppression,
  underHeardGroups,
  underHeardPlaces,
} from './heard-figures';
import { HeardRepository } from './heard.repository';
import { dayIn } from './tour-time.util';
import { TourRepository } from './tour.repository';
import { DomainError } from '../common/domain-error';

const LEVEL_ORDER = { region: 0, departement: 1, bassin_de_vie: 2 } as const;

/**
 * Who the tour has heard, per territory of its campaign: participation, first-timers and
 * each profile margin next to the census (docs/coverage.md). Organisers see every figure;
 * everyone else sees them with the cells under MINIMUM_PUBLIC_CELL people hidden.
 */
@Injectable()
export class HeardService {
  constructor(
    private readonly tours: TourRepository,
    private readonly territories: TerritoriesRepository,
    private readonly census: CensusRepository,
    private readonly heard: HeardRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async figures(tourId: string, actor: Actor): Promise<HeardResponse> {
    const tour = await this.tours.coverageTour(tourId);
    if (!tour) throw new DomainError('not_found', `No tour has the id ${tourId}`);
    const publicDetail = !isStaff(actor, 'organiser');
    const territories = (
      await this.territories.descendants(tour.territory_id, [
        'region',
        'departement',
        'bassin_de_vie',
      ])
    ).sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
    const byId = new Map(territories.map((t) => [t.id, t]));
    const tallies = new Map(territories.map((t) => [t.id, emptyTally()]));
    /** The territory and those above it, within the campaign's territory. */
    const chain = (id: string | null): HeardTally[] => {
      const result: HeardTally[] = [];
      for (
        let at = id ? byId.get(id) : undefined;
        at;
        at = at.parent_id ? byId.get(at.parent_id) : undefined
      )
        result.push(tallies.get(at.id)!);
      return result;
    };

    for (const row of await this.heard.counts(tour, dayIn(this.clock.now()))) {
      for (const tally of chain(row.territory_id)) {
        tally.participants += row.n;
        if (row.first_time === true) tally.firstYes += row.n;
        if (row.first_time === false) tally.firstNo += row.n;
        if (row.age_band)
          tally.ageBand.set(row.age_band, (tally.ageBand.get(row.age_band) ?? 0) + row.n);
        if (row.gender) tally.gender.set(row.gender, (tally.gender.get(row.gender) ?? 0) + row.n);
      }
      for (const tally of chain(row.residence_id)) tally.residents += row.n;
    }

    const census = new Map<string, CensusMargins>();
    for (const row of await this.census.margins(territories.map((t) => t.id))) {
      const margins =
        census.get(row.territory_id) ?? new Map<MarginDimension, Map<string, number>>();
      const dimension = margins.get(row.dimension) ?? new Map<string, number>();
      dimension.set(row.category, row.population);
      margins.set(row.dimension, dimension);
      census.set(row.territory_id, margins);
    }

    const hidden = publicDetail ? publicSuppression(territories, tallies) : undefined;
    const figures = territories.map((territory) =>
      heardTerritory(
        territory,
        tallies.get(territory.id)!,
        census.get(territory.id),
        publicDetail,
        hidden?.get(territory.id),
      ),
    );
    return {
      tourId: tour.id,
      minimumPublicCell: MINIMUM_PUBLIC_CELL,
      territories: figures,
      underHeardGroups: underHeardGroups(figures),
      underHeardPlaces: underHeardPlaces(figures),
    };
  }
}
