import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { KIT_HOLDS } from '../live/checked-out.repository';
import type { FieldKeyPair } from './field-signing';

export interface KitRow {
  id: string;
  label: string;
  public_key: string;
  issued_by: string | null;
  issued_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  closed_at: Date | null;
  workshop_ids: string[];
  facilitator_ids: string[];
  batches: number;
}

export interface KitWorkshopRow {
  id: string;
  title: string;
  status: string;
  territory_id: string;
  campaign_id: string | null;
  checked_out_by: string | null;
  ideas: number;
}

export interface FacilitatorRow {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  roles: string[];
  disabled_at: Date | null;
  scope_ids: string[];
}

const KIT_COLUMNS = `k.id, k.label, k.public_key, k.issued_by, k.issued_at, k.expires_at, k.revoked_at,
  k.closed_at, k.workshop_ids, k.facilitator_ids,
  (SELECT count(*)::int FROM field_sync_batches b WHERE b.kit_id = k.id) AS batches`;

/** The SQL of field kits on the central server: keys, kits, checkout, what a kit carries. */
@Injectable()
export class FieldKitsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Central's signing key, made once (concurrent first uses keep the same row). */
  async signingKey(make: () => FieldKeyPair): Promise<FieldKeyPair> {
    const read = async (): Promise<FieldKeyPair | null> => {
      const [row]: Array<{ private_key: string; public_key: string }> = await this.dataSource.query(
        `SELECT private_key, public_key FROM field_signing_keys WHERE id = 1`,
      );
      return row ? { privateKey: row.private_key, publicKey: row.public_key } : null;
    };
    const existing = await read();
    if (existing) return existing;
    const made = make();
    await this.dataSource.query(
      `INSERT INTO field_signing_keys (id, private_key, public_key) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING`,
      [made.privateKey, made.publicKey],
    );
    return (await read())!;
  }

  /**
   * The workshops, row-locked in id order (the order every kit issue takes them), with the kit
   * that still holds each (an expired kit holds nothing).
   */
  lockWorkshops(manager: EntityManager, ids: string[]): Promise<KitWorkshopRow[]> {
    return manager.query(
      `SELECT w.id, w.title, w.status, w.territory_id, w.campaign_id,
         (SELECT k.id FROM field_kits k WHERE k.id = w.checked_out_by AND ${KIT_HOLDS}) AS checked_out_by,
         (SELECT count(*)::int FROM ideas i WHERE i.workshop_id = w.id) AS ideas
       FROM workshops w WHERE w.id = ANY($1::uuid[]) ORDER BY w.id FOR UPDATE OF w`,
      [ids],
    );
  }

  facilitators(manager: EntityManager, ids: string[]): Promise<FacilitatorRow[]> {
    return manager.query(
      `SELECT u.id, u.email, u.display_name, u.password_hash, u.roles, u.disabled_at,
         COALESCE(array_agg(s.territory_id) FILTER (WHERE s.territory_id IS NOT NULL), '{}') AS scope_ids
       FROM users u LEFT JOIN user_territory_scopes s ON s.user_id = u.id
       WHERE u.id = ANY($1::uuid[]) GROUP BY u.id ORDER BY u.email`,
      [ids],
    );
  }

  /** The territories and every ancestor of them, parents first, as whole rows. */
  territoriesWithAncestors(manager: EntityManager, ids: string[]): Promise<object[]> {
    return manager
      .query(
        `WITH RECURSIVE up AS (
           SELECT t.*, 0 AS depth FROM territories t WHERE t.id = ANY($1::uuid[])
           UNION
           SELECT p.*, up.depth + 1 FROM territories p JOIN up ON p.id = up.parent_id
         )
         SELECT DISTINCT ON (id) to_jsonb(up) - 'depth' AS row, depth FROM up ORDER BY id, depth DESC`,
        [ids],
      )
      .then((rows: Array<{ row: object; depth: number }>) =>
        rows.sort((a, b) => b.depth - a.depth).map((r) => r.row),
      );
  }

  rowsById(
    manager: EntityManager,
    table: 'campaigns' | 'workshops',
    ids: string[],
  ): Promise<object[]> {
    return manager
      .query(
        `SELECT to_jsonb(t) AS row FROM ${table} t WHERE t.id = ANY($1::uuid[]) ORDER BY t.id`,
        [ids],
      )
      .then((rows: Array<{ row: object }>) => rows.map((r) => r.row));
  }

  activities(manager: EntityManager, workshopIds: string[]): Promise<object[]> {
    return manager
      .query(
        `SELECT to_jsonb(a) AS row FROM activities a WHERE a.workshop_id = ANY($1::uuid[])
         ORDER BY a.workshop_id, a.position`,
        [workshopIds],
      )
      .then((rows: Array<{ row: object }>) => rows.map((r) => r.row));
  }

  async insertKit(
    manager: EntityManager,
    kit: {
      id: string;
      label: string;
      publicKey: string;
      issuedBy: string;
      issuedAt: Date;
      expiresAt: Date;
      workshopIds: string[];
      facilitatorIds: string[];
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO field_kits (id, label, public_key, issued_by, issued_at, expires_at, workshop_ids, facilitator_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7::uuid[], $8::uuid[])`,
      [
        kit.id,
        kit.label,
        kit.publicKey,
        kit.issuedBy,
        kit.issuedAt,
        kit.expiresAt,
        kit.workshopIds,
        kit.facilitatorIds,
      ],
    );
    await manager.query(`UPDATE workshops SET checked_out_by = $1 WHERE id = ANY($2::uuid[])`, [
      kit.id,
      kit.workshopIds,
    ]);
  }

  async kit(manager: EntityManager, id: string, lock = false): Promise<KitRow | null> {
    const [row]: KitRow[] = await manager.query(
      `SELECT ${KIT_COLUMNS} FROM field_kits k WHERE k.id = $1 ${lock ? 'FOR UPDATE OF k' : ''}`,
      [id],
    );
    return row ?? null;
  }

  kits(): Promise<KitRow[]> {
    return this.dataSource.query(
      `SELECT ${KIT_COLUMNS} FROM field_kits k ORDER BY k.issued_at DESC`,
    );
  }

  workshopTitles(
    ids: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Array<{ id: string; title: string; territory_id: string }>> {
    return manager.query(
      `SELECT id, title, territory_id FROM workshops WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** Ends the kit's checkout of every workshop it still holds. */
  async release(manager: EntityManager, kitId: string, workshopIds?: string[]): Promise<void> {
    await manager.query(
      `UPDATE workshops SET checked_out_by = NULL
       WHERE checked_out_by = $1 AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))`,
      [kitId, workshopIds ?? null],
    );
  }

  async stillHeld(manager: EntityManager, kitId: string): Promise<number> {
    const [row]: Array<{ n: number }> = await manager.query(
      `SELECT count(*)::int AS n FROM workshops WHERE checked_out_by = $1`,
      [kitId],
    );
    return row.n;
  }

  /**
   * Why an expired kit may no longer be extended: the workshops of it that central no longer
   * holds for it (out in another kit, or freed by one) though not back closed, or that changed
   * on central since the kit expired (its checkout had ended then). Empty: nothing happened.
   */
  async touchedSinceExpiry(manager: EntityManager, kit: KitRow): Promise<string[]> {
    const rows: Array<{ title: string }> = await manager.query(
      `SELECT w.title FROM workshops w
       WHERE w.id = ANY($1::uuid[])
         AND ((w.checked_out_by IS DISTINCT FROM $2 AND w.status <> 'closed')
           OR EXISTS (
             SELECT 1 FROM workshop_events e WHERE e.workshop_id = w.id AND e.created_at >= $3))
       ORDER BY w.title`,
      [kit.workshop_ids, kit.id, kit.expires_at],
    );
    return rows.map((row) => row.title);
  }

  async setExpiry(manager: EntityManager, kitId: string, at: Date): Promise<void> {
    await manager.query(`UPDATE field_kits SET expires_at = $2 WHERE id = $1`, [kitId, at]);
  }

  async markRevoked(manager: EntityManager, kitId: string, at: Date): Promise<void> {
    await manager.query(`UPDATE field_kits SET revoked_at = $2 WHERE id = $1`, [kitId, at]);
  }

  /** The address of the account that issued the kit (null: gone, disabled, or none). */
  async issuerEmail(manager: EntityManager, kitId: string): Promise<string | null> {
    const [row]: Array<{ email: string }> = await manager.query(
      `SELECT u.email FROM field_kits k JOIN users u ON u.id = k.issued_by
       WHERE k.id = $1 AND u.disabled_at IS NULL`,
      [kitId],
    );
    return row?.email ?? null;
  }

  async markClosed(manager: EntityManager, kitId: string, at: Date): Promise<void> {
    await manager.query(
      `UPDATE field_kits SET closed_at = $2 WHERE id = $1 AND closed_at IS NULL`,
      [kitId, at],
    );
  }
}
