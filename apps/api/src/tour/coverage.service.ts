import { Inject, Injectable } from '@nestjs/common';
import type {
  CoverageDepartement,
  CoverageFigures,
  TourCoverageResponse,
} from '@permanente/contracts';
import { CLOCK, Clock } from '../common/clock';
import { TerritoriesRepository, type TerritoryRow } from '../territories/territories.repository';
import { dayIn } from './tour-time.util';
import { TourRepository } from './tour.repository';
import { DomainError } from '../common/domain-error';

/** The two levels the coverage reads. */
type CoverageTerritory = TerritoryRow & { level: 'departement' | 'bassin_de_vie' };

interface Counts {
  stops: number;
  visitedStops: number;
  workshops: number;
  participants: number;
  ideas: number;
  choices: number;
  proposals: number;
}

const ZERO: Counts = {
  stops: 0,
  visitedStops: 0,
  workshops: 0,
  participants: 0,
  ideas: 0,
  choices: 0,
  proposals: 0,
};

function add(a: Counts, b: Counts | undefined): Counts {
  if (!b) return a;
  return {
    stops: a.stops + b.stops,
    visitedStops: a.visitedStops + b.visitedStops,
    workshops: a.workshops + b.workshops,
    participants: a.participants + b.participants,
    ideas: a.ideas + b.ideas,
    choices: a.choices + b.choices,
    proposals: a.proposals + b.proposals,
  };
}

/**
 * Where the tour has been and whom it has heard, per bassin de vie and per département of the
 * campaign's territory. See docs/tour.md for what each figure counts.
 */
@Injectable()
export class CoverageService {
  constructor(
    private readonly tours: TourRepository,
    private readonly territories: TerritoriesRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async coverage(tourId: string): Promise<TourCoverageResponse> {
    const today = dayIn(this.clock.now());
    const tour = await this.tours.coverageTour(tourId);
    if (!tour) throw new DomainError('not_found', `No tour has the id ${tourId}`);

    const territories = (await this.territories.descendants(tour.territory_id, [
      'departement',
      'bassin_de_vie',
    ])) as CoverageTerritory[];

    const stopRows = await this.tours.stopCounts(tour.id, today);
    const workshopRows = await this.tours.workshopCounts(tour, today);
    const proposalRows = await this.tours.proposalCounts(tour.campaign_id);

    const own = new Map<string, Counts>();
    for (const row of stopRows)
      own.set(row.territory_id, { ...ZERO, stops: row.stops, visitedStops: row.visited });
    for (const row of workshopRows)
      own.set(
        row.territory_id,
        add(own.get(row.territory_id) ?? ZERO, {
          ...ZERO,
          workshops: row.workshops,
          participants: row.participants,
          ideas: row.ideas,
          choices: row.choices,
        }),
      );

    for (const row of proposalRows)
      own.set(
        row.territory_id,
        add(own.get(row.territory_id) ?? ZERO, { ...ZERO, proposals: row.proposals }),
      );

    const departements = territories.filter((t) => t.level === 'departement');
    const bassinsOf = (id: string) =>
      territories.filter((t) => t.level === 'bassin_de_vie' && t.parent_id === id);
    const bassinFigures = new Map<string, CoverageFigures>();
    const result: CoverageDepartement[] = departements.map((departement) => {
      const bassins = bassinsOf(departement.id).map((bassin) => {
        const figures = toFigures(bassin, own.get(bassin.id) ?? ZERO);
        bassinFigures.set(bassin.id, figures);
        return figures;
      });
      // A département adds up its bassins and what happened at its own level.
      const counts = bassinsOf(departement.id).reduce(
        (sum, bassin) => add(sum, own.get(bassin.id)),
        own.get(departement.id) ?? ZERO,
      );
      return { ...toFigures(departement, counts), bassins };
    });
    flagLowest(result);
    flagLowest([...bassinFigures.values()]);
    for (const figures of [...result, ...bassinFigures.values()])
      figures.standsOut = figures.neverVisited || figures.lowestParticipation;

    const allCounts = [...own.values()].reduce((sum, counts) => add(sum, counts), ZERO);
    const bassinList = [...bassinFigures.values()];
    return {
      tourId: tour.id,
      asOf: today,
      totals: {
        bassins: bassinList.length,
        visitedBassins: bassinList.filter((b) => !b.neverVisited).length,
        workshops: allCounts.workshops,
        participants: allCounts.participants,
        ideas: allCounts.ideas,
        choices: allCounts.choices,
        contributions: allCounts.ideas + allCounts.choices,
        proposals: allCounts.proposals,
      },
      departements: result,
    };
  }
}

function toFigures(territory: CoverageTerritory, counts: Counts): CoverageFigures {
  const population = territory.population;
  return {
    territoryId: territory.id,
    code: territory.code,
    name: territory.name,
    level: territory.level,
    population,
    stops: counts.stops,
    visitedStops: counts.visitedStops,
    visit: counts.visitedStops > 0 ? 'visited' : counts.stops > 0 ? 'planned' : 'not_planned',
    workshops: counts.workshops,
    participants: counts.participants,
    ideas: counts.ideas,
    choices: counts.choices,
    contributions: counts.ideas + counts.choices,
    participationPer1000:
      population && population > 0
        ? Math.round((counts.participants * 1000 * 1000) / population) / 1000
        : null,
    proposals: counts.proposals,
    neverVisited: counts.visitedStops === 0,
    lowestParticipation: false,
    standsOut: false,
  };
}

/** Flags the bottom quarter (at least one, ties included) of the known participation rates. */
export function flagLowest(figures: CoverageFigures[]): void {
  const rates = figures
    .map((f) => f.participationPer1000)
    .filter((rate): rate is number => rate !== null)
    .sort((a, b) => a - b);
  if (rates.length === 0) return;
  const threshold = rates[Math.max(1, Math.ceil(rates.length / 4)) - 1];
  for (const f of figures)
    f.lowestParticipation = f.participationPer1000 !== null && f.participationPer1000 <= threshold;
}
