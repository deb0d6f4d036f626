import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { TerritoryLevel, TerritorySummary } from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import type { SqlPlaceholder } from '../database/sql-parameters';

export type { SqlPlaceholder };

/**
 * The one "territories under this one" query, as a parenthesised sub-query of ids: the
 * territory (or territories) the placeholder (the only thing spliced in) names and every territory below them, whatever
 * the depth. `root` names one uuid; `{ anyOf }` names a uuid array. Use it as
 * `x.territory_id IN ${descendantsOf('$2')}`.
 */
export function descendantsOf(root: SqlPlaceholder | { anyOf: SqlPlaceholder }): string {
  const start = typeof root === 'string' ? `= ${root}` : `= ANY(${root.anyOf}::uuid[])`;
  return `(WITH RECURSIVE down AS (
     SELECT id FROM territories WHERE id ${start}
     UNION
     SELECT below.id FROM territories below JOIN down ON below.parent_id = down.id
   ) SELECT id FROM down)`;
}

/** A territory as a table row (snake_case columns). */
export interface TerritoryRow {
  id: string;
  code: string;
  name: string;
  level: TerritoryLevel;
  population: number | null;
  parent_id: string | null;
}

export interface TerritoryFileRow {
  code: string;
  inseeCode: string | null;
  name: string;
  level: TerritoryLevel;
  population: number | null;
  parentId: string | null;
}

/**
 * The SQL of the territory tree: descendants, ancestors and the import's upsert. Every
 * method takes the caller's transaction manager when it runs inside one (PGlite has one
 * query queue: a second connection inside a transaction would wait for ever).
 */
@Injectable()
export class TerritoriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The ids of the given territories and of every territory under them. */
  async descendantIds(
    rootIds: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT id FROM ${descendantsOf({ anyOf: '$1' })} AS d`,
      [rootIds],
    );
    return rows.map((row) => row.id);
  }

  /** The territory and those under it, of the given levels, by code (or by name). */
  async descendants(
    rootId: string,
    levels: TerritoryLevel[],
    manager: EntityManager = this.dataSource.manager,
    orderBy: 'code' | 'name' = 'code',
  ): Promise<TerritoryRow[]> {
    return manager.query(
      `SELECT t.id, t.code, t.name, t.level, t.population, t.parent_id
       FROM territories t
       WHERE t.id IN ${descendantsOf('$1')} AND t.level = ANY($2::text[])
       ORDER BY ${orderBy === 'name' ? 't.name' : 't.code'}`,
      [rootId, levels],
    );
  }

  /** The territory and its ancestors, from the root of the tree down to it. */
  async lineage(
    territoryId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<TerritorySummary[]> {
    return manager.query(
      `WITH RECURSIVE up AS (
         SELECT t.*, 1 AS depth FROM territories t WHERE t.id = $1
         UNION ALL
         SELECT p.*, up.depth + 1 FROM territories p JOIN up ON p.id = up.parent_id
       )
       SELECT id, code, insee_code AS "inseeCode", name, level, population, parent_id AS "parentId"
       FROM up ORDER BY depth DESC`,
      [territoryId],
    );
  }

  /** Whether the territory is one of `scopeIds` or lies under one of them. */
  async isWithin(
    territoryId: string,
    scopeIds: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `WITH RECURSIVE up AS (
         SELECT id, parent_id FROM territories WHERE id = $1
         UNION ALL
         SELECT t.id, t.parent_id FROM territories t JOIN up ON t.id = up.parent_id
       )
       SELECT 1 FROM up WHERE id = ANY($2::uuid[]) LIMIT 1`,
      [territoryId, scopeIds],
    );
    return rows.length > 0;
  }

  /** The level of a territory, or null when none has this id. */
  async levelOf(
    territoryId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<TerritoryLevel | null> {
    const [row]: Array<{ level: TerritoryLevel }> = await manager.query(
      `SELECT level FROM territories WHERE id = $1`,
      [territoryId],
    );
    return row?.level ?? null;
  }

  /** Creates the territory, or updates the one with the same code; says which it did. */
  async upsertByCode(
    manager: EntityManager,
    territory: TerritoryFileRow,
  ): Promise<{ id: string; inserted: boolean }> {
    const [row]: Array<{ id: string; inserted: boolean }> = await manager.query(
      `INSERT INTO territories (code, insee_code, name, level, population, parent_id)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (code) DO UPDATE SET
         insee_code = EXCLUDED.insee_code, name = EXCLUDED.name, level = EXCLUDED.level,
         population = EXCLUDED.population, parent_id = EXCLUDED.parent_id, updated_at = now()
       RETURNING id, (xmax = 0) AS inserted`,
      [
        territory.code,
        territory.inseeCode,
        territory.name,
        territory.level,
        territory.population,
        territory.parentId,
      ],
    );
    return row;
  }
}
