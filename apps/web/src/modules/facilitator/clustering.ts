import type { ActivityResults, IdeaView, ThemeView } from '@permanente/contracts';

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

export interface RankedIdea {
  idea: IdeaView;
  dots: number;
}

/** A dot vote's ideas ranked by dots (ties: the earlier idea first), `limit` at most. */
export function rankByDots(
  ideas: IdeaView[],
  results: ActivityResults | undefined,
  limit = 10,
): RankedIdea[] {
  const tallies = results?.kind === 'dot_vote' ? results.tallies : {};
  return ideas
    .filter((idea) => !idea.hidden)
    .sort(byCreation)
    .map((idea) => ({ idea, dots: tallies[idea.id] ?? 0 }))
    .sort((a, b) => b.dots - a.dots)
    .slice(0, limit);
}
