import type { PanelQuota } from '@permanente/contracts';
import type { EntityManager } from 'typeorm';

// The SQL of the demo panels (panel-demo.ts decides what they hold).

/** A département (a territory of that level): where a demo panel goes. */
export interface DemoDepartementRow {
  id: string;
  code: string;
}

/** The départements, by code. */
export function demoDepartements(manager: EntityManager): Promise<DemoDepartementRow[]> {
  return manager.query(
    `SELECT id, code FROM territories WHERE level = 'departement' ORDER BY code`,
  );
}

/** Gives a new demo panel its quotas and its announced seed, as an organiser would. */
export async function setDemoDraw(
  manager: EntityManager,
  panelId: string,
  quotas: readonly PanelQuota[],
  announcedSeed: string,
): Promise<void> {
  for (const quota of quotas)
    await manager.query(
      `INSERT INTO panel_quotas (panel_id, feature, value, min, max) VALUES ($1, $2, $3, $4, $5)`,
      [panelId, quota.feature, quota.value, quota.min, quota.max],
    );
  await manager.query(`UPDATE panels SET announced_seed = $2 WHERE id = $1`, [
    panelId,
    announcedSeed,
  ]);
}
