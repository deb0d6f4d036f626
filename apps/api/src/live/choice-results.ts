import type { ActivityKind, ActivityResults, MyChoice } from '@permanente/contracts';
import type { EntityManager } from 'typeorm';
import {
  dotTallies,
  myAnswers,
  myDots,
  myPositions,
  pollCounts,
  pollRespondents,
  positionCounts,
} from './choice-results.repository';

// The choices' reads, shaped for the contracts: an activity's tallies and a participant's own
// choices, on the caller's manager (inside a transaction when the caller holds one).

/** Current results of an activity (null for kinds without results). */
export async function activityResults(
  manager: EntityManager,
  activityId: string,
  kind: ActivityKind,
  options: string[] = [],
): Promise<ActivityResults | null> {
  if (kind === 'dot_vote') {
    const rows = await dotTallies(manager, activityId);
    const tallies = Object.fromEntries(rows.map((row) => [row.target_id, row.dots]));
    return { activityId, kind, tallies, voters: rows[0]?.voters ?? 0 };
  }
  if (kind === 'spectrum') {
    const rows = await positionCounts(manager, activityId);
    const distribution = [0, 0, 0, 0, 0];
    for (const row of rows) distribution[row.position - 1] = row.n;
    return { activityId, kind, distribution };
  }
  if (kind === 'poll') {
    const rows = await pollCounts(manager, activityId);
    const respondents = await pollRespondents(manager, activityId);
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
  const dots = await myDots(manager, participantId);
  const byActivity = new Map<string, Record<string, number>>();
  for (const row of dots)
    byActivity.set(row.activity_id, {
      ...(byActivity.get(row.activity_id) ?? {}),
      [row.target_id]: row.dots,
    });
  const positions = await myPositions(manager, participantId);
  const answers = await myAnswers(manager, participantId);
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
