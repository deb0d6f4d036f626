import type { IdeaView } from '@permanente/contracts';

export type StreamFilter = 'all' | 'loose' | 'duplicates' | 'hidden';

/** Lower case without accents: "Santé" is found by "sante". */
export const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();

/** The stream's ideas for a search (every word, accents ignored) and a filter, in posting order. */
export function filterIdeas(
  ideas: IdeaView[],
  { search, filter }: { search: string; filter: StreamFilter },
): IdeaView[] {
  const words = fold(search).split(/\s+/).filter(Boolean);
  return ideas.filter((idea) => {
    if (filter === 'loose' && (idea.themeId || idea.duplicateOf || idea.hidden)) return false;
    if (filter === 'duplicates' && !idea.duplicateOf) return false;
    if (filter === 'hidden' && !idea.hidden) return false;
    if (words.length === 0) return true;
    const text = fold(idea.text);
    return words.every((word) => text.includes(word));
  });
}
