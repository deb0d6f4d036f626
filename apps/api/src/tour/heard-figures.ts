import {
  AGE_BANDS,
  GENDERS,
  type HeardCell,
  type HeardMargin,
  type HeardTerritory,
  type MarginDimension,
  type UnderHeardGroup,
  type UnderHeardPlace,
} from '@permanente/contracts';
import type { TerritoryRow } from '../territories/territories.repository';
import { isSmall, suppress, type SumConstraint } from './heard-suppression';

export { isSmall } from './heard-suppression';

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

/**
 * Which public figures of one territory are hidden, by local key: `ageBand:18_24`,
 * `ageBand:answered`, `gender:female`, `first:yes`, `first:no`, `first:answered`, `residents`.
 */
export type HiddenFigure = (key: string) => boolean;

/**
 * One profile margin next to the census. Shares are among the answers in the census's
 * categories (a declared "other" gender is counted, not compared). The index is half the sum
 * of the absolute gaps. In public detail a hidden cell (by default one of 1 to 9 people; see
 * `publicSuppression` for the complementary ones) hides the margin's total, shares, gaps and
 * index too, from which it could be worked out.
 */
export function margin(
  dimension: MarginDimension,
  counts: Map<string, number>,
  census: Map<string, number> | undefined,
  publicDetail: boolean,
  hidden: (category: string) => boolean = (category) => isSmall(counts.get(category) ?? 0),
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
  if (publicDetail && (hidden('answered') || categories.some(hidden))) {
    return {
      dimension,
      answered: null,
      index: null,
      cells: cells.map((cell) => ({
        category: cell.category,
        count: hidden(cell.category) ? null : cell.count,
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
  hidden: HiddenFigure = (key) => isSmall(localCount(tally, key)),
): HeardTerritory {
  const firstAnswered = tally.firstYes + tally.firstNo;
  const firstHidden =
    publicDetail && (hidden('first:yes') || hidden('first:no') || hidden('first:answered'));
  const residentsHidden = publicDetail && hidden('residents');
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
    residents: residentsHidden ? null : tally.residents,
    residentsPer1000: residentsHidden ? null : per1000(tally.residents, territory.population),
    firstTime: firstHidden
      ? { answered: null, yes: null, share: null }
      : {
          answered: firstAnswered,
          yes: tally.firstYes,
          share: firstAnswered > 0 ? round3(tally.firstYes / firstAnswered) : null,
        },
    margins: (['ageBand', 'gender'] as const).map((dimension) =>
      margin(dimension, tally[dimension], census?.get(dimension), publicDetail, (category) =>
        hidden(`${dimension}:${category}`),
      ),
    ),
  };
}

/** The count behind a local key of `HiddenFigure`. */
export function localCount(tally: HeardTally, key: string): number {
  if (key === 'residents') return tally.residents;
  if (key === 'first:yes') return tally.firstYes;
  if (key === 'first:no') return tally.firstNo;
  if (key === 'first:answered') return tally.firstYes + tally.firstNo;
  const [dimension, category] = key.split(':') as [MarginDimension, string];
  const counts = tally[dimension];
  if (category === 'answered')
    return CATEGORIES[dimension].reduce((sum, c) => sum + (counts.get(c) ?? 0), 0);
  return counts.get(category) ?? 0;
}

/** Every local key of one territory's public figures, and the sums that link them. */
const LOCAL_KEYS = [
  ...(['ageBand', 'gender'] as const).flatMap((dimension) => [
    ...CATEGORIES[dimension].map((category) => `${dimension}:${category}`),
    `${dimension}:answered`,
  ]),
  'first:yes',
  'first:no',
  'first:answered',
  'residents',
];
const LOCAL_SUMS: Array<{ total: string; parts: string[] }> = [
  ...(['ageBand', 'gender'] as const).map((dimension) => ({
    total: `${dimension}:answered`,
    parts: CATEGORIES[dimension].map((category) => `${dimension}:${category}`),
  })),
  { total: 'first:answered', parts: ['first:yes', 'first:no'] },
];
/**
 * Figures the page hides with others: a margin's total (and shares) when any of its cells is
 * hidden; the three first-time figures together.
 */
const HIDDEN_WITH: Array<{ when: string[]; hide: string[] }> = [
  ...LOCAL_SUMS.slice(0, 2).map((sum) => ({ when: sum.parts, hide: [sum.total] })),
  {
    when: ['first:yes', 'first:no', 'first:answered'],
    hide: ['first:yes', 'first:no', 'first:answered'],
  },
];

/**
 * The public figures' suppression over the whole tree (docs/coverage.md, "Privacy"): a
 * territory's counts are the sums of its children's (plus what was heard at its own level),
 * and a margin's total the sum of its cells, so hiding only the cells of 1 to 9 people would
 * let a reader subtract; complementary cells are hidden too (`suppress`). Returns, per
 * territory, which of its figures are hidden.
 */
export function publicSuppression(
  territories: readonly TerritoryRow[],
  tallies: ReadonlyMap<string, HeardTally>,
): Map<string, HiddenFigure> {
  const counts = new Map<string, number>();
  const constraints: SumConstraint[] = [];
  const ids = new Set(territories.map((t) => t.id));
  for (const territory of territories) {
    const tally = tallies.get(territory.id) ?? emptyTally();
    for (const key of LOCAL_KEYS) counts.set(`${territory.id}/${key}`, localCount(tally, key));
    for (const sum of LOCAL_SUMS)
      constraints.push({
        total: `${territory.id}/${sum.total}`,
        parts: sum.parts.map((part) => `${territory.id}/${part}`),
      });
    const children = territories.filter(
      (child) => child.parent_id === territory.id && ids.has(child.id),
    );
    if (children.length > 0)
      for (const key of LOCAL_KEYS)
        constraints.push({
          total: `${territory.id}/${key}`,
          parts: children.map((child) => `${child.id}/${key}`),
        });
  }
  const hidden = suppress(counts, constraints, (hiddenNow) =>
    territories.flatMap((territory) =>
      HIDDEN_WITH.filter((rule) =>
        rule.when.some((key) => hiddenNow.has(`${territory.id}/${key}`)),
      ).flatMap((rule) => rule.hide.map((key) => `${territory.id}/${key}`)),
    ),
  );
  return new Map(
    territories.map((territory) => [
      territory.id,
      (key: string) => hidden.has(`${territory.id}/${key}`),
    ]),
  );
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
