import type { PanelQuota } from '@permanente/contracts';
import type { DataSource } from 'typeorm';
import { demoDepartements, setDemoDraw } from './panel-demo.repository';
import type { PanelPoolService } from './panel-pool.service';
import type { PanelsService } from './panels.service';
import { syntheticPool } from './synthetic-pool';

/** The demo: a panel per département; the Cher's has a pool and quotas, ready to draw live. */
export const DEMO_PANELS = {
  seats: { drawn: 24, organisation: 8, elected: 8 },
  retentionUntil: '2027-06-30',
  cherCode: '18',
  cherVolunteers: 300,
  cherPoolSeed: 'demo-cher-2026',
  announcedSeed: 'Tirage public du 2 mars 2026, Bourges : 07 19 23 41 48',
};

/** Quotas of the demo Cher panel (24 drawn seats). */
export function demoCherQuotas(bassins: string[]): PanelQuota[] {
  return [
    { feature: 'gender', value: 'woman', min: 11, max: 13 },
    { feature: 'gender', value: 'man', min: 11, max: 13 },
    ...['16-24', '25-34', '35-49', '50-64', '65+'].map((value) => ({
      feature: 'ageBand',
      value,
      min: 3,
      max: 7,
    })),
    ...bassins.map((value) => ({ feature: 'territory', value, min: 4, max: 8 })),
    { feature: 'occupation', value: 'retired', min: 3, max: 7 },
    { feature: 'occupation', value: 'worker', min: 2, max: 6 },
  ];
}

export async function seedDemoPanels(
  dataSource: DataSource,
  panels: PanelsService,
  poolService: PanelPoolService,
  campaignId: string,
): Promise<string> {
  const departements = await demoDepartements(dataSource.manager);
  let volunteers = 0;
  for (const departement of departements) {
    const panel = await panels.create(null, {
      campaignId,
      territoryId: departement.id,
      seats: DEMO_PANELS.seats,
      retentionUntil: DEMO_PANELS.retentionUntil,
    });
    if (departement.code !== DEMO_PANELS.cherCode) continue;
    const pool = syntheticPool(
      panel.features,
      DEMO_PANELS.cherVolunteers,
      DEMO_PANELS.cherPoolSeed,
    );
    const bassins = panel.features.find((f) => f.key === 'territory')!.values.map((v) => v.value);
    await dataSource.transaction(async (manager) => {
      await poolService.insertVolunteers(manager, panel.id, pool, 'import');
      await setDemoDraw(manager, panel.id, demoCherQuotas(bassins), DEMO_PANELS.announcedSeed);
    });
    volunteers = pool.length;
  }
  return `${departements.length} panels, ${volunteers} volunteers in the Cher's pool`;
}
