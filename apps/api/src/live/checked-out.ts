import type { EntityManager } from 'typeorm';
import { checkedOutError } from '../common/domain-error';

/**
 * When a field kit (bus mode) still holds a workshop: not revoked, not closed, not expired.
 * `k` is the kit (`field_kits`). An expired kit holds nothing: its checkout was a lease.
 */
export const KIT_HOLDS = `k.revoked_at IS NULL AND k.closed_at IS NULL AND k.expires_at > now()`;

/**
 * Refuses (409 `checked_out` naming the kit over HTTP, ack `conflict` with `kitId` on the
 * socket) any write to a workshop that is out in the field: the laptop's copy is the one that
 * changes until the kit syncs back, is revoked or expires. Every write path touching a
 * workshop calls it in its transaction, after its own lock on the workshop row if it takes
 * one; the key-share lock taken here waits for a kit being issued for it.
 */
export async function assertNotCheckedOut(
  manager: EntityManager,
  workshopId: string,
): Promise<void> {
  const [kit]: Array<{ id: string; label: string }> = await manager.query(
    `SELECT k.id, k.label FROM workshops w JOIN field_kits k ON k.id = w.checked_out_by
     WHERE w.id = $1 AND ${KIT_HOLDS} FOR KEY SHARE OF w`,
    [workshopId],
  );
  if (kit) throw checkedOutError(kit);
}
