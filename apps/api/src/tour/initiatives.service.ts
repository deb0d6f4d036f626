import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  INITIATIVE_PAGE_SIZE,
  type CreateInitiativeRequest,
  type InitiativeKind,
  type InitiativePage,
  type InitiativeResponse,
  type InitiativeSearchQuery,
  type UpdateInitiativeRequest,
} from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import type { StaffActor } from '../auth/actor';
import { RATE_LIMITER, RateLimiter } from '../common/rate-limiter';
import { invalidField } from '../common/invalid-fields.exception';
import { TooManyRequestsException } from '../common/too-many-requests.exception';

/** Searches a stranger may run per minute from one address. */
export const SEARCHES_PER_IP_PER_MINUTE = 120;

interface InitiativeRow {
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

const SELECT = `
  SELECT i.id, i.name, i.description, i.kind, i.themes, i.territory_id, t.name AS territory_name,
         i.public_contact, i.website, i.stop_id, s.day::text AS stop_day,
         st.name AS stop_territory_name
  FROM initiatives i
  JOIN territories t ON t.id = i.territory_id
  LEFT JOIN tour_stops s ON s.id = i.stop_id
  LEFT JOIN territories st ON st.id = s.territory_id`;

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
    @InjectDataSource() private readonly dataSource: DataSource,
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
    const where: string[] = [];
    const parameters: unknown[] = [];
    const add = (sql: (placeholder: string) => string, value: unknown) => {
      parameters.push(value);
      where.push(sql(`$${parameters.length}`));
    };
    for (const word of foldText(query.q ?? '')
      .split(' ')
      .filter(Boolean))
      add((p) => `i.search_text LIKE ${p} ESCAPE '\\'`, `%${word.replace(/[\\%_]/g, '\\$&')}%`);
    if (query.kind) add((p) => `i.kind = ${p}`, query.kind);
    if (query.theme) add((p) => `${p} = ANY (i.themes)`, query.theme.trim().toLowerCase());
    if (query.territoryId)
      add(
        (p) => `i.territory_id IN (
          WITH RECURSIVE down AS (
            SELECT id FROM territories WHERE id = ${p}
            UNION SELECT t.id FROM territories t JOIN down ON t.parent_id = down.id)
          SELECT id FROM down)`,
        query.territoryId,
      );
    const condition = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM initiatives i ${condition}`,
      parameters,
    );
    const rows: InitiativeRow[] = await this.dataSource.query(
      `${SELECT} ${condition} ORDER BY i.search_text, i.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      parameters,
    );
    const themes: Array<{ theme: string }> = await this.dataSource.query(
      `SELECT DISTINCT unnest(themes) AS theme FROM initiatives`,
    );
    return {
      items: rows.map(toResponse),
      total,
      page,
      pageSize,
      themes: themes.map((row) => row.theme).sort((a, b) => a.localeCompare(b, 'fr')),
    };
  }

  async get(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<InitiativeResponse> {
    const [row]: InitiativeRow[] = await manager.query(`${SELECT} WHERE i.id = $1`, [id]);
    if (!row) throw new NotFoundException(`No initiative has the id ${id}`);
    return toResponse(row);
  }

  async ofStop(stopId: string): Promise<InitiativeResponse[]> {
    const rows: InitiativeRow[] = await this.dataSource.query(
      `${SELECT} WHERE i.stop_id = $1 ORDER BY i.search_text`,
      [stopId],
    );
    return rows.map(toResponse);
  }

  async create(
    actor: StaffActor | null,
    request: CreateInitiativeRequest,
  ): Promise<InitiativeResponse> {
    const name = request.name.trim();
    if (!name) throw invalidField('body.name', 'An initiative needs a name', 'required');
    return this.dataSource.transaction(async (manager) => {
      await this.checkTerritory(manager, request.territoryId);
      if (actor) await this.access.assertCan(actor, ['facilitator'], request.territoryId, manager);
      if (request.stopId) await this.checkStop(manager, request.stopId);
      const themes = normaliseThemes(request.themes ?? []);
      const description = request.description?.trim() ?? '';
      const [created]: Array<{ id: string }> = await manager.query(
        `INSERT INTO initiatives (name, description, kind, themes, territory_id, public_contact,
                                  website, stop_id, search_text)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          name,
          description,
          request.kind,
          themes,
          request.territoryId,
          request.publicContact?.trim() ?? '',
          request.website?.trim() || null,
          request.stopId ?? null,
          foldText([name, description, ...themes].join(' ')),
        ],
      );
      await this.audit.record(manager, {
        actorUserId: actor?.userId ?? null,
        action: 'initiative.created',
        targetType: 'initiative',
        targetId: created.id,
        details: { name },
      });
      return this.get(created.id, manager);
    });
  }

  async update(
    actor: StaffActor,
    id: string,
    request: UpdateInitiativeRequest,
  ): Promise<InitiativeResponse> {
    return this.dataSource.transaction(async (manager) => {
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
      await manager.query(
        `UPDATE initiatives SET name = $2, description = $3, kind = $4, themes = $5,
                territory_id = $6, public_contact = $7, website = $8, stop_id = $9,
                search_text = $10, updated_at = now()
         WHERE id = $1`,
        [
          id,
          name,
          description,
          request.kind ?? current.kind,
          themes,
          territoryId,
          request.publicContact !== undefined
            ? request.publicContact.trim()
            : current.publicContact,
          request.website !== undefined ? request.website?.trim() || null : current.website,
          stopId,
          foldText([name, description, ...themes].join(' ')),
        ],
      );
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
    await this.dataSource.transaction(async (manager) => {
      const current = await this.get(id, manager);
      await this.access.assertCan(actor, ['facilitator'], current.territoryId, manager);
      await manager.query(`DELETE FROM initiatives WHERE id = $1`, [id]);
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
    const rows = await manager.query(`SELECT 1 FROM territories WHERE id = $1`, [territoryId]);
    if (rows.length === 0)
      throw invalidField(
        'body.territoryId',
        `Unknown territory ${territoryId}`,
        'unknownTerritory',
      );
  }

  private async checkStop(manager: EntityManager, stopId: string): Promise<void> {
    const rows = await manager.query(`SELECT 1 FROM tour_stops WHERE id = $1`, [stopId]);
    if (rows.length === 0)
      throw invalidField('body.stopId', `Unknown stop ${stopId}`, 'unknownStop');
  }
}
