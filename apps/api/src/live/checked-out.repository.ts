import type { EntityManager } from 'typeorm';

/**
 * When a field kit (bus mode) still holds a workshop: not revoked, not closed, not expired.
 * `k` is the kit (`field_kits`). An expired kit holds nothing: its checkout was a lease.
 */
export const KIT_HOLDS = `k.revoked_at IS NULL AND k.closed_at IS NULL AND k.expires_at > now()`;

/** The field kit that holds a workshop. */
export interface HoldingKitRow {
  id: string;
  label: string;
}

/**
 * The kit that holds the workshop, if any, key-share-locking the workshop row (which waits
 * for a kit being issued for it).
 */
export async function holdingKit(
  manager: EntityManager,
  workshopId: string,
): Promise<HoldingKitRow | undefined> {
  const [kit]: HoldingKitRow[] = await manager.query(
    `SELECT k.id, k.label FROM workshops w JOIN field_kits k ON k.id = w.checked_out_by
     WHERE w.id = $1 AND ${KIT_HOLDS} FOR KEY SHARE OF w`,
    [workshopId],
  );
  return kit;
}
