import {
  AGE_BANDS,
  GENDERS,
  MINIMUM_PUBLIC_CELL,
  type HeardCell,
  type HeardMargin,
  type HeardTerritory,
  type MarginDimension,
  type UnderHeardGroup,
  type UnderHeardPlace,
} from '@permanente/contracts';
import type { TerritoryRow } from '../territories/territories.repository';

/** What was counted for one territory (itself and everything under it). */
export interface HeardTally {
  participants: number;
  residents: number;
  firstYes: number;
  firstNo: number;
  ageBand: Map<string, number>;
  gender: Map<string, number>;
}

export const emptyTally = (): HeardTally => ({
  participants: 0,
  residents: 0,
  firstYes: 0,
  firstNo: 0,
  ageBand: new Map(),
  gender: new Map(),
});

/** Census margins of one territory: dimension → category → inhabitants. */
export type CensusMargins = Map<MarginDimension, Map<string, number>>;

const CATEGORIES: Record<MarginDimension, readonly string[]> = {
  ageBand: AGE_BANDS,
  gender: GENDERS,
};

const round3 = (value: number) => Math.round(value * 1000) / 1000;
const per1000 = (count: number, population: number | null) =>
  population && population > 0 ? round3((count * 1000) / population) : null;

/** A count the public may see: none from 1 to 9 people. */
export const isSmall = (count: number) => count > 0 && count < MINIMUM_PUBLIC_CELL;

/**
 * One profile margin next to the census. Shares are among the answers in the census's
 * categories (a declared "other" gender is counted, not compared). The index is half the sum
 * of the absolute gaps. In public detail a cell of 1 to 9 people is hidden, and then so are
 * the margin's total, shares, gaps and index, from which the hidden cell could be worked out.
 */
export function margin(
  dimension: MarginDimension,
  counts: Map<string, number>,
  census: Map<string, number> | undefined,
  publicDetail: boolean,
): HeardMargin {
  const categories = CATEGORIES[dimension];
  const answered = categories.reduce((sum, c) => sum + (counts.get(c) ?? 0), 0);
  const compared = categories.filter((c) => census?.has(c));
  const comparedAnswers = compared.reduce((sum, c) => sum + (counts.get(c) ?? 0), 0);
  const censusTotal = compared.reduce((sum, c) => sum + (census?.get(c) ?? 0), 0);
  const cells: HeardCell[] = categories.map((category) => {
    const count = counts.get(category) ?? 0;
    const inCensus = compared.includes(category) && censusTotal > 0;
    const share = inCensus
      ? comparedAnswers > 0
        ? round3(count / comparedAnswers)
        : null
      : answered > 0
        ? round3(count / answered)
        : null;
    const censusShare = inCensus ? round3(census!.get(category)! / censusTotal) : null;
    return {
      category,
      count,
      share,
      censusShare,
      gap: share !== null && censusShare !== null ? round3(share - censusShare) : null,
    };
  });
  const gaps = cells.filter((cell) => cell.gap !== null);
  const index =
    gaps.length > 0 && comparedAnswers > 0
      ? round3(gaps.reduce((sum, cell) => sum + Math.abs(cell.gap!), 0) / 2)
      : null;
  if (publicDetail && cells.some((cell) => isSmall(cell.count!))) {
    return {
      dimension,
      answered: null,
      index: null,
      cells: cells.map((cell) => ({
        category: cell.category,
        count: isSmall(cell.count!) ? null : cell.count,
        share: null,
        censusShare: cell.censusShare,
        gap: null,
      })),
    };
  }
  return { dimension, answered, cells, index };
}

/** The figures of one territory, hidden where the public may not see them. */
export function heardTerritory(
  territory: TerritoryRow,
  tally: HeardTally,
  census: CensusMargins | undefined,
  publicDetail: boolean,
): HeardTerritory {
  const firstAnswered = tally.firstYes + tally.firstNo;
  const firstHidden = publicDetail && (isSmall(tally.firstYes) || isSmall(tally.firstNo));
  return {
    territoryId: territory.id,
    code: territory.code,
    name: territory.name,
    level: territory.level,
    parentId: territory.parent_id,
    population: territory.population,
    detail: publicDetail ? 'public' : 'full',
    participants: tally.participants,
    participationPer1000: per1000(tally.participants, territory.population),
    residents: publicDetail && isSmall(tally.residents) ? null : tally.residents,
    residentsPer1000:
      publicDetail && isSmall(tally.residents)
        ? null
        : per1000(tally.residents, territory.population),
    firstTime: firstHidden
      ? { answered: null, yes: null, share: null }
      : {
          answered: firstAnswered,
          yes: tally.firstYes,
          share: firstAnswered > 0 ? round3(tally.firstYes / firstAnswered) : null,
        },
    margins: (['ageBand', 'gender'] as const).map((dimension) =>
      margin(dimension, tally[dimension], census?.get(dimension), publicDetail),
    ),
  };
}

/** Groups below their census share, the furthest first (at most `limit`). */
export function underHeardGroups(territories: HeardTerritory[], limit = 12): UnderHeardGroup[] {
  return territories
    .flatMap((territory) =>
      territory.margins.flatMap((m) =>
        m.cells
          .filter((cell) => cell.gap !== null && cell.gap < 0)
          .map((cell) => ({
            territoryId: territory.territoryId,
            territoryName: territory.name,
            dimension: m.dimension,
            category: cell.category,
            gap: cell.gap!,
          })),
      ),
    )
    .sort((a, b) => a.gap - b.gap || a.territoryName.localeCompare(b.territoryName, 'fr'))
    .slice(0, limit);
}

/** Bassins de vie by participation per 1,000 inhabitants, lowest first, unknown rates last. */
export function underHeardPlaces(territories: HeardTerritory[]): UnderHeardPlace[] {
  const rank = (rate: number | null) => (rate === null ? Number.POSITIVE_INFINITY : rate);
  return territories
    .filter((territory) => territory.level === 'bassin_de_vie')
    .map((territory) => ({
      territoryId: territory.territoryId,
      name: territory.name,
      level: territory.level,
      participationPer1000: territory.participationPer1000,
      residentsPer1000: territory.residentsPer1000,
    }))
    .sort(
      (a, b) =>
        rank(a.participationPer1000) - rank(b.participationPer1000) ||
        rank(a.residentsPer1000) - rank(b.residentsPer1000) ||
        a.name.localeCompare(b.name, 'fr'),
    );
}
