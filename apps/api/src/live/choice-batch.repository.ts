import type { ActivityKind, DotVoteTarget } from '@permanente/contracts';
import type { EntityManager } from 'typeorm';

// The SQL of a batch of choices (choice-batch.ts checks them and decides what is stored):
// each function is one statement for the whole batch, its rows passed as parallel arrays.

/** Where the dots of a vote on ideas or on themes are kept (fixed identifiers, never input). */
export const TARGETS = {
  ideas: {
    noun: 'idea',
    source: 'ideas',
    visible: ' AND hidden_at IS NULL',
    table: 'dot_votes',
    column: 'idea_id',
  },
  themes: {
    noun: 'theme',
    source: 'themes',
    visible: '',
    table: 'theme_dot_votes',
    column: 'theme_id',
  },
} as const;

/** What a choice is checked against: its activity. */
export interface OpenActivity {
  id: string;
  kind: ActivityKind;
  dots: number | null;
  vote_on: DotVoteTarget | null;
  options: string[];
  multiple: boolean;
}

/** An activity of the batch, with its status and its workshop's. */
export interface BatchActivityRow extends OpenActivity {
  status: string;
  workshop_status: string;
}

/** Who chose, on which activity: the rows of a whole-batch write (parallel arrays). */
export interface Choosers {
  activityIds: string[];
  participantIds: string[];
}

/** The batch's activities of the workshop, share-locked (in id order) while it is written. */
export function batchActivities(
  manager: EntityManager,
  workshopId: string,
  activityIds: string[],
): Promise<BatchActivityRow[]> {
  return manager.query(
    `SELECT a.id, a.kind, a.dots, a.vote_on, a.options, a.multiple, a.status, w.status AS workshop_status
     FROM activities a JOIN workshops w ON w.id = a.workshop_id
     WHERE a.id = ANY($1::uuid[]) AND a.workshop_id = $2
     ORDER BY a.id
     FOR SHARE OF a`,
    [activityIds, workshopId],
  );
}

/** Which of these ideas or themes of the workshop can be voted for (ideas: not hidden). */
export async function votableTargets(
  manager: EntityManager,
  on: DotVoteTarget,
  workshopId: string,
  ids: string[],
): Promise<Set<string>> {
  const target = TARGETS[on];
  const found: Array<{ id: string }> = await manager.query(
    `SELECT id FROM ${target.source} WHERE workshop_id = $1 AND id = ANY($2::uuid[])${target.visible}`,
    [workshopId, ids],
  );
  return new Set(found.map((row) => row.id));
}

/** Deletes the dots of these participants on these activities (a vote replaces them). */
export async function deleteDots(
  manager: EntityManager,
  on: DotVoteTarget,
  voters: Choosers,
): Promise<void> {
  await manager.query(
    `DELETE FROM ${TARGETS[on].table} t
     USING unnest($1::uuid[], $2::uuid[]) AS c(activity_id, participant_id)
     WHERE t.activity_id = c.activity_id AND t.participant_id = c.participant_id`,
    [voters.activityIds, voters.participantIds],
  );
}

/** Inserts dots: row i gives `dots[i]` dots to `targetIds[i]`. */
export async function insertDots(
  manager: EntityManager,
  on: DotVoteTarget,
  rows: Choosers & { targetIds: string[]; dots: number[] },
): Promise<void> {
  const target = TARGETS[on];
  await manager.query(
    `INSERT INTO ${target.table} (activity_id, participant_id, ${target.column}, dots)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[])`,
    [rows.activityIds, rows.participantIds, rows.targetIds, rows.dots],
  );
}

/** Stores places on spectrums, replacing the participants' earlier ones. */
export async function upsertPositions(
  manager: EntityManager,
  rows: Choosers & { positions: number[] },
): Promise<void> {
  await manager.query(
    `INSERT INTO spectrum_positions (activity_id, participant_id, position)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[])
     ON CONFLICT (activity_id, participant_id) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
    [rows.activityIds, rows.participantIds, rows.positions],
  );
}

/** Stores poll answers, replacing the participants' earlier ones. */
export async function upsertAnswers(
  manager: EntityManager,
  rows: Choosers & { choices: number[][] },
): Promise<void> {
  await manager.query(
    `INSERT INTO poll_answers (activity_id, participant_id, choices)
     SELECT a, p, c::int[] FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS t(a, p, c)
     ON CONFLICT (activity_id, participant_id) DO UPDATE SET choices = EXCLUDED.choices, updated_at = now()`,
    [rows.activityIds, rows.participantIds, rows.choices.map((c) => `{${c.join(',')}}`)],
  );
}

/**
 * Records the operations with their results, unless their clientId is already taken (a
 * concurrent retry waits on its row's unique key, then finds it taken): how many were recorded.
 */
export async function recordOperations(
  manager: EntityManager,
  workshopId: string,
  rows: { clientIds: string[]; participantIds: string[]; results: unknown[] },
): Promise<number> {
  const taken: unknown[] = await manager.query(
    `INSERT INTO live_operations (workshop_id, client_id, participant_id, result)
     SELECT $1, t.client_id, t.participant_id, t.result
     FROM unnest($2::uuid[], $3::uuid[], $4::jsonb[]) AS t(client_id, participant_id, result)
     ON CONFLICT (workshop_id, client_id) DO NOTHING RETURNING 1`,
    [workshopId, rows.clientIds, rows.participantIds, rows.results.map((r) => JSON.stringify(r))],
  );
  return taken.length;
}
