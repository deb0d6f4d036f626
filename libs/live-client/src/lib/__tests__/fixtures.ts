import type { ActivityView, IdeaView, LiveEvent, WorkshopSnapshot } from '@permanente/contracts';

export const activity = (overrides: Partial<ActivityView> = {}): ActivityView => ({
  id: 'a1',
  position: 1,
  kind: 'idea_board',
  prompt: 'Que changer à Vierzon ?',
  status: 'open',
  categories: [],
  dots: null,
  voteOn: null,
  options: [],
  multiple: false,
  timerEndsAt: null,
  ...overrides,
});

export const idea = (id: string, overrides: Partial<IdeaView> = {}): IdeaView => ({
  id,
  activityId: 'a1',
  clientId: `c-${id}`,
  text: `idée ${id}`,
  category: null,
  origin: 'phone',
  authorName: null,
  themeId: null,
  duplicateOf: null,
  createdAt: `2025-01-01T10:00:0${id.length}.000Z`,
  ...overrides,
});

export const snapshot = (overrides: Partial<WorkshopSnapshot> = {}): WorkshopSnapshot => ({
  seq: 3,
  workshop: { id: 'w1', title: 'Fabrik', status: 'live', entryLocked: false },
  activities: [activity()],
  ideas: [],
  themes: [],
  results: [],
  ...overrides,
});

export const posted = (seq: number, id: string): LiveEvent => ({
  seq,
  at: '2025-01-01T10:00:00.000Z',
  type: 'idea.posted',
  data: idea(id),
});
