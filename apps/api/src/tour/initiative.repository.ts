import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { InitiativeKind } from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { SqlParameters } from '../database/sql-parameters';
import { descendantsOf } from '../territories/territories.repository';

/** An initiative with its territory's name and the stop where the tour met it. */
export interface InitiativeRow {
  id: string;
  name: string;
  description: string;
  kind: InitiativeKind;
  themes: string[];
  territory_id: string;
  territory_name: string;
  public_contact: string;
  website: string | null;
  stop_id: string | null;
  stop_day: string | null;
  stop_territory_name: string | null;
}

/** The columns of an initiative as written (trimmed, folded and defaulted by the service). */
export interface InitiativeValues {
  name: string;
  description: string;
  kind: InitiativeKind;
  themes: string[];
  territoryId: string;
  publicContact: string;
  website: string | null;
  stopId: string | null;
  searchText: string;
}

/** A search of the catalogue: every word (already folded) must appear. */
export interface InitiativeFilter {
  words: string[];
  kind?: InitiativeKind;
  theme?: string;
  /** This territory and those under it. */
  territoryId?: string;
}

const SELECT = `
  SELECT i.id, i.name, i.description, i.kind, i.themes, i.territory_id, t.name AS territory_name,
         i.public_contact, i.website, i.stop_id, s.day::text AS stop_day,
         st.name AS stop_territory_name
  FROM initiatives i
  JOIN territories t ON t.id = i.territory_id
  LEFT JOIN tour_stops s ON s.id = i.stop_id
  LEFT JOIN territories st ON st.id = s.territory_id`;

/** The SQL of the catalogue of local initiatives. */
@Injectable()
export class InitiativeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** One page of the initiatives matching the filter, by name, and how many match in all. */
  async search(
    filter: InitiativeFilter,
    page: { limit: number; offset: number },
  ): Promise<{ rows: InitiativeRow[]; total: number }> {
    const parameters = new SqlParameters();
    const where: string[] = [];
    for (const word of filter.words)
      where.push(
        `i.search_text LIKE ${parameters.add(`%${word.replace(/[\\%_]/g, '\\$&')}%`)} ESCAPE '\\'`,
      );
    if (filter.kind) where.push(`i.kind = ${parameters.add(filter.kind)}`);
    if (filter.theme !== undefined) where.push(`${parameters.add(filter.theme)} = ANY (i.themes)`);
    if (filter.territoryId)
      where.push(`i.territory_id IN ${descendantsOf(parameters.add(filter.territoryId))}`);
    const condition = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: Array<{ total: number }> = await this.manager.query(
      `SELECT count(*)::int AS total FROM initiatives i ${condition}`,
      parameters.values,
    );
    const paged = parameters.fork();
    const rows: InitiativeRow[] = await this.manager.query(
      `${SELECT} ${condition} ORDER BY i.search_text, i.id
       LIMIT ${paged.add(page.limit)} OFFSET ${paged.add(page.offset)}`,
      paged.values,
    );
    return { rows, total };
  }

  /** Every theme some initiative has. */
  async themes(): Promise<string[]> {
    const rows: Array<{ theme: string }> = await this.manager.query(
      `SELECT DISTINCT unnest(themes) AS theme FROM initiatives`,
    );
    return rows.map((row) => row.theme);
  }

  async find(manager: EntityManager, id: string): Promise<InitiativeRow | null> {
    const [row]: InitiativeRow[] = await manager.query(`${SELECT} WHERE i.id = $1`, [id]);
    return row ?? null;
  }

  ofStop(stopId: string): Promise<InitiativeRow[]> {
    return this.manager.query(`${SELECT} WHERE i.stop_id = $1 ORDER BY i.search_text`, [stopId]);
  }

  async insert(manager: EntityManager, initiative: InitiativeValues): Promise<string> {
    const [created]: Array<{ id: string }> = await manager.query(
      `INSERT INTO initiatives (name, description, kind, themes, territory_id, public_contact,
                                website, stop_id, search_text)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      initiativeParameters(initiative),
    );
    return created.id;
  }

  async update(manager: EntityManager, id: string, initiative: InitiativeValues): Promise<void> {
    await manager.query(
      `UPDATE initiatives SET name = $2, description = $3, kind = $4, themes = $5,
              territory_id = $6, public_contact = $7, website = $8, stop_id = $9,
              search_text = $10, updated_at = now()
       WHERE id = $1`,
      [id, ...initiativeParameters(initiative)],
    );
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM initiatives WHERE id = $1`, [id]);
  }

  async stopExists(manager: EntityManager, stopId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM tour_stops WHERE id = $1`, [stopId]);
    return rows.length > 0;
  }
}

function initiativeParameters(initiative: InitiativeValues): unknown[] {
  return [
    initiative.name,
    initiative.description,
    initiative.kind,
    initiative.themes,
    initiative.territoryId,
    initiative.publicContact,
    initiative.website,
    initiative.stopId,
    initiative.searchText,
  ];
}
