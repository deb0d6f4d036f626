import type { EntityManager } from 'typeorm';

// The SQL of the choices' reads (choice-results.ts shapes them): an activity's tallies and a
// participant's own choices, on the caller's manager (inside a transaction when it holds one).
// Counts are cast to int, so they come back as numbers.

/** The dots an activity's targets got, and how many voted at all (on every row). */
export interface DotTallyRow {
  target_id: string;
  dots: number;
  voters: number;
}

/** How many stand at one position of a spectrum. */
export interface PositionCountRow {
  position: number;
  n: number;
}

/** How many picked one choice of a poll. */
export interface PollCountRow {
  choice: number;
  n: number;
}

/** A participant's dots on one target of a dot vote. */
export interface MyDotsRow {
  activity_id: string;
  target_id: string;
  dots: number;
}

/** A participant's place on a spectrum. */
export interface MyPositionRow {
  activity_id: string;
  position: number;
}

/** A participant's answer to a poll. */
export interface MyAnswerRow {
  activity_id: string;
  choices: number[];
}

/**
 * A dot vote's tallies. An activity's dots are all in one of the two tables (its vote is on
 * ideas or on themes). Merged means merged: the dots given to a duplicate (before or after its
 * merge) count for its original, read here rather than moved, so that un-merging restores them
 * exactly. A duplicate whose original is hidden stands on its own, as on every screen.
 */
export function dotTallies(manager: EntityManager, activityId: string): Promise<DotTallyRow[]> {
  return manager.query(
    `WITH d AS (
       SELECT v.participant_id,
              CASE WHEN o.id IS NOT NULL AND o.hidden_at IS NULL THEN o.id ELSE v.idea_id END AS target_id,
              v.dots
       FROM dot_votes v JOIN ideas i ON i.id = v.idea_id LEFT JOIN ideas o ON o.id = i.duplicate_of
       WHERE v.activity_id = $1
       UNION ALL
       SELECT participant_id, theme_id, dots FROM theme_dot_votes WHERE activity_id = $1)
     SELECT target_id, sum(dots)::int AS dots, (SELECT count(DISTINCT participant_id)::int FROM d) AS voters
     FROM d GROUP BY target_id`,
    [activityId],
  );
}

/** A spectrum's positions and how many stand at each. */
export function positionCounts(
  manager: EntityManager,
  activityId: string,
): Promise<PositionCountRow[]> {
  return manager.query(
    `SELECT position, count(*)::int AS n FROM spectrum_positions WHERE activity_id = $1 GROUP BY position`,
    [activityId],
  );
}

/** A poll's choices and how many picked each. */
export function pollCounts(manager: EntityManager, activityId: string): Promise<PollCountRow[]> {
  return manager.query(
    `SELECT choice, count(*)::int AS n FROM poll_answers, unnest(choices) AS choice WHERE activity_id = $1 GROUP BY choice`,
    [activityId],
  );
}

/** How many answered a poll. */
export async function pollRespondents(manager: EntityManager, activityId: string): Promise<number> {
  const [{ respondents }]: Array<{ respondents: number }> = await manager.query(
    `SELECT count(*)::int AS respondents FROM poll_answers WHERE activity_id = $1`,
    [activityId],
  );
  return respondents;
}

/** A participant's dots, on ideas and on themes. */
export function myDots(manager: EntityManager, participantId: string): Promise<MyDotsRow[]> {
  return manager.query(
    `SELECT activity_id, idea_id AS target_id, dots FROM dot_votes WHERE participant_id = $1
     UNION ALL
     SELECT activity_id, theme_id, dots FROM theme_dot_votes WHERE participant_id = $1`,
    [participantId],
  );
}

/** A participant's places on spectrums. */
export function myPositions(
  manager: EntityManager,
  participantId: string,
): Promise<MyPositionRow[]> {
  return manager.query(
    `SELECT activity_id, position FROM spectrum_positions WHERE participant_id = $1`,
    [participantId],
  );
}

/** A participant's poll answers. */
export function myAnswers(manager: EntityManager, participantId: string): Promise<MyAnswerRow[]> {
  return manager.query(`SELECT activity_id, choices FROM poll_answers WHERE participant_id = $1`, [
    participantId,
  ]);
}
