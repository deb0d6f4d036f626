import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ThemeView } from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { returningRows } from '../database/returning-rows';

export const THEME_COLUMNS = `id, name, position`;

/** An idea's place in the clustering: its theme and the original it was merged into. */
export interface IdeaPlacementRow {
  theme_id: string | null;
  duplicate_of: string | null;
}

/** A duplicate that followed its original (into its theme, onto its original). */
export interface FollowerRow {
  id: string;
  theme_id: string | null;
  duplicate_of: string;
}

/** The SQL of clustering: themes, and ideas' themes and merges (ThemesService holds the rules). */
@Injectable()
export class ThemesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(manager: EntityManager, workshopId: string): Promise<ThemeView[]> {
    return manager.query(
      `SELECT ${THEME_COLUMNS} FROM themes WHERE workshop_id = $1 ORDER BY position, created_at`,
      [workshopId],
    );
  }

  /** A new theme, last of the workshop's. */
  async insert(manager: EntityManager, workshopId: string, name: string): Promise<ThemeView> {
    const [theme]: ThemeView[] = await manager.query(
      `INSERT INTO themes (workshop_id, name, position)
       VALUES ($1, $2, (SELECT coalesce(max(position), 0) + 1 FROM themes WHERE workshop_id = $1))
       RETURNING ${THEME_COLUMNS}`,
      [workshopId, name],
    );
    return theme;
  }

  async rename(
    manager: EntityManager,
    workshopId: string,
    themeId: string,
    name: string,
  ): Promise<ThemeView | undefined> {
    const [theme] = await returningRows<ThemeView>(
      manager,
      `UPDATE themes SET name = $3 WHERE id = $1 AND workshop_id = $2 RETURNING ${THEME_COLUMNS}`,
      [themeId, workshopId, name],
    );
    return theme;
  }

  /** Whether a theme of this workshop has received dots in a vote. */
  async hasDots(manager: EntityManager, workshopId: string, themeId: string): Promise<boolean> {
    const voted: unknown[] = await manager.query(
      `SELECT 1 FROM theme_dot_votes v JOIN themes t ON t.id = v.theme_id
       WHERE v.theme_id = $1 AND t.workshop_id = $2 LIMIT 1`,
      [themeId, workshopId],
    );
    return voted.length > 0;
  }

  /** Deletes a theme of this workshop; false if there was none. */
  async delete(manager: EntityManager, workshopId: string, themeId: string): Promise<boolean> {
    const deleted = await returningRows<{ id: string }>(
      manager,
      `DELETE FROM themes WHERE id = $1 AND workshop_id = $2 RETURNING id`,
      [themeId, workshopId],
    );
    return deleted.length > 0;
  }

  async exists(manager: EntityManager, workshopId: string, themeId: string): Promise<boolean> {
    const found: unknown[] = await manager.query(
      `SELECT 1 FROM themes WHERE id = $1 AND workshop_id = $2`,
      [themeId, workshopId],
    );
    return found.length > 0;
  }

  /** An idea's theme and merge, locked for the change (`lock`) or only read. */
  async placement(
    manager: EntityManager,
    workshopId: string,
    ideaId: string,
    lock: boolean,
  ): Promise<IdeaPlacementRow | undefined> {
    const [idea]: IdeaPlacementRow[] = await manager.query(
      `SELECT theme_id, duplicate_of FROM ideas WHERE id = $1 AND workshop_id = $2${lock ? ' FOR UPDATE' : ''}`,
      [ideaId, workshopId],
    );
    return idea;
  }

  async place(
    manager: EntityManager,
    ideaId: string,
    themeId: string | null,
    duplicateOf: string | null,
  ): Promise<void> {
    await manager.query(`UPDATE ideas SET theme_id = $2, duplicate_of = $3 WHERE id = $1`, [
      ideaId,
      themeId,
      duplicateOf,
    ]);
  }

  /**
   * The duplicates of `ideaId` follow it: merged into `original` (one level of merge) and
   * put in `themeId`. Returns those that moved.
   */
  followers(
    manager: EntityManager,
    workshopId: string,
    ideaId: string,
    original: string,
    themeId: string | null,
  ): Promise<FollowerRow[]> {
    return returningRows<FollowerRow>(
      manager,
      `UPDATE ideas SET duplicate_of = $3, theme_id = $4
       WHERE workshop_id = $1 AND duplicate_of = $2 AND id <> $3
         AND (duplicate_of IS DISTINCT FROM $3 OR theme_id IS DISTINCT FROM $4)
       RETURNING id, theme_id, duplicate_of`,
      [workshopId, ideaId, original, themeId],
    );
  }

  /** The visible ideas not merged yet, oldest first (what the suggestions work on). */
  unmergedVisibleIdeas(workshopId: string): Promise<Array<{ id: string; text: string }>> {
    return this.dataSource.query(
      `SELECT id, text FROM ideas WHERE workshop_id = $1 AND hidden_at IS NULL AND duplicate_of IS NULL ORDER BY created_at`,
      [workshopId],
    );
  }
}
