import { keywords, similarity, writtenKeywords } from './french-text';

export interface IdeaText {
  id: string;
  text: string;
}

export interface DuplicateSuggestion {
  ideaIds: [string, string];
  score: number;
}

export interface GroupSuggestion {
  ideaIds: string[];
  /** The words the group's ideas share most, as people wrote them ("Bus, soir"). */
  label: string;
}

export const DUPLICATE_THRESHOLD = 0.35;
export const GROUP_THRESHOLD = 0.2;

/** Pairs of ideas that probably say the same thing, most similar first. */
export function suggestDuplicates(
  ideas: IdeaText[],
  threshold = DUPLICATE_THRESHOLD,
): DuplicateSuggestion[] {
  const pairs: DuplicateSuggestion[] = [];
  for (let i = 0; i < ideas.length; i++) {
    for (let j = i + 1; j < ideas.length; j++) {
      const score = similarity(ideas[i].text, ideas[j].text);
      if (score >= threshold)
        pairs.push({ ideaIds: [ideas[i].id, ideas[j].id], score: Math.round(score * 100) / 100 });
    }
  }
  return pairs.sort((a, b) => b.score - a.score);
}

/**
 * Groups of related ideas: ideas linked when they share enough stemmed keywords (single
 * linkage, union-find), groups of 2 or more, largest first, each labelled with its most
 * shared words.
 */
export function suggestGroups(ideas: IdeaText[], threshold = GROUP_THRESHOLD): GroupSuggestion[] {
  const parent = ideas.map((_, index) => index);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const words = ideas.map((idea) => new Set(keywords(idea.text)));
  for (let i = 0; i < ideas.length; i++) {
    for (let j = i + 1; j < ideas.length; j++) {
      let shared = 0;
      for (const word of words[i]) if (words[j].has(word)) shared += 1;
      const union = words[i].size + words[j].size - shared;
      if (union > 0 && shared / union >= threshold) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, number[]>();
  ideas.forEach((_, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), i]));
  return [...groups.values()]
    .filter((members) => members.length >= 2)
    .sort((a, b) => b.length - a.length)
    .map((members) => {
      const counts = new Map<string, number>();
      for (const i of members)
        for (const word of words[i]) counts.set(word, (counts.get(word) ?? 0) + 1);
      const stems = [...counts]
        .filter(([, n]) => n >= 2)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, 3)
        .map(([word]) => word);
      const label = readableLabel(
        stems,
        members.map((i) => ideas[i].text),
      );
      return { ideaIds: members.map((i) => ideas[i].id), label };
    });
}

/**
 * A label people can read: each stem as the group's notes wrote it most often (ties: the
 * accented spelling, then the shorter, then the first in alphabetical order), first letter
 * capitalised: "Bus, soir", "Maison, santé", never the stems "maison, sant".
 */
export function readableLabel(stems: string[], texts: string[]): string {
  const forms = new Map<string, Map<string, number>>();
  for (const text of texts)
    for (const { stem, word } of writtenKeywords(text)) {
      const counts = forms.get(stem) ?? new Map<string, number>();
      counts.set(word, (counts.get(word) ?? 0) + 1);
      forms.set(stem, counts);
    }
  const accented = (word: string) => (/[^\x00-\x7f]/.test(word) ? 1 : 0);
  const words = stems.map((stem) => {
    const candidates = [...(forms.get(stem) ?? new Map([[stem, 1]]))];
    candidates.sort(
      ([a, n], [b, m]) =>
        m - n || accented(b) - accented(a) || a.length - b.length || a.localeCompare(b, 'fr'),
    );
    return candidates[0][0];
  });
  const label = words.join(', ');
  return label.charAt(0).toUpperCase() + label.slice(1);
}
