import type { ActivityResults, IdeaView, ThemeView } from '@permanente/contracts';
import type { VoteTarget } from '@permanente/live-client';

/** An original idea with the duplicates merged into it. */
export interface ClusterEntry {
  idea: IdeaView;
  duplicates: IdeaView[];
}

export interface ThemeGroup {
  /** null: the ideas without a theme. */
  theme: ThemeView | null;
  entries: ClusterEntry[];
}

const byCreation = (a: IdeaView, b: IdeaView) => a.createdAt.localeCompare(b.createdAt);

/**
 * The visible ideas as the facilitator sorted them: one group per theme (in theme order, even
 * when empty), then the ideas without a theme (when there are any). A merged duplicate sits
 * under its original and follows it into its theme; a duplicate whose original is not shown
 * (hidden) stands on its own.
 */
export function groupByTheme(ideas: IdeaView[], themes: ThemeView[]): ThemeGroup[] {
  const visible = ideas.filter((idea) => !idea.hidden).sort(byCreation);
  const ids = new Set(visible.map((idea) => idea.id));
  const isOriginal = (idea: IdeaView) => !idea.duplicateOf || !ids.has(idea.duplicateOf);
  const entries = new Map<string, ClusterEntry>();
  for (const idea of visible) if (isOriginal(idea)) entries.set(idea.id, { idea, duplicates: [] });
  for (const idea of visible)
    if (!isOriginal(idea)) entries.get(idea.duplicateOf as string)?.duplicates.push(idea);
  const themeIds = new Set(themes.map((theme) => theme.id));
  const all = [...entries.values()];
  const groups: ThemeGroup[] = themes.map((theme) => ({
    theme,
    entries: all.filter((entry) => entry.idea.themeId === theme.id),
  }));
  const loose = all.filter((entry) => !entry.idea.themeId || !themeIds.has(entry.idea.themeId));
  if (loose.length > 0) groups.push({ theme: null, entries: loose });
  return groups;
}

/** A suggested pair, as a merge: the later idea goes into the earlier one. */
export function mergeOrder(
  ideas: IdeaView[],
  pair: [string, string],
): { original: IdeaView; duplicate: IdeaView } | null {
  const found = pair.map((id) => ideas.find((idea) => idea.id === id));
  const [a, b] = found;
  if (!a || !b) return null;
  return byCreation(a, b) <= 0 ? { original: a, duplicate: b } : { original: b, duplicate: a };
}

export interface RankedTarget {
  target: VoteTarget;
  dots: number;
}

/**
 * A dot vote's targets (ideas or themes, see `voteTargets`) ranked by dots, `limit` at most;
 * ties keep the targets' order (ideas: the earlier first; themes: the facilitator's order).
 */
export function rankByDots(
  targets: VoteTarget[],
  results: ActivityResults | undefined,
  limit = 10,
): RankedTarget[] {
  const tallies = results?.kind === 'dot_vote' ? results.tallies : {};
  return targets
    .map((target) => ({ target, dots: tallies[target.id] ?? 0 }))
    .sort((a, b) => b.dots - a.dots)
    .slice(0, limit);
}
