import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  ClassifyIdeaRequest,
  ClusteringSuggestions,
  LiveEvent,
  ThemeView,
} from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import type { StaffActor } from '../auth/actor';
import { ChoicesService } from './choices.service';
import { suggestDuplicates, suggestGroups } from './clustering/clustering-suggestions';
import { returningRows } from '../common/sql.util';
import { DomainError } from '../common/domain-error';
import { assertNotCheckedOut } from './checked-out';
import { WorkshopEventLog } from './workshop-event-log.service';

export const THEME_COLUMNS = `id, name, position`;

/**
 * Clustering: the facilitator groups ideas into named themes and merges duplicates, helped
 * by suggestions. Every change is an event of the workshop's log.
 */
@Injectable()
export class ThemesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly log: WorkshopEventLog,
    private readonly access: AccessService,
    private readonly choices: ChoicesService,
  ) {}

  async list(manager: EntityManager, workshopId: string): Promise<ThemeView[]> {
    return manager.query(
      `SELECT ${THEME_COLUMNS} FROM themes WHERE workshop_id = $1 ORDER BY position, created_at`,
      [workshopId],
    );
  }

  async create(actor: StaffActor, workshopId: string, name: string): Promise<ThemeView> {
    return this.change(actor, workshopId, async (manager) => {
      const [theme]: ThemeView[] = await manager.query(
        `INSERT INTO themes (workshop_id, name, position)
         VALUES ($1, $2, (SELECT coalesce(max(position), 0) + 1 FROM themes WHERE workshop_id = $1))
         RETURNING ${THEME_COLUMNS}`,
        [workshopId, name.trim()],
      );
      return {
        result: theme,
        events: [await this.log.append(manager, workshopId, 'theme.saved', theme, theme.id)],
      };
    });
  }

  async rename(
    actor: StaffActor,
    workshopId: string,
    themeId: string,
    name: string,
  ): Promise<ThemeView> {
    return this.change(actor, workshopId, async (manager) => {
      const [theme]: ThemeView[] = await returningRows(
        manager,
        `UPDATE themes SET name = $3 WHERE id = $1 AND workshop_id = $2 RETURNING ${THEME_COLUMNS}`,
        [themeId, workshopId, name.trim()],
      );
      if (!theme) throw new DomainError('not_found', `No theme ${themeId} in this workshop`);
      return {
        result: theme,
        events: [await this.log.append(manager, workshopId, 'theme.saved', theme, theme.id)],
      };
    });
  }

  /**
   * Deleting a theme leaves its ideas without a theme; nothing else is lost. A theme that has
   * received dots in a vote is kept (409): deleting it would silently drop those votes.
   */
  async remove(actor: StaffActor, workshopId: string, themeId: string): Promise<void> {
    await this.change(actor, workshopId, async (manager) => {
      const voted: unknown[] = await manager.query(
        `SELECT 1 FROM theme_dot_votes v JOIN themes t ON t.id = v.theme_id
         WHERE v.theme_id = $1 AND t.workshop_id = $2 LIMIT 1`,
        [themeId, workshopId],
      );
      if (voted.length > 0)
        throw new DomainError(
          'conflict',
          'This theme has received dots in a vote: rename it rather than delete it',
        );
      const deleted: unknown[] = await returningRows(
        manager,
        `DELETE FROM themes WHERE id = $1 AND workshop_id = $2 RETURNING id`,
        [themeId, workshopId],
      );
      if (deleted.length === 0)
        throw new DomainError('not_found', `No theme ${themeId} in this workshop`);
      return {
        result: undefined,
        events: [await this.log.append(manager, workshopId, 'theme.deleted', { themeId }, themeId)],
      };
    });
  }

  /** Puts an idea in a theme (or none) and/or merges it as a duplicate of another (or un-merges it). */
  async classify(
    actor: StaffActor,
    workshopId: string,
    ideaId: string,
    request: ClassifyIdeaRequest,
  ): Promise<{ ideaId: string; themeId: string | null; duplicateOf: string | null }> {
    return this.change(actor, workshopId, async (manager) => {
      const [idea]: Array<{ theme_id: string | null; duplicate_of: string | null }> =
        await manager.query(
          `SELECT theme_id, duplicate_of FROM ideas WHERE id = $1 AND workshop_id = $2 FOR UPDATE`,
          [ideaId, workshopId],
        );
      if (!idea) throw new DomainError('not_found', `No idea ${ideaId} in this workshop`);
      let themeId = idea.theme_id;
      let duplicateOf = idea.duplicate_of;
      if (request.themeId !== undefined) {
        if (request.themeId !== null) {
          const found: unknown[] = await manager.query(
            `SELECT 1 FROM themes WHERE id = $1 AND workshop_id = $2`,
            [request.themeId, workshopId],
          );
          if (found.length === 0)
            throw new DomainError('invalid', 'This theme is not part of the workshop', 'themeId');
        }
        themeId = request.themeId;
      }
      if (request.duplicateOf !== undefined) {
        if (request.duplicateOf !== null) {
          if (request.duplicateOf === ideaId)
            throw new DomainError('invalid', 'An idea cannot duplicate itself', 'duplicateOf');
          const [target]: Array<{ duplicate_of: string | null; theme_id: string | null }> =
            await manager.query(
              `SELECT duplicate_of, theme_id FROM ideas WHERE id = $1 AND workshop_id = $2`,
              [request.duplicateOf, workshopId],
            );
          if (!target)
            throw new DomainError(
              'invalid',
              'This idea is not part of the workshop',
              'duplicateOf',
            );
          if (target.duplicate_of !== null)
            throw new DomainError(
              'invalid',
              'Merge into the original idea, not into a duplicate',
              'duplicateOf',
            );
          // A merged idea follows its original into its theme.
          if (request.themeId === undefined) themeId = target.theme_id;
        }
        duplicateOf = request.duplicateOf;
      }
      await manager.query(`UPDATE ideas SET theme_id = $2, duplicate_of = $3 WHERE id = $1`, [
        ideaId,
        themeId,
        duplicateOf,
      ]);
      const data = { ideaId, themeId, duplicateOf };
      const events = [await this.log.append(manager, workshopId, 'idea.classified', data, ideaId)];
      // Its own duplicates go where it goes: merged into the same original (one level of
      // merge, so that a duplicate's dots always have one original to count for), and into
      // the same theme.
      const followers: Array<{ id: string; theme_id: string | null; duplicate_of: string }> =
        await returningRows(
          manager,
          `UPDATE ideas SET duplicate_of = $3, theme_id = $4
           WHERE workshop_id = $1 AND duplicate_of = $2 AND id <> $3
             AND (duplicate_of IS DISTINCT FROM $3 OR theme_id IS DISTINCT FROM $4)
           RETURNING id, theme_id, duplicate_of`,
          [workshopId, ideaId, duplicateOf ?? ideaId, themeId],
        );
      for (const row of followers) {
        const moved = { ideaId: row.id, themeId: row.theme_id, duplicateOf: row.duplicate_of };
        events.push(await this.log.append(manager, workshopId, 'idea.classified', moved, row.id));
      }
      // A merge or an un-merge changes what the dots on ideas count for: every vote on ideas
      // of the workshop that has dots gets its new tally, in the same transaction.
      if (duplicateOf !== idea.duplicate_of || followers.length > 0)
        events.push(...(await this.choices.retallyIdeaVotes(manager, workshopId)));
      return { result: data, events };
    });
  }

  /** Likely duplicates and groups among the visible ideas not merged yet. */
  async suggestions(actor: StaffActor, workshopId: string): Promise<ClusteringSuggestions> {
    await this.access.assertRunsWorkshop(actor, workshopId, this.dataSource.manager);
    const ideas: Array<{ id: string; text: string }> = await this.dataSource.query(
      `SELECT id, text FROM ideas WHERE workshop_id = $1 AND hidden_at IS NULL AND duplicate_of IS NULL ORDER BY created_at`,
      [workshopId],
    );
    return { duplicates: suggestDuplicates(ideas), groups: suggestGroups(ideas) };
  }

  private async change<T>(
    actor: StaffActor,
    workshopId: string,
    work: (manager: EntityManager) => Promise<{ result: T; events: LiveEvent[] }>,
  ): Promise<T> {
    const { result, events } = await this.dataSource.transaction(async (manager) => {
      await this.access.assertRunsWorkshop(actor, workshopId, manager);
      await assertNotCheckedOut(manager, workshopId);
      return work(manager);
    });
    this.log.publish(workshopId, events);
    return result;
  }
}
