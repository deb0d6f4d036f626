import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { IdeaRow } from './live-views';

/** Ideas with their author's current display name (null once erased): rows of `IdeaRow`. */
export const IDEA_SELECT = `
  SELECT i.id, i.activity_id, i.client_id, i.participant_id, i.text, i.category, i.origin,
         p.display_name AS author_name, i.theme_id, i.duplicate_of, i.hidden_at, i.created_at
  FROM ideas i LEFT JOIN participants p ON p.id = i.participant_id`;

/** What a batch of ideas needs to know of each activity it posts to. */
export interface IdeaActivityRow {
  id: string;
  kind: string;
  status: string;
  categories: string[];
  workshop_status: string;
}

/** One idea of a batch, as it is inserted. */
export interface NewIdea {
  activityId: string;
  participantId: string | null;
  enteredBy: string | null;
  clientId: string;
  text: string;
  category: string | null;
  origin: string;
}

/** The SQL of ideas (IdeasService holds the rules and the batching). */
@Injectable()
export class IdeasRepository {
  /** The ideas of the workshop already stored under these client ids. */
  byClientIds(manager: EntityManager, workshopId: string, clientIds: string[]): Promise<IdeaRow[]> {
    return manager.query(
      `${IDEA_SELECT} WHERE i.workshop_id = $1 AND i.client_id = ANY($2::uuid[])`,
      [workshopId, [...new Set(clientIds)]],
    );
  }

  /** An idea of the workshop, locked for a change (hide or restore). */
  async lock(
    manager: EntityManager,
    workshopId: string,
    ideaId: string,
  ): Promise<IdeaRow | undefined> {
    const [row]: IdeaRow[] = await manager.query(
      `${IDEA_SELECT} WHERE i.id = $1 AND i.workshop_id = $2 FOR UPDATE OF i`,
      [ideaId, workshopId],
    );
    return row;
  }

  async setHidden(manager: EntityManager, ideaId: string, hiddenAt: Date | null): Promise<void> {
    await manager.query(`UPDATE ideas SET hidden_at = $2 WHERE id = $1`, [ideaId, hiddenAt]);
  }

  /** How many ideas were merged into this one. */
  async duplicatesOf(manager: EntityManager, ideaId: string): Promise<number> {
    const [merged]: Array<{ n: number }> = await manager.query(
      `SELECT count(*)::int AS n FROM ideas WHERE duplicate_of = $1`,
      [ideaId],
    );
    return merged.n;
  }

  /**
   * The batch's activities of this workshop with their workshop's status, share-locked (in
   * id order, so that batches never lock them in opposite orders).
   */
  lockActivities(
    manager: EntityManager,
    workshopId: string,
    activityIds: string[],
  ): Promise<IdeaActivityRow[]> {
    return manager.query(
      `SELECT a.id, a.kind, a.status, a.categories, w.status AS workshop_status
       FROM activities a JOIN workshops w ON w.id = a.workshop_id
       WHERE a.id = ANY($1::uuid[]) AND a.workshop_id = $2
       ORDER BY a.id
       FOR SHARE OF a`,
      [[...new Set(activityIds)], workshopId],
    );
  }

  /**
   * Inserts a batch of ideas in one statement, in the batch's order; a client id already
   * stored in the workshop is skipped. Returns the ids of those inserted.
   */
  async insertMany(
    manager: EntityManager,
    workshopId: string,
    ideas: NewIdea[],
  ): Promise<Array<{ id: string; client_id: string }>> {
    if (ideas.length === 0) return [];
    const column = <K extends keyof NewIdea>(key: K) => ideas.map((idea) => idea[key]);
    return manager.query(
      `INSERT INTO ideas (workshop_id, activity_id, participant_id, entered_by, client_id, text, category, origin)
       SELECT $1, t.activity_id, t.participant_id, t.entered_by, t.client_id, t.text, t.category, t.origin
       FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[])
         WITH ORDINALITY AS t(activity_id, participant_id, entered_by, client_id, text, category, origin, n)
       ORDER BY t.n
       ON CONFLICT (workshop_id, client_id) DO NOTHING
       RETURNING id, client_id`,
      [
        workshopId,
        column('activityId'),
        column('participantId'),
        column('enteredBy'),
        column('clientId'),
        column('text'),
        column('category'),
        column('origin'),
      ],
    );
  }

  byIds(manager: EntityManager, ids: string[]): Promise<IdeaRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager.query(`${IDEA_SELECT} WHERE i.id = ANY($1::uuid[])`, [ids]);
  }
}
