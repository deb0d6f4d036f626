import type { ActivityKind } from '@permanente/contracts';
import type { EntityManager } from 'typeorm';

// The SQL of the demo's closed Fabriks (the tour's and the proposals'): a workshop held in the
// past, as if it had run, written directly (no live event: nobody was connected).

/** A Fabrik held in the past. */
export interface ClosedFabrik {
  code: string;
  title: string;
  territoryId: string;
  campaignId: string;
  place: string;
  startsAt: Date;
}

/** Inserts a closed Fabrik and its (empty) event counter: its id. */
export async function insertClosedFabrik(
  manager: EntityManager,
  fabrik: ClosedFabrik,
): Promise<string> {
  const [{ id }]: Array<{ id: string }> = await manager.query(
    `INSERT INTO workshops (code, title, kind, status, territory_id, campaign_id, place, starts_at)
     VALUES ($1, $2, 'fabrik', 'closed', $3, $4, $5, $6) RETURNING id`,
    [
      fabrik.code,
      fabrik.title,
      fabrik.territoryId,
      fabrik.campaignId,
      fabrik.place,
      fabrik.startsAt,
    ],
  );
  await manager.query(
    `INSERT INTO workshop_sequences (workshop_id) VALUES ($1) ON CONFLICT DO NOTHING`,
    [id],
  );
  return id;
}

/** Inserts a closed activity of a demo workshop: its id. */
export async function insertClosedActivity(
  manager: EntityManager,
  workshopId: string,
  activity: { position: number; kind: ActivityKind; prompt: string },
): Promise<string> {
  const [{ id }]: Array<{ id: string }> = await manager.query(
    `INSERT INTO activities (workshop_id, position, kind, prompt, status)
     VALUES ($1, $2, $3, $4, 'closed') RETURNING id`,
    [workshopId, activity.position, activity.kind, activity.prompt],
  );
  return id;
}
