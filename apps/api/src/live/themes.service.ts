import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  ClassifyIdeaRequest,
  ClusteringSuggestions,
  IdeaClassificationResponse,
  LiveEvent,
  ThemeView,
} from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import type { StaffActor } from '../auth/actor';
import { ChoicesService } from './choices.service';
import { suggestDuplicates, suggestGroups } from './clustering/clustering-suggestions';
import { DomainError } from '../common/domain-error';
import { assertNotCheckedOut } from './checked-out';
import { ThemesRepository } from './themes.repository';
import { WorkshopEventLog } from './workshop-event-log.service';

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
    private readonly repository: ThemesRepository,
  ) {}

  list(manager: EntityManager, workshopId: string): Promise<ThemeView[]> {
    return this.repository.list(manager, workshopId);
  }

  async create(actor: StaffActor, workshopId: string, name: string): Promise<ThemeView> {
    return this.change(actor, workshopId, async (manager) => {
      const theme = await this.repository.insert(manager, workshopId, name.trim());
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
      const theme = await this.repository.rename(manager, workshopId, themeId, name.trim());
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
      if (await this.repository.hasDots(manager, workshopId, themeId))
        throw new DomainError(
          'conflict',
          'This theme has received dots in a vote: rename it rather than delete it',
        );
      if (!(await this.repository.delete(manager, workshopId, themeId)))
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
  ): Promise<IdeaClassificationResponse> {
    return this.change(actor, workshopId, async (manager) => {
      const idea = await this.repository.placement(manager, workshopId, ideaId, true);
      if (!idea) throw new DomainError('not_found', `No idea ${ideaId} in this workshop`);
      let themeId = idea.theme_id;
      let duplicateOf = idea.duplicate_of;
      if (request.themeId !== undefined) {
        if (request.themeId !== null) {
          if (!(await this.repository.exists(manager, workshopId, request.themeId)))
            throw new DomainError('invalid', 'This theme is not part of the workshop', 'themeId');
        }
        themeId = request.themeId;
      }
      if (request.duplicateOf !== undefined) {
        if (request.duplicateOf !== null) {
          if (request.duplicateOf === ideaId)
            throw new DomainError('invalid', 'An idea cannot duplicate itself', 'duplicateOf');
          const target = await this.repository.placement(
            manager,
            workshopId,
            request.duplicateOf,
            false,
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
      await this.repository.place(manager, ideaId, themeId, duplicateOf);
      const data = { ideaId, themeId, duplicateOf };
      const events = [await this.log.append(manager, workshopId, 'idea.classified', data, ideaId)];
      // Its own duplicates go where it goes: merged into the same original (one level of
      // merge, so that a duplicate's dots always have one original to count for), and into
      // the same theme.
      const followers = await this.repository.followers(
        manager,
        workshopId,
        ideaId,
        duplicateOf ?? ideaId,
        themeId,
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
    const ideas = await this.repository.unmergedVisibleIdeas(workshopId);
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
