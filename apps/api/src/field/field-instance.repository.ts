import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';

export interface ImportedKitRow {
  id: string;
  label: string;
  central_url: string;
  expires_at: Date;
  central_public_key: string;
  private_key: string;
  workshop_ids: string[];
  last_synced_at: Date | null;
}

type Row = Record<string, unknown>;

/** The SQL of a field instance: the kit it imported, and the kit's data put in place. */
@Injectable()
export class FieldInstanceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async current(): Promise<ImportedKitRow | null> {
    const [row]: ImportedKitRow[] = await this.dataSource.query(
      `SELECT id, label, central_url, expires_at, central_public_key, private_key, workshop_ids, last_synced_at
       FROM field_imported_kits ORDER BY imported_at DESC LIMIT 1`,
    );
    return row ?? null;
  }

  async extendKit(kitId: string, expiresAt: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE field_imported_kits SET expires_at = greatest(expires_at, $2) WHERE id = $1`,
      [kitId, expiresAt],
    );
  }

  workshopSummaries(ids: string[]): Promise<Array<{ id: string; title: string; code: string }>> {
    return this.dataSource.query(
      `SELECT id, title, code FROM workshops WHERE id = ANY($1::uuid[]) ORDER BY title`,
      [ids],
    );
  }

  async markSynced(kitId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE field_imported_kits SET last_synced_at = now() WHERE id = $1`,
      [kitId],
    );
  }

  /**
   * Puts a territory in place: one with the same code already here (the embedded demo data,
   * an earlier kit) is reused, so its local id stands for the kit's. Answers the local id.
   */
  async territory(manager: EntityManager, row: Row, parentId: string | null): Promise<string> {
    const [existing]: Array<{ id: string }> = await manager.query(
      `SELECT id FROM territories WHERE code = $1`,
      [row['code']],
    );
    if (existing) return existing.id;
    await manager.query(
      `INSERT INTO territories (id, code, insee_code, name, level, population, parent_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
      [
        row['id'],
        row['code'],
        row['insee_code'],
        row['name'],
        row['level'],
        row['population'],
        parentId,
      ],
    );
    return String(row['id']);
  }

  /** A campaign in place (by id, else by slug); answers the local id. */
  async campaign(manager: EntityManager, row: Row, territoryId: string): Promise<string> {
    const [existing]: Array<{ id: string }> = await manager.query(
      `SELECT id FROM campaigns WHERE id = $1 OR slug = $2 ORDER BY (id = $1) DESC LIMIT 1`,
      [row['id'], row['slug']],
    );
    if (existing) return existing.id;
    await manager.query(
      `INSERT INTO campaigns (id, slug, title, description, territory_id, starts_on, ends_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        row['id'],
        row['slug'],
        row['title'],
        row['description'],
        territoryId,
        row['starts_on'],
        row['ends_on'],
      ],
    );
    return String(row['id']);
  }

  /** The workshop, unless already here (a kit imported twice keeps what the day produced). */
  async workshop(
    manager: EntityManager,
    row: Row,
    territoryId: string,
    campaignId: string | null,
  ): Promise<void> {
    const [clash]: Array<{ id: string }> = await manager.query(
      `SELECT id FROM workshops WHERE code = $1 AND id <> $2`,
      [row['code'], row['id']],
    );
    if (clash)
      throw new DomainError(
        'conflict',
        `Another workshop of this instance uses the join code ${String(row['code'])}`,
      );
    await manager.query(
      `INSERT INTO workshops (id, code, title, kind, status, territory_id, campaign_id, place, starts_at, entry_locked)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
      [
        row['id'],
        row['code'],
        row['title'],
        row['kind'],
        row['status'],
        territoryId,
        campaignId,
        row['place'],
        row['starts_at'],
        row['entry_locked'] ?? false,
      ],
    );
  }

  /** The facilitator's account, as a facilitator scoped to the kit's territories only. */
  async facilitator(
    manager: EntityManager,
    account: { id: string; email: string; displayName: string; passwordHash: string },
    scope: string[],
  ): Promise<void> {
    const [clash]: Array<{ id: string }> = await manager.query(
      `SELECT id FROM users WHERE email = $1 AND id <> $2`,
      [account.email, account.id],
    );
    if (clash)
      throw new DomainError('conflict', `Another account of this instance uses ${account.email}`);
    await manager.query(
      `INSERT INTO users (id, email, display_name, password_hash, roles)
       VALUES ($1, $2, $3, $4, ARRAY['facilitator'])
       ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, display_name = EXCLUDED.display_name,
         password_hash = EXCLUDED.password_hash, roles = EXCLUDED.roles, disabled_at = NULL`,
      [account.id, account.email, account.displayName, account.passwordHash],
    );
    await manager.query(`DELETE FROM user_territory_scopes WHERE user_id = $1`, [account.id]);
    await manager.query(
      `INSERT INTO user_territory_scopes (user_id, territory_id) SELECT $1, unnest($2::uuid[])`,
      [account.id, scope],
    );
  }

  async saveKit(
    manager: EntityManager,
    kit: {
      id: string;
      label: string;
      centralUrl: string;
      expiresAt: string;
      centralPublicKey: string;
      privateKey: string;
      workshopIds: string[];
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO field_imported_kits (id, label, central_url, expires_at, central_public_key, private_key, workshop_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7::uuid[])
       ON CONFLICT (id) DO UPDATE SET label = EXCLUDED.label, central_url = EXCLUDED.central_url,
         expires_at = EXCLUDED.expires_at, imported_at = now()`,
      [
        kit.id,
        kit.label,
        kit.centralUrl,
        kit.expiresAt,
        kit.centralPublicKey,
        kit.privateKey,
        kit.workshopIds,
      ],
    );
  }
}
