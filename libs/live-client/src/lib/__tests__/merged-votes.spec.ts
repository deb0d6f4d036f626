import { foldDots, voteTargets } from '../live-state';
import { activity, idea } from './fixtures';

describe('merged means merged on the phone', () => {
  const vote = activity({ id: 'v', kind: 'dot_vote', voteOn: 'ideas', dots: 3 });
  const ideas = [
    idea('o', { createdAt: '2025-01-01T10:00:01.000Z' }),
    idea('d', { createdAt: '2025-01-01T10:00:02.000Z', duplicateOf: 'o' }),
    idea('x', { createdAt: '2025-01-01T10:00:03.000Z' }),
  ];

  it('never offers a merged duplicate as a vote target of its own', () => {
    expect(voteTargets(vote, ideas, []).map((target) => target.id)).toEqual(['o', 'x']);
  });

  it('offers a duplicate whose original is hidden on its own, and restores it once un-merged', () => {
    const hiddenOriginal = [{ ...ideas[0], hidden: true }, ideas[1], ideas[2]];
    expect(voteTargets(vote, hiddenOriginal, []).map((target) => target.id)).toEqual(['d', 'x']);
    const unmerged = ideas.map((i) => ({ ...i, duplicateOf: null }));
    expect(voteTargets(vote, unmerged, []).map((target) => target.id)).toEqual(['o', 'd', 'x']);
  });

  it('shows the dots given to a duplicate on its original', () => {
    expect(foldDots({ d: 2, o: 1 }, vote, ideas)).toEqual({ o: 3 });
    expect(foldDots({ d: 2, x: 1 }, vote, ideas)).toEqual({ o: 2, x: 1 });
    // A vote on themes is not touched.
    expect(foldDots({ d: 2 }, { ...vote, voteOn: 'themes' }, ideas)).toEqual({ d: 2 });
  });
});
