import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface MemberContactRow {
  email: string | null;
  status: 'invited' | 'accepted' | 'declined';
  invited_before: boolean;
  draw_kind: 'initial' | 'replacement' | null;
}

/** The SQL of the panels' mails: a member's address, the organiser who started a draw. */
@Injectable()
export class PanelMailRepository {
  /** The member (row-locked), or null when not of this panel. */
  async member(
    manager: EntityManager,
    panelId: string,
    memberId: string,
  ): Promise<MemberContactRow | null> {
    const [row]: MemberContactRow[] = await manager.query(
      `SELECT m.email, m.status, m.invitation_token_hash IS NOT NULL AS invited_before,
         d.kind AS draw_kind
       FROM panel_members m LEFT JOIN panel_draws d ON d.id = m.draw_id
       WHERE m.id = $1 AND m.panel_id = $2
       FOR UPDATE OF m`,
      [memberId, panelId],
    );
    return row ?? null;
  }

  /** The address of an active staff account, or null. */
  async staffEmail(manager: EntityManager, userId: string): Promise<string | null> {
    const [row]: Array<{ email: string }> = await manager.query(
      `SELECT email FROM users WHERE id = $1 AND disabled_at IS NULL`,
      [userId],
    );
    return row?.email ?? null;
  }
}
