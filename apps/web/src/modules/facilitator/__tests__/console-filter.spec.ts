import { idea } from '@permanente/live-client/testing';
import { filterIdeas } from '../console-filter';

describe('the console stream’s search and filter', () => {
  const ideas = [
    idea('a', { text: 'Une maison de santé au bourg', themeId: 't1' }),
    idea('b', { text: 'Plus de bus le soir' }),
    idea('c', { text: 'Des bus plus tard le soir', duplicateOf: 'b' }),
    idea('d', { text: 'Un mot grossier', hidden: true }),
  ];
  const ids = (list: ReturnType<typeof filterIdeas>) => list.map((one) => one.id);

  it('finds every word, accents and case ignored', () => {
    expect(ids(filterIdeas(ideas, { search: 'SANTE maison', filter: 'all' }))).toEqual(['a']);
    expect(ids(filterIdeas(ideas, { search: 'bus soir', filter: 'all' }))).toEqual(['b', 'c']);
    expect(ids(filterIdeas(ideas, { search: '', filter: 'all' }))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('filters the ideas without a theme, the merged duplicates and the hidden ones', () => {
    expect(ids(filterIdeas(ideas, { search: '', filter: 'loose' }))).toEqual(['b']);
    expect(ids(filterIdeas(ideas, { search: '', filter: 'duplicates' }))).toEqual(['c']);
    expect(ids(filterIdeas(ideas, { search: '', filter: 'hidden' }))).toEqual(['d']);
  });
});
