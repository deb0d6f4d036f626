/** Levels of the territory tree, from the widest to the narrowest. */
export const TERRITORY_LEVELS = ['region', 'departement', 'bassin_de_vie'] as const;
export type TerritoryLevel = (typeof TERRITORY_LEVELS)[number];

export function isTerritoryLevel(value: unknown): value is TerritoryLevel {
  return typeof value === 'string' && (TERRITORY_LEVELS as readonly string[]).includes(value);
}

/** The level directly under `level`, or null for the narrowest one. */
export function childLevelOf(level: TerritoryLevel): TerritoryLevel | null {
  const index = TERRITORY_LEVELS.indexOf(level);
  return TERRITORY_LEVELS[index + 1] ?? null;
}

/** A territory without its relatives. */
export interface TerritorySummary {
  id: string;
  /** Stable code: the INSEE code where one exists (region, département), else a slug. */
  code: string;
  /** Official INSEE code, when the territory has one. */
  inseeCode: string | null;
  name: string;
  level: TerritoryLevel;
  /** Municipal population (INSEE) when known. */
  population: number | null;
  parentId: string | null;
}

/** A node of `GET /api/territories`: the whole tree, children sorted by name. */
export interface TerritoryTreeNode extends TerritorySummary {
  children: TerritoryTreeNode[];
}

/** `GET /api/territories/:id`: one territory with its ancestors (widest first) and children. */
export interface TerritoryDetailResponse extends TerritorySummary {
  ancestors: TerritorySummary[];
  children: TerritorySummary[];
  /** Sum of the known populations of the direct children (null when none is known). */
  childrenPopulation: number | null;
}

/**
 * The data-file format a region is loaded from (`permanente.territories/1`).
 * A nested tree; every node's level must be the child level of its parent's.
 */
export interface TerritoryFileNode {
  code: string;
  inseeCode?: string | null;
  name: string;
  level: TerritoryLevel;
  population?: number | null;
  children?: TerritoryFileNode[];
}

export interface TerritoryFile {
  format: 'permanente.territories/1';
  /** Where the figures come from (shown in the docs, kept with the data). */
  source?: string;
  root: TerritoryFileNode;
}
