import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The SQL access checks need beyond the territory tree (TerritoriesRepository). */
@Injectable()
export class AccessRepository {
  /** The territory of a workshop, or null when none has this id. */
  async workshopTerritory(manager: EntityManager, workshopId: string): Promise<string | null> {
    const [workshop]: Array<{ territory_id: string }> = await manager.query(
      `SELECT territory_id FROM workshops WHERE id = $1`,
      [workshopId],
    );
    return workshop?.territory_id ?? null;
  }
}
