import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  PanelFeature,
  PanelMemberStatus,
  PanelQuota,
  PanelSessionResponse,
} from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { descendantsOf } from '../territories/territories.repository';

/** A panel with its territory's name, its pool size and the date of its active draw. */
export interface PanelRow {
  id: string;
  campaign_id: string;
  territory_id: string;
  territory_name: string;
  title: string;
  description: string;
  drawn_seats: number;
  organisation_seats: number;
  elected_seats: number;
  features: PanelFeature[];
  call_open: boolean;
  retention_day: string;
  announced_seed: string | null;
  fairness: 'leximin' | 'maximin';
  pool_erased_at: Date | null;
  volunteer_count: number;
  drawn_at: Date | null;
}

export interface MemberRow {
  id: string;
  category: 'drawn' | 'organisation' | 'elected';
  name: string | null;
  status: PanelMemberStatus;
  volunteer_public_id: string | null;
  appointed_by: string | null;
  draw_id: string | null;
  responded_at: Date | null;
}

export interface LotteryRow {
  id: string;
  purpose: string;
  names: string[];
  count: number;
  seed: string;
  list_digest: string;
  algorithm_version: string;
  drawn: string[];
  created_at: Date;
}

export interface SessionRow {
  id: string;
  title: string;
  status: PanelSessionResponse['status'];
  place: string | null;
  starts_at: Date | null;
}

/** A member found by their invitation token, with their panel. */
export interface InvitationRow {
  id: string;
  category: 'drawn' | 'organisation' | 'elected';
  name: string | null;
  status: PanelMemberStatus;
  panel_id: string;
  title: string;
  territory_name: string;
  campaign_id: string;
  territory_id: string;
}

/** The columns of `panels` an update may set. */
export interface PanelChanges {
  title?: string;
  description?: string;
  drawn_seats?: number;
  organisation_seats?: number;
  elected_seats?: number;
  features?: PanelFeature[];
  retention_until?: string;
  call_open?: boolean;
  announced_seed?: string | null;
  fairness?: 'leximin' | 'maximin';
}

export interface NewPanel {
  campaignId: string;
  territoryId: string;
  title: string;
  description: string;
  seats: { drawn: number; organisation: number; elected: number };
  features: PanelFeature[];
  callOpen: boolean;
  retentionUntil: string;
}

const PANEL_SELECT = `
  SELECT p.*, p.retention_until::text AS retention_day, t.name AS territory_name,
    (SELECT count(*)::int FROM panel_volunteers v WHERE v.panel_id = p.id) AS volunteer_count,
    (SELECT d.created_at FROM panel_draws d
      WHERE d.panel_id = p.id AND d.kind = 'initial' AND d.cancelled_at IS NULL) AS drawn_at
  FROM panels p JOIN territories t ON t.id = p.territory_id`;

/**
 * The SQL of panels, their quotas, members, invitations, lotteries and sessions. Every method
 * takes the transaction's manager when it runs inside one (PGlite has one query queue).
 * The pool's SQL is in PanelPoolRepository, the draws' in PanelDrawsRepository.
 */
