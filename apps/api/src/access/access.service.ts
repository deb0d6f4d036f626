import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { StaffRole } from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { isStaff, StaffActor } from '../auth/actor';
import { TerritoriesRepository } from '../territories/territories.repository';
import { AccessRepository } from './access.repository';
import { DomainError } from '../common/domain-error';

/**
 * Territory scopes. An account limited to a territory may act on it and on everything
 * inside it (a département covers its bassins de vie). Organisers and accounts without a
 * scope act everywhere.
 */
@Injectable()
export class AccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly territories: TerritoriesRepository,
    private readonly repository: AccessRepository,
  ) {}

  isUnlimited(actor: StaffActor): boolean {
    return actor.roles.includes('organiser') || actor.scopeTerritoryIds.length === 0;
  }

  /** Whether the actor's scope covers the territory. */
  async covers(
    actor: StaffActor,
    territoryId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    if (this.isUnlimited(actor)) return true;
    return this.territories.isWithin(territoryId, actor.scopeTerritoryIds, manager);
  }

  /** Refuses (403) unless the actor holds one of the roles and its scope covers the territory. */
  async assertCan(
    actor: StaffActor,
    roles: StaffRole[],
    territoryId: string,
    manager?: EntityManager,
  ): Promise<void> {
    const allowedRoles: StaffRole[] = [...roles, 'organiser'];
    if (!isStaff(actor, ...allowedRoles))
      throw new DomainError('forbidden', 'Your role does not allow this');
    if (!(await this.covers(actor, territoryId, manager))) {
      throw new DomainError('forbidden', 'This territory is outside your scope');
    }
  }

  /**
   * A facilitator whose scope covers the workshop's territory, or an organiser, may run it
   * (agenda, moderation, paper ideas, clustering, exports). 404 for an unknown workshop.
   */
  async assertRunsWorkshop(
    actor: StaffActor,
    workshopId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    const territoryId = await this.repository.workshopTerritory(manager, workshopId);
    if (!territoryId) throw new DomainError('not_found', `No workshop has the id ${workshopId}`);
    await this.assertCan(actor, ['facilitator'], territoryId, manager);
  }

  /** The territories an actor may act on, or null for all of them. */
  async territoryIdsInScope(actor: StaffActor): Promise<string[] | null> {
    if (this.isUnlimited(actor)) return null;
    return this.territories.descendantIds(actor.scopeTerritoryIds);
  }
}
