import { Injectable } from '@nestjs/common';
import type { MyChoice } from '@permanente/contracts';
import { EntityManager } from 'typeorm';

/** A choice already recorded under its client id: who made it and what it answered. */
export interface OperationRow {
  client_id: string;
  participant_id: string;
  result: { mine: MyChoice };
}

/**
 * The SQL of choices that ChoicesService reads itself (the batch's writes are in
 * choice-batch.repository.ts, the tallies in choice-results.repository.ts).
 */
@Injectable()
export class ChoicesRepository {
  /** The choices of the workshop already recorded under these client ids. */
  operations(
    manager: EntityManager,
    workshopId: string,
    clientIds: string[],
  ): Promise<OperationRow[]> {
    return manager.query(
      `SELECT client_id, participant_id, result FROM live_operations
       WHERE workshop_id = $1 AND client_id = ANY($2::uuid[])`,
      [workshopId, [...new Set(clientIds)]],
    );
  }

  /** The workshop's dot votes on ideas that have dots, in agenda order. */
  ideaVotesWithDots(
    manager: EntityManager,
    workshopId: string,
  ): Promise<Array<{ id: string; options: string[] }>> {
    return manager.query(
      `SELECT a.id, a.options FROM activities a
       WHERE a.workshop_id = $1 AND a.kind = 'dot_vote' AND a.vote_on IS DISTINCT FROM 'themes'
         AND EXISTS (SELECT 1 FROM dot_votes v WHERE v.activity_id = a.id)
       ORDER BY a.position`,
      [workshopId],
    );
  }
}
