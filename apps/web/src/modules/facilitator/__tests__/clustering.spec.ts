import type { ThemeView } from '@permanente/contracts';
import { activity, idea } from '@permanente/live-client/testing';
import { voteTargets } from '@permanente/live-client';
import { groupByTheme, mergeOrder, rankByDots } from '../clustering';

const at = (second: number) => `2025-01-01T10:00:${String(second).padStart(2, '0')}.000Z`;
const themes: ThemeView[] = [
  { id: 't2', name: 'Mobilité', position: 2 },
  { id: 't1', name: 'Cadre de vie', position: 1 },
];

describe('groupByTheme', () => {
  it('groups originals under their theme, duplicates under their original', () => {
    const ideas = [
      idea('d', { createdAt: at(4), duplicateOf: 'a', themeId: null }),
      idea('a', { createdAt: at(1), themeId: 't1' }),
      idea('b', { createdAt: at(2), themeId: 't2' }),
      idea('c', { createdAt: at(3) }),
      idea('h', { createdAt: at(5), hidden: true }),
    ];
    const groups = groupByTheme(ideas, themes);
    expect(groups.map((group) => group.theme?.name ?? null)).toEqual([
      'Mobilité',
      'Cadre de vie',
      null,
    ]);
    expect(groups[1].entries).toEqual([{ idea: ideas[1], duplicates: [ideas[0]] }]);
    expect(groups[0].entries.map((entry) => entry.idea.id)).toEqual(['b']);
    expect(groups[2].entries.map((entry) => entry.idea.id)).toEqual(['c']);
  });

  it('keeps empty themes, drops an empty "no theme" group, and unknown themes count as none', () => {
    expect(groupByTheme([], themes).map((group) => group.entries.length)).toEqual([0, 0]);
    const groups = groupByTheme([idea('x', { themeId: 'gone' })], []);
    expect(groups).toEqual([
      { theme: null, entries: [{ idea: expect.anything(), duplicates: [] }] },
    ]);
  });

  it('shows a duplicate of a hidden idea on its own', () => {
    const groups = groupByTheme(
      [idea('a', { hidden: true }), idea('b', { duplicateOf: 'a', createdAt: at(2) })],
      [],
    );
    expect(groups[0].entries.map((entry) => entry.idea.id)).toEqual(['b']);
  });
});

describe('mergeOrder', () => {
  it('merges the later idea into the earlier one', () => {
    const ideas = [idea('a', { createdAt: at(5) }), idea('b', { createdAt: at(1) })];
    expect(mergeOrder(ideas, ['a', 'b'])).toEqual({ original: ideas[1], duplicate: ideas[0] });
    expect(mergeOrder(ideas, ['b', 'a'])).toEqual({ original: ideas[1], duplicate: ideas[0] });
    expect(mergeOrder(ideas, ['a', 'zz'])).toBeNull();
  });
});

describe('rankByDots', () => {
  const vote = (voteOn: 'ideas' | 'themes') => activity({ id: 'v', kind: 'dot_vote', voteOn });

  it('ranks visible ideas by dots, earlier first on ties, at most `limit`', () => {
    const ideas = [
      idea('c', { createdAt: at(3) }),
      idea('a', { createdAt: at(1) }),
      idea('b', { createdAt: at(2) }),
      idea('h', { createdAt: at(4), hidden: true }),
    ];
    const targets = voteTargets(vote('ideas'), ideas, []);
    const results = {
      activityId: 'v',
      kind: 'dot_vote' as const,
      tallies: { b: 3, c: 1, a: 1, h: 9 },
      voters: 2,
    };
    expect(rankByDots(targets, results).map((row) => [row.target.id, row.dots])).toEqual([
      ['b', 3],
      ['a', 1],
      ['c', 1],
    ]);
    expect(rankByDots(targets, results, 1)).toHaveLength(1);
    expect(rankByDots(targets, undefined).map((row) => row.dots)).toEqual([0, 0, 0]);
  });

  it('ranks the themes of a vote on themes, the facilitator’s order on ties', () => {
    const themes = [
      { id: 't2', name: 'Santé', position: 2 },
      { id: 't1', name: 'Mobilité', position: 1 },
      { id: 't3', name: 'Jeunesse', position: 3 },
    ];
    const results = {
      activityId: 'v',
      kind: 'dot_vote' as const,
      tallies: { t3: 4, t2: 1, t1: 1 },
      voters: 2,
    };
    const targets = voteTargets(vote('themes'), [idea('a', { createdAt: at(1) })], themes);
    expect(rankByDots(targets, results).map((row) => [row.target.label, row.dots])).toEqual([
      ['Jeunesse', 4],
      ['Mobilité', 1],
      ['Santé', 1],
    ]);
  });
});
