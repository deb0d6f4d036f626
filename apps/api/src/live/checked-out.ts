import type { EntityManager } from 'typeorm';
import { checkedOutError } from '../common/domain-error';
import { holdingKit } from './checked-out.repository';

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
  const kit = await holdingKit(manager, workshopId);
  if (kit) throw checkedOutError(kit);
}
