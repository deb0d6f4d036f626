import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CommuneSummary } from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';

export interface CommuneRow {
  code: string;
  name: string;
  territoryId: string | null;
  population: number | null;
  postcodes: string[];
  searchText: string;
  margins: Array<{ dimension: 'ageBand' | 'gender'; category: string; population: number }>;
}

export interface TerritoryMarginRow {
  territory_id: string;
  dimension: 'ageBand' | 'gender';
  category: string;
  population: number;
}

/** Every commune with the territory it lies in and each territory above it. */
const COMMUNES_UP = `WITH RECURSIVE up AS (
    SELECT c.code, c.territory_id AS territory_id FROM communes c WHERE c.territory_id IS NOT NULL
    UNION ALL
    SELECT up.code, t.parent_id FROM up JOIN territories t ON t.id = up.territory_id
    WHERE t.parent_id IS NOT NULL
  )`;

/** The SQL of communes and census margins. */
@Injectable()
export class CensusRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Territory ids by code, for the mapping. */
  async territoryIds(manager: EntityManager, codes: string[]): Promise<Map<string, string>> {
    const rows: Array<{ id: string; code: string }> = await manager.query(
      `SELECT id, code FROM territories WHERE code = ANY($1::text[])`,
      [codes],
    );
    return new Map(rows.map((row) => [row.code, row.id]));
  }

  /** Creates or replaces a commune and its margins. */
  async upsertCommune(manager: EntityManager, commune: CommuneRow): Promise<boolean> {
    const [row]: Array<{ inserted: boolean }> = await manager.query(
      `INSERT INTO communes (code, name, territory_id, population, postcodes, search_text)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, territory_id = EXCLUDED.territory_id,
         population = COALESCE(EXCLUDED.population, communes.population),
         postcodes = CASE WHEN cardinality(EXCLUDED.postcodes) > 0 THEN EXCLUDED.postcodes
                          ELSE communes.postcodes END,
         search_text = EXCLUDED.search_text
       RETURNING (xmax = 0) AS inserted`,
      [
        commune.code,
        commune.name,
        commune.territoryId,
        commune.population,
        commune.postcodes,
        commune.searchText,
      ],
    );
    if (commune.margins.length > 0) {
      await manager.query(`DELETE FROM commune_margins WHERE commune_code = $1`, [commune.code]);
      await manager.query(
        `INSERT INTO commune_margins (commune_code, dimension, category, population)
         SELECT $1, m.dimension, m.category, m.population
         FROM unnest($2::text[], $3::text[], $4::float8[]) AS m(dimension, category, population)`,
        [
          commune.code,
          commune.margins.map((m) => m.dimension),
          commune.margins.map((m) => m.category),
          commune.margins.map((m) => m.population),
        ],
      );
    }
    return row.inserted;
  }

  /**
   * Sums the communes up the tree: each territory with communes in or under it gets their
   * population (when every one of them has a population) and their margins, rounded.
   */
  async aggregate(manager: EntityManager): Promise<number> {
    const updated: [unknown[], number] = await manager.query(
      `${COMMUNES_UP}
       UPDATE territories SET population = s.total, updated_at = now()
       FROM (SELECT up.territory_id, sum(c.population)::int AS total
             FROM up JOIN communes c ON c.code = up.code
             GROUP BY up.territory_id HAVING count(c.population) = count(*)) s
       WHERE territories.id = s.territory_id`,
    );
    await manager.query(`DELETE FROM territory_margins`);
    await manager.query(
      `${COMMUNES_UP}
       INSERT INTO territory_margins (territory_id, dimension, category, population)
       SELECT up.territory_id, m.dimension, m.category, round(sum(m.population))::int
       FROM up JOIN commune_margins m ON m.commune_code = up.code
       GROUP BY up.territory_id, m.dimension, m.category`,
    );
    return Array.isArray(updated) ? Number(updated[1] ?? 0) : 0;
  }

  /** Census margins of the given territories. */
  margins(territoryIds: string[]): Promise<TerritoryMarginRow[]> {
    return this.dataSource.query(
      `SELECT territory_id, dimension, category, population FROM territory_margins
       WHERE territory_id = ANY($1::uuid[])`,
      [territoryIds],
    );
  }

  /** Communes whose name starts with the words, or whose postcode starts with the digits. */
  search(folded: string, limit: number): Promise<CommuneSummary[]> {
    const digits = /^[0-9][0-9ab][0-9]{0,3}$/.test(folded);
    const escaped = folded.replace(/[\\%_]/g, '\\$&');
    return this.dataSource.query(
      `SELECT c.code, c.name, c.postcodes, t.name AS "territoryName"
       FROM communes c LEFT JOIN territories t ON t.id = c.territory_id
       WHERE ${
         digits
           ? `EXISTS (SELECT 1 FROM unnest(c.postcodes) p WHERE p LIKE $1 || '%') OR lower(c.code) = $1`
           : `c.search_text LIKE $1 || '%' ESCAPE '\\' OR c.search_text LIKE '% ' || $1 || '%' ESCAPE '\\'`
       }
       ORDER BY c.population DESC NULLS LAST, c.name LIMIT $2`,
      [escaped, limit],
    );
  }

  /** Whether a commune has this code. */
  async exists(code: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM communes WHERE code = $1`, [
      code,
    ]);
    return rows.length > 0;
  }
}