@Injectable()
export class PanelsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  // ---- panels ---------------------------------------------------------------------------

  async find(id: string, manager?: EntityManager): Promise<PanelRow | undefined> {
    const [row] = (await this.m(manager).query(`${PANEL_SELECT} WHERE p.id = $1`, [
      id,
    ])) as PanelRow[];
    return row;
  }

  list(campaignId: string | null, scope: string[] | null): Promise<PanelRow[]> {
    return this.dataSource.query(
      `${PANEL_SELECT}
       WHERE ($1::uuid IS NULL OR p.campaign_id = $1) AND ($2::uuid[] IS NULL OR p.territory_id = ANY($2))
       ORDER BY t.code, p.title`,
      [campaignId, scope],
    );
  }

  /** Serialises writes to one panel (draws, quotas, seats) until the transaction ends. */
  async lock(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`SELECT id FROM panels WHERE id = $1 FOR UPDATE`, [id]);
  }

  async campaignExists(manager: EntityManager, id: string): Promise<boolean> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT id FROM campaigns WHERE id = $1`,
      [id],
    );
    return rows.length > 0;
  }

  async territory(
    manager: EntityManager,
    id: string,
  ): Promise<{ id: string; name: string } | undefined> {
    const [row] = (await manager.query(`SELECT id, name FROM territories WHERE id = $1`, [
      id,
    ])) as Array<{ id: string; name: string }>;
    return row;
  }

  /** The bassins de vie under a territory (or the territory itself when it has none). */
  async bassinsOf(
    manager: EntityManager,
    territoryId: string,
  ): Promise<Array<{ code: string; name: string }>> {
    const rows: Array<{ code: string; name: string }> = await manager.query(
      `SELECT t.code, t.name FROM territories t
       WHERE t.id IN ${descendantsOf('$1')} AND t.level = 'bassin_de_vie'
       ORDER BY t.name`,
      [territoryId],
    );
    if (rows.length > 0) return rows;
    return manager.query(`SELECT code, name FROM territories WHERE id = $1`, [territoryId]);
  }

  async insert(manager: EntityManager, panel: NewPanel): Promise<string> {
    const [row] = (await manager.query(
      `INSERT INTO panels (campaign_id, territory_id, title, description, drawn_seats,
         organisation_seats, elected_seats, features, call_open, retention_until)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        panel.campaignId,
        panel.territoryId,
        panel.title,
        panel.description,
        panel.seats.drawn,
        panel.seats.organisation,
        panel.seats.elected,
        JSON.stringify(panel.features),
        panel.callOpen,
        panel.retentionUntil,
      ],
    )) as Array<{ id: string }>;
    return row.id;
  }

  async update(manager: EntityManager, id: string, changes: PanelChanges): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    for (const [column, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      params.push(column === 'features' ? JSON.stringify(value) : value);
      sets.push(`${column} = $${params.length}`);
    }
    if (sets.length === 0) return;
    await manager.query(
      `UPDATE panels SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`,
      params,
    );
  }

  // ---- quotas ---------------------------------------------------------------------------

  quotas(panelId: string, manager?: EntityManager): Promise<PanelQuota[]> {
    return this.m(manager).query(
      `SELECT feature, value, min, max FROM panel_quotas WHERE panel_id = $1 ORDER BY feature, value`,
      [panelId],
    );
  }

  async deleteQuota(manager: EntityManager, panelId: string, quota: PanelQuota): Promise<void> {
    await manager.query(
      `DELETE FROM panel_quotas WHERE panel_id = $1 AND feature = $2 AND value = $3`,
      [panelId, quota.feature, quota.value],
    );
  }

  async replaceQuotas(
    manager: EntityManager,
    panelId: string,
    quotas: readonly PanelQuota[],
  ): Promise<void> {
    await manager.query(`DELETE FROM panel_quotas WHERE panel_id = $1`, [panelId]);
    for (const quota of quotas)
      await manager.query(
        `INSERT INTO panel_quotas (panel_id, feature, value, min, max) VALUES ($1, $2, $3, $4, $5)`,
        [panelId, quota.feature, quota.value, quota.min, quota.max],
      );
  }

  // ---- members, invitations, lotteries ---------------------------------------------------

  members(panelId: string, manager?: EntityManager): Promise<MemberRow[]> {
    return this.m(manager).query(
      `SELECT m.id, m.category, m.name, m.status, v.public_id AS volunteer_public_id,
              m.appointed_by, m.draw_id, m.responded_at
       FROM panel_members m LEFT JOIN panel_volunteers v ON v.id = m.volunteer_id
       WHERE m.panel_id = $1
       ORDER BY CASE m.category WHEN 'drawn' THEN 0 WHEN 'organisation' THEN 1 ELSE 2 END,
                m.created_at, v.public_id, m.name`,
      [panelId],
    );
  }

  /** One member, locked for the transaction. */
  async lockMember(
    manager: EntityManager,
    panelId: string,
    memberId: string,
  ): Promise<{ id: string; status: PanelMemberStatus; category: string } | undefined> {
    const [member] = (await manager.query(
      `SELECT id, status, category FROM panel_members WHERE id = $1 AND panel_id = $2 FOR UPDATE`,
      [memberId, panelId],
    )) as Array<{ id: string; status: PanelMemberStatus; category: string }>;
    return member;
  }

  async setInvitationHash(manager: EntityManager, memberId: string, hash: string): Promise<void> {
    await manager.query(`UPDATE panel_members SET invitation_token_hash = $2 WHERE id = $1`, [
      memberId,
      hash,
    ]);
  }

  async setMemberStatus(
    manager: EntityManager,
    memberId: string,
    status: 'accepted' | 'declined',
    at: Date,
  ): Promise<void> {
    await manager.query(`UPDATE panel_members SET status = $2, responded_at = $3 WHERE id = $1`, [
      memberId,
      status,
      at,
    ]);
  }

  async invitationByHash(
    manager: EntityManager,
    tokenHash: string,
  ): Promise<InvitationRow | undefined> {
    const [row] = (await manager.query(
      `SELECT m.id, m.category, m.name, m.status, p.id AS panel_id, p.title, t.name AS territory_name,
              p.campaign_id, p.territory_id
       FROM panel_members m JOIN panels p ON p.id = m.panel_id JOIN territories t ON t.id = p.territory_id
       WHERE m.invitation_token_hash = $1`,
      [tokenHash],
    )) as InvitationRow[];
    return row;
  }

  /** Members of a category still on the panel (not declined). */
  async seatedCount(manager: EntityManager, panelId: string, category: string): Promise<number> {
    const [{ n }] = (await manager.query(
      `SELECT count(*)::int AS n FROM panel_members
       WHERE panel_id = $1 AND category = $2 AND status <> 'declined'`,
      [panelId, category],
    )) as Array<{ n: number }>;
    return n;
  }

  async insertAppointed(
    manager: EntityManager,
    panelId: string,
    member: { category: string; name: string; appointedBy: string },
  ): Promise<string> {
    const [row] = (await manager.query(
      `INSERT INTO panel_members (panel_id, category, name, appointed_by)
       VALUES ($1, $2, $3, $4) RETURNING id`,
      [panelId, member.category, member.name, member.appointedBy],
    )) as Array<{ id: string }>;
    return row.id;
  }

  lotteries(panelId: string, manager?: EntityManager): Promise<LotteryRow[]> {
    return this.m(manager).query(
      `SELECT * FROM panel_lotteries WHERE panel_id = $1 ORDER BY created_at, id`,
      [panelId],
    );
  }

  async insertLottery(
    manager: EntityManager,
    panelId: string,
    lottery: Omit<LotteryRow, 'id' | 'created_at'>,
  ): Promise<LotteryRow> {
    const [row] = (await manager.query(
      `INSERT INTO panel_lotteries (panel_id, purpose, names, count, seed, list_digest, algorithm_version, drawn)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [
        panelId,
        lottery.purpose,
        JSON.stringify(lottery.names),
        lottery.count,
        lottery.seed,
        lottery.list_digest,
        lottery.algorithm_version,
        JSON.stringify(lottery.drawn),
      ],
    )) as LotteryRow[];
    return row;
  }

  // ---- sessions -------------------------------------------------------------------------

  /** The panel's sessions: panel_session workshops of its campaign and territory. */
  sessions(
    panel: { campaign_id: string; territory_id: string },
    manager?: EntityManager,
  ): Promise<SessionRow[]> {
    return this.m(manager).query(
      `SELECT id, title, status, place, starts_at FROM workshops
       WHERE kind = 'panel_session' AND campaign_id = $1 AND territory_id = $2
       ORDER BY starts_at NULLS LAST, created_at`,
      [panel.campaign_id, panel.territory_id],
    );
  }

  async attachSessionToCampaign(
    manager: EntityManager,
    workshopId: string,
    campaignId: string,
  ): Promise<void> {
    await manager.query(`UPDATE workshops SET campaign_id = $2 WHERE id = $1`, [
      workshopId,
      campaignId,
    ]);
  }
}
