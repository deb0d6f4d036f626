import type { ActivityKind, ActivityResults, MyChoice } from '@permanente/contracts';
import type { EntityManager } from 'typeorm';

// The choices' reads: an activity's tallies and a participant's own choices, on the caller's
// manager (inside a transaction when the caller holds one).

/** Current results of an activity (null for kinds without results). */
export async function activityResults(
  manager: EntityManager,
  activityId: string,
  kind: ActivityKind,
  options: string[] = [],
): Promise<ActivityResults | null> {
  if (kind === 'dot_vote') {
    // An activity's dots are all in one of the two tables (its vote is on ideas or on themes).
    // Merged means merged: the dots given to a duplicate (before or after its merge) count
    // for its original, read here rather than moved, so that un-merging restores them exactly.
    // A duplicate whose original is hidden stands on its own, as on every screen.
    const rows: Array<{ target_id: string; dots: number; voters: number }> = await manager.query(
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
    const tallies = Object.fromEntries(rows.map((row) => [row.target_id, row.dots]));
    return { activityId, kind, tallies, voters: rows[0]?.voters ?? 0 };
  }
  if (kind === 'spectrum') {
    const rows: Array<{ position: number; n: number }> = await manager.query(
      `SELECT position, count(*)::int AS n FROM spectrum_positions WHERE activity_id = $1 GROUP BY position`,
      [activityId],
    );
    const distribution = [0, 0, 0, 0, 0];
    for (const row of rows) distribution[row.position - 1] = row.n;
    return { activityId, kind, distribution };
  }
  if (kind === 'poll') {
    const rows: Array<{ choice: number; n: number }> = await manager.query(
      `SELECT choice, count(*)::int AS n FROM poll_answers, unnest(choices) AS choice WHERE activity_id = $1 GROUP BY choice`,
      [activityId],
    );
    const [{ respondents }] = await manager.query(
      `SELECT count(*)::int AS respondents FROM poll_answers WHERE activity_id = $1`,
      [activityId],
    );
    const counts = options.map(() => 0);
    for (const row of rows) if (row.choice < counts.length) counts[row.choice] = row.n;
    return { activityId, kind, counts, respondents };
  }
  return null;
}

/** A participant's own current choices in the workshop. */
export async function myChoices(
  manager: EntityManager,
  participantId: string,
): Promise<MyChoice[]> {
  const dots: Array<{ activity_id: string; target_id: string; dots: number }> = await manager.query(
    `SELECT activity_id, idea_id AS target_id, dots FROM dot_votes WHERE participant_id = $1
     UNION ALL
     SELECT activity_id, theme_id, dots FROM theme_dot_votes WHERE participant_id = $1`,
    [participantId],
  );
  const byActivity = new Map<string, Record<string, number>>();
  for (const row of dots)
    byActivity.set(row.activity_id, {
      ...(byActivity.get(row.activity_id) ?? {}),
      [row.target_id]: row.dots,
    });
  const positions: Array<{ activity_id: string; position: number }> = await manager.query(
    `SELECT activity_id, position FROM spectrum_positions WHERE participant_id = $1`,
    [participantId],
  );
  const answers: Array<{ activity_id: string; choices: number[] }> = await manager.query(
    `SELECT activity_id, choices FROM poll_answers WHERE participant_id = $1`,
    [participantId],
  );
  return [
    ...[...byActivity].map(([activityId, d]): MyChoice => ({
      activityId,
      kind: 'dot_vote',
      dots: d,
    })),
    ...positions.map((row): MyChoice => ({
      activityId: row.activity_id,
      kind: 'spectrum',
      position: row.position,
    })),
    ...answers.map((row): MyChoice => ({
      activityId: row.activity_id,
      kind: 'poll',
      choices: row.choices,
    })),
  ];
}
