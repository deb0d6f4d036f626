import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ParticipantProfile } from '@permanente/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { returningRows } from '../database/returning-rows';
import { volunteerPublicId } from './panel-defaults';

export interface VolunteerRow {
  public_id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  features: Record<string, string>;
  source: 'form' | 'import';
  created_at: Date;
  selected: boolean;
}

/** An application ready to store: a contact and one value per feature. */
export interface NewVolunteer {
  name: string;
  email: string | null;
  phone: string | null;
  birthYear?: number | null;
  features: Record<string, string>;
  /** The consented "who have we heard" answers (open call only); null: none given. */
  profile?: ParticipantProfile | null;
}

/** The SQL of the volunteer pool: the anonymous snapshot, the list, inserts and erasure. */
@Injectable()
export class PanelPoolRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The pool as the draw sees it: pseudonymous ids and features only, in order of arrival. */
  async snapshot(
    panelId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Array<{ id: string; features: Record<string, string> }>> {
    const rows: Array<{ public_id: string; features: Record<string, string> }> =
      await manager.query(
        `SELECT public_id, features FROM panel_volunteers WHERE panel_id = $1 ORDER BY public_id`,
        [panelId],
      );
    return rows.map((row) => ({ id: row.public_id, features: row.features }));
  }

  list(panelId: string): Promise<VolunteerRow[]> {
    return this.dataSource.query(
      `SELECT v.public_id, v.name, v.email, v.phone, v.features, v.source, v.created_at,
              EXISTS (SELECT 1 FROM panel_members m WHERE m.volunteer_id = v.id) AS selected
       FROM panel_volunteers v WHERE v.panel_id = $1 ORDER BY v.public_id`,
      [panelId],
    );
  }

  /** Contacts of the volunteers not erased, to find the same person applying twice. */
  identities(
    manager: EntityManager,
    panelId: string,
  ): Promise<
    Array<{
      publicId: string;
      name: string | null;
      email: string | null;
      phone: string | null;
      birthYear: number | null;
    }>
  > {
    return manager.query(
      `SELECT public_id AS "publicId", name, email, phone, birth_year AS "birthYear"
       FROM panel_volunteers WHERE panel_id = $1 AND erased_at IS NULL ORDER BY public_id`,
      [panelId],
    );
  }

  async count(manager: EntityManager, panelId: string): Promise<number> {
    const [{ n }] = (await manager.query(
      `SELECT count(*)::int AS n FROM panel_volunteers WHERE panel_id = $1`,
      [panelId],
    )) as Array<{ n: number }>;
    return n;
  }

  /** Stores applications with the next pseudonymous ids of the panel; returns those ids. */
  async insert(
    manager: EntityManager,
    panelId: string,
    applications: readonly NewVolunteer[],
    source: 'form' | 'import',
    now: Date,
  ): Promise<string[]> {
    const [range] = await returningRows<{ next: number }>(
      manager,
      `UPDATE panels SET next_volunteer_number = next_volunteer_number + $2
       WHERE id = $1 RETURNING next_volunteer_number - $2 AS next`,
      [panelId, applications.length],
    );
    const ids: string[] = [];
    const chunk = 1000;
    for (let start = 0; start < applications.length; start += chunk) {
      const slice = applications.slice(start, start + chunk);
      const values: string[] = [];
      const params: unknown[] = [panelId, source, now];
      slice.forEach((application, offset) => {
        const publicId = volunteerPublicId(range.next + start + offset);
        ids.push(publicId);
        params.push(
          publicId,
          JSON.stringify(application.features),
          application.name,
          application.email,
          application.phone,
          application.birthYear ?? null,
          JSON.stringify(application.profile ?? {}),
        );
        const p = params.length;
        values.push(
          `($1, $${p - 6}, $${p - 5}, $${p - 4}, $${p - 3}, $${p - 2}, $${p - 1}, $2, $3, $${p}, ${
            application.profile ? '$3' : 'NULL::timestamptz'
          })`,
        );
      });
      await manager.query(
        `INSERT INTO panel_volunteers (panel_id, public_id, features, name, email, phone, birth_year, source, consent_at, profile, profile_consent_at)
         VALUES ${values.join(', ')}`,
        params,
      );
    }
    return ids;
  }

  /** Panels whose retention date is before `day` and whose pool is not erased yet. */
  async expired(day: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM panels WHERE retention_until < $1 AND pool_erased_at IS NULL`,
      [day],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Nulls the pool's contacts and profiles ("who have we heard" answers) and closes the call;
   * returns how many volunteers were erased.
   */
  async erase(manager: EntityManager, panelId: string, now: Date): Promise<number> {
    const rows = await returningRows<{ id: string }>(
      manager,
      `UPDATE panel_volunteers SET name = NULL, email = NULL, phone = NULL, erased_at = $2,
         profile = '{}', profile_consent_at = NULL
       WHERE panel_id = $1 AND erased_at IS NULL RETURNING id`,
      [panelId, now],
    );
    await manager.query(
      `UPDATE panels SET pool_erased_at = $2, call_open = false, updated_at = now() WHERE id = $1`,
      [panelId, now],
    );
    return rows.length;
  }
}
