import { Inject, Injectable } from '@nestjs/common';
import {
  INITIATIVE_PAGE_SIZE,
  type CreateInitiativeRequest,
  type InitiativePage,
  type InitiativeResponse,
  type InitiativeSearchQuery,
  type UpdateInitiativeRequest,
} from '@permanente/contracts';
import type { EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import type { StaffActor } from '../auth/actor';
import { RATE_LIMITER, RateLimiter } from '../common/rate-limiter';
import { invalidField } from '../common/invalid-fields.exception';
import { TooManyRequestsException } from '../common/too-many-requests.exception';
import { TerritoriesRepository } from '../territories/territories.repository';
import { InitiativeRepository, type InitiativeRow } from './initiative.repository';
import { DomainError } from '../common/domain-error';

/** Searches a stranger may run per minute from one address. */
export const SEARCHES_PER_IP_PER_MINUTE = 120;

function toResponse(row: InitiativeRow): InitiativeResponse {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    kind: row.kind,
    themes: row.themes,
    territoryId: row.territory_id,
    territoryName: row.territory_name,
    publicContact: row.public_contact,
    website: row.website,
    stop: row.stop_id
      ? { id: row.stop_id, day: row.stop_day!, territoryName: row.stop_territory_name! }
      : null,
  };
}

/** Lower case without accents, so that "energie" finds "Énergie". */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Trimmed, lower-case, each once. */
function normaliseThemes(themes: string[]): string[] {
  return [...new Set(themes.map((theme) => theme.trim().toLowerCase()).filter(Boolean))];
}

/**
 * The catalogue of local initiatives met on the tour. Public to read and search; organisers,
 * and facilitators for the territories in their scope, keep it.
 */
@Injectable()
export class InitiativesService {
  constructor(
    private readonly initiatives: InitiativeRepository,
    private readonly territories: TerritoriesRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
  ) {}

  async search(query: InitiativeSearchQuery, ip: string): Promise<InitiativePage> {
    const decision = await this.limiter.consume(
      `initiatives:search:${ip}`,
      SEARCHES_PER_IP_PER_MINUTE,
      60_000,
    );
    if (!decision.allowed)
      throw new TooManyRequestsException('Too many searches; wait a moment', decision.retryAfterMs);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? INITIATIVE_PAGE_SIZE;
    const { rows, total } = await this.initiatives.search(
      {
        words: foldText(query.q ?? '')
          .split(' ')
          .filter(Boolean),
        kind: query.kind,
        theme: query.theme ? query.theme.trim().toLowerCase() : undefined,
        territoryId: query.territoryId,
      },
      { limit: pageSize, offset: (page - 1) * pageSize },
    );
    const themes = await this.initiatives.themes();
    return {
      items: rows.map(toResponse),
      total,
      page,
      pageSize,
      themes: themes.sort((a, b) => a.localeCompare(b, 'fr')),
    };
  }

  async get(
    id: string,
    manager: EntityManager = this.initiatives.manager,
  ): Promise<InitiativeResponse> {
    const row = await this.initiatives.find(manager, id);
    if (!row) throw new DomainError('not_found', `No initiative has the id ${id}`);
    return toResponse(row);
  }

  async ofStop(stopId: string): Promise<InitiativeResponse[]> {
    return (await this.initiatives.ofStop(stopId)).map(toResponse);
  }

  async create(
    actor: StaffActor | null,
    request: CreateInitiativeRequest,
  ): Promise<InitiativeResponse> {
    const name = request.name.trim();
    if (!name) throw invalidField('body.name', 'An initiative needs a name', 'required');
    return this.initiatives.transaction(async (manager) => {
      await this.checkTerritory(manager, request.territoryId);
      if (actor) await this.access.assertCan(actor, ['facilitator'], request.territoryId, manager);
      if (request.stopId) await this.checkStop(manager, request.stopId);
      const themes = normaliseThemes(request.themes ?? []);
      const description = request.description?.trim() ?? '';
      const createdId = await this.initiatives.insert(manager, {
        name,
        description,
        kind: request.kind,
        themes,
        territoryId: request.territoryId,
        publicContact: request.publicContact?.trim() ?? '',
        website: request.website?.trim() || null,
        stopId: request.stopId ?? null,
        searchText: foldText([name, description, ...themes].join(' ')),
      });
      await this.audit.record(manager, {
        actorUserId: actor?.userId ?? null,
        action: 'initiative.created',
        targetType: 'initiative',
        targetId: createdId,
        details: { name },
      });
      return this.get(createdId, manager);
    });
  }

  async update(
    actor: StaffActor,
    id: string,
    request: UpdateInitiativeRequest,
  ): Promise<InitiativeResponse> {
    return this.initiatives.transaction(async (manager) => {
      const current = await this.get(id, manager);
      await this.access.assertCan(actor, ['facilitator'], current.territoryId, manager);
      const name = request.name !== undefined ? request.name.trim() : current.name;
      if (!name) throw invalidField('body.name', 'An initiative needs a name', 'required');
      const territoryId = request.territoryId ?? current.territoryId;
      if (territoryId !== current.territoryId) {
        await this.checkTerritory(manager, territoryId);
        await this.access.assertCan(actor, ['facilitator'], territoryId, manager);
      }
      const stopId = request.stopId !== undefined ? request.stopId : (current.stop?.id ?? null);
      if (stopId && stopId !== current.stop?.id) await this.checkStop(manager, stopId);
      const themes =
        request.themes !== undefined ? normaliseThemes(request.themes) : current.themes;
      const description =
        request.description !== undefined ? request.description.trim() : current.description;
      await this.initiatives.update(manager, id, {
        name,
        description,
        kind: request.kind ?? current.kind,
        themes,
        territoryId,
        publicContact:
          request.publicContact !== undefined
            ? request.publicContact.trim()
            : current.publicContact,
        website: request.website !== undefined ? request.website?.trim() || null : current.website,
        stopId,
        searchText: foldText([name, description, ...themes].join(' ')),
      });
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'initiative.updated',
        targetType: 'initiative',
        targetId: id,
        details: { fields: Object.keys(request) },
      });
      return this.get(id, manager);
    });
  }

  async remove(actor: StaffActor, id: string): Promise<void> {
    await this.initiatives.transaction(async (manager) => {
      const current = await this.get(id, manager);
      await this.access.assertCan(actor, ['facilitator'], current.territoryId, manager);
      await this.initiatives.delete(manager, id);
      await this.audit.record(manager, {
        actorUserId: actor.userId,
        action: 'initiative.deleted',
        targetType: 'initiative',
        targetId: id,
        details: { name: current.name },
      });
    });
  }

  private async checkTerritory(manager: EntityManager, territoryId: string): Promise<void> {
    if ((await this.territories.levelOf(territoryId, manager)) === null)
      throw invalidField(
        'body.territoryId',
        `Unknown territory ${territoryId}`,
        'unknownTerritory',
      );
  }

  private async checkStop(manager: EntityManager, stopId: string): Promise<void> {
    if (!(await this.initiatives.stopExists(manager, stopId)))
      throw invalidField('body.stopId', `Unknown stop ${stopId}`, 'unknownStop');
  }
}
