import { applyEvent, currentOrLastActivity, fromSnapshot, openActivity } from '../live-state';
import { activity, idea, posted, snapshot } from './fixtures';

describe('the live state reducer', () => {
  it('starts from a snapshot, activities in agenda order', () => {
    const state = fromSnapshot(
      snapshot({
        activities: [activity({ id: 'a2', position: 2, status: 'pending' }), activity()],
        mine: [{ activityId: 'a2', kind: 'spectrum', position: 4 }],
      }),
    );
    expect(state.activities.map((a) => a.id)).toEqual(['a1', 'a2']);
    expect(state.mine['a2']).toEqual({ activityId: 'a2', kind: 'spectrum', position: 4 });
    expect(openActivity(state)?.id).toBe('a1');
  });

  it('applies ideas, activities, status and results', () => {
    let state = fromSnapshot(snapshot());
    state = applyEvent(state, posted(4, 'i1'), 'participant');
    state = applyEvent(
      state,
      { seq: 5, at: '', type: 'activity.updated', data: activity({ status: 'closed' }) },
      'participant',
    );
    state = applyEvent(
      state,
      { seq: 6, at: '', type: 'workshop.status', data: { status: 'closed' } },
      'participant',
    );
    state = applyEvent(
      state,
      { seq: 7, at: '', type: 'workshop.entry', data: { locked: true } },
      'participant',
    );
    state = applyEvent(
      state,
      {
        seq: 8,
        at: '',
        type: 'results.updated',
        data: { activityId: 'a1', kind: 'spectrum', distribution: [0, 1, 0, 0, 2] },
      },
      'participant',
    );
    expect(state.seq).toBe(8);
    expect(state.ideas.map((i) => i.id)).toEqual(['i1']);
    expect(openActivity(state)).toBeNull();
    expect(currentOrLastActivity(state)?.id).toBe('a1');
    expect(state.workshop.status).toBe('closed');
    expect(state.workshop.entryLocked).toBe(true);
    expect(state.results['a1']).toMatchObject({ distribution: [0, 1, 0, 0, 2] });
  });

  it('drops hidden ideas for participants and flags them for staff', () => {
    const start = fromSnapshot(snapshot({ ideas: [idea('i1'), idea('i2')] }));
    const hidden = { seq: 4, at: '', type: 'idea.hidden', data: { ideaId: 'i1' } } as const;
    expect(applyEvent(start, hidden, 'participant').ideas.map((i) => i.id)).toEqual(['i2']);
    const staff = applyEvent(start, hidden, 'staff');
    expect(staff.ideas.find((i) => i.id === 'i1')?.hidden).toBe(true);
    const restored = applyEvent(
      staff,
      { seq: 5, at: '', type: 'idea.restored', data: idea('i1') },
      'staff',
    );
    expect(restored.ideas.find((i) => i.id === 'i1')?.hidden).toBe(false);
  });

  it('follows the clustering: themes and classified ideas', () => {
    let state = fromSnapshot(snapshot({ ideas: [idea('i1')] }));
    const theme = { id: 't1', name: 'Mobilité', position: 1 };
    state = applyEvent(state, { seq: 4, at: '', type: 'theme.saved', data: theme }, 'staff');
    state = applyEvent(
      state,
      {
        seq: 5,
        at: '',
        type: 'idea.classified',
        data: { ideaId: 'i1', themeId: 't1', duplicateOf: null },
      },
      'staff',
    );
    expect(state.themes).toEqual([theme]);
    expect(state.ideas[0].themeId).toBe('t1');
    state = applyEvent(
      state,
      { seq: 6, at: '', type: 'theme.deleted', data: { themeId: 't1' } },
      'staff',
    );
    expect(state.themes).toEqual([]);
  });

  it('keeps the mark of an own idea when its event arrives', () => {
    const start = fromSnapshot(snapshot({ ideas: [idea('i1', { mine: true })] }));
    const next = applyEvent(start, { ...posted(4, 'i1') }, 'participant');
    expect(next.ideas).toHaveLength(1);
    expect(next.ideas[0].mine).toBe(true);
  });
});
