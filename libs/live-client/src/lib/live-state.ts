import type {
  ActivityResults,
  ActivityView,
  IdeaView,
  LiveEvent,
  MyChoice,
  ThemeView,
  WorkshopSnapshot,
} from '@permanente/contracts';

/** Who is looking: participants never keep hidden ideas, staff keep them flagged. */
export type LiveAudience = 'participant' | 'staff';

/** A workshop as drawn by a screen: a snapshot, then its events applied in seq order. */
export interface LiveState {
  seq: number;
  workshop: WorkshopSnapshot['workshop'];
  /** In agenda order. */
  activities: ActivityView[];
  /** In posting order. */
  ideas: IdeaView[];
  /** Clustering: the facilitator's themes, in order. */
  themes: ThemeView[];
  /** By activity id. */
  results: Record<string, ActivityResults>;
  /** Participants: their own choices, by activity id. */
  mine: Record<string, MyChoice>;
  /** An event could not be applied (a malformed payload): a fresh snapshot is needed. */
  needsSnapshot?: boolean;
}

const isActivity = (value: unknown): value is ActivityView =>
  !!value &&
  typeof (value as ActivityView).id === 'string' &&
  typeof (value as ActivityView).kind === 'string';

const byPosition = (a: ActivityView, b: ActivityView) => a.position - b.position;

export function fromSnapshot(snapshot: WorkshopSnapshot): LiveState {
  return {
    seq: snapshot.seq,
    workshop: snapshot.workshop,
    activities: [...snapshot.activities].sort(byPosition),
    ideas: [...snapshot.ideas].sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    themes: [...(snapshot.themes ?? [])].sort((a, b) => a.position - b.position),
    results: Object.fromEntries(snapshot.results.map((result) => [result.activityId, result])),
    mine: Object.fromEntries((snapshot.mine ?? []).map((choice) => [choice.activityId, choice])),
  };
}

function upsertActivity(activities: ActivityView[], activity: ActivityView): ActivityView[] {
  const others = activities.filter((candidate) => candidate.id !== activity.id);
  return [...others, activity].sort(byPosition);
}

/** Adds or replaces an idea, keeping what the state already knew (`mine`). */
export function upsertIdea(ideas: IdeaView[], idea: IdeaView): IdeaView[] {
  const index = ideas.findIndex((candidate) => candidate.id === idea.id);
  if (index === -1) return [...ideas, idea];
  const next = [...ideas];
  next[index] = { ...ideas[index], ...idea, mine: idea.mine ?? ideas[index].mine };
  return next;
}

/** Applies one event (the caller checks its seq) and moves the state to that seq. */
export function applyEvent(state: LiveState, event: LiveEvent, audience: LiveAudience): LiveState {
  const next: LiveState = { ...state, seq: event.seq };
  switch (event.type) {
    case 'idea.posted':
      next.ideas = upsertIdea(state.ideas, event.data);
      break;
    case 'idea.restored':
      next.ideas = upsertIdea(
        state.ideas,
        audience === 'staff' ? { ...event.data, hidden: false } : event.data,
      );
      break;
    case 'idea.hidden':
      next.ideas =
        audience === 'staff'
          ? state.ideas.map((idea) =>
              idea.id === event.data.ideaId ? { ...idea, hidden: true } : idea,
            )
          : state.ideas.filter((idea) => idea.id !== event.data.ideaId);
      break;
    case 'activity.added':
    case 'activity.updated':
      // Never draw a half activity: ask for the whole workshop again instead.
      if (isActivity(event.data)) next.activities = upsertActivity(state.activities, event.data);
      else next.needsSnapshot = true;
      break;
    case 'workshop.status':
      next.workshop = { ...state.workshop, status: event.data.status };
      break;
    case 'workshop.entry':
      next.workshop = { ...state.workshop, entryLocked: event.data.locked };
      break;
    case 'results.updated':
      next.results = { ...state.results, [event.data.activityId]: event.data };
      break;
    case 'theme.saved':
      next.themes = [
        ...state.themes.filter((theme) => theme.id !== event.data.id),
        event.data,
      ].sort((a, b) => a.position - b.position);
      break;
    case 'theme.deleted':
      next.themes = state.themes.filter((theme) => theme.id !== event.data.themeId);
      break;
    case 'idea.classified': {
      const { ideaId, themeId, duplicateOf } = event.data;
      next.ideas = state.ideas.map((idea) =>
        idea.id === ideaId ? { ...idea, themeId, duplicateOf } : idea,
      );
      break;
    }
  }
  return next;
}

/** The participant's acknowledged choice. */
export function applyMine(state: LiveState, choice: MyChoice): LiveState {
  return { ...state, mine: { ...state.mine, [choice.activityId]: choice } };
}

/** The activity running now, if any. */
export function openActivity(state: LiveState): ActivityView | null {
  return state.activities.find((activity) => activity.status === 'open') ?? null;
}

/** The activity a screen should show: the open one, else the last one closed. */
export function currentOrLastActivity(state: LiveState): ActivityView | null {
  const open = openActivity(state);
  if (open) return open;
  const closed = state.activities.filter((activity) => activity.status === 'closed');
  return closed[closed.length - 1] ?? null;
}

/** The ideas shown for an activity: an idea board shows its own, a dot vote all of them. */
/** What a dot vote's dots go to: its themes (in their order) or the ideas (hidden ones left out). */
export interface VoteTarget {
  id: string;
  label: string;
}

export function voteTargets(
  activity: ActivityView,
  ideas: IdeaView[],
  themes: ThemeView[],
): VoteTarget[] {
  if (activity.voteOn === 'themes')
    return [...themes]
      .sort((a, b) => a.position - b.position)
      .map((theme) => ({ id: theme.id, label: theme.name }));
  const visible = ideas.filter((idea) => !idea.hidden);
  const shown = new Set(visible.map((idea) => idea.id));
  // Merged means merged: a duplicate is never a target of its own (its dots count for its
  // original, see the server's tally), unless its original is hidden.
  return visible
    .filter((idea) => !idea.duplicateOf || !shown.has(idea.duplicateOf))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((idea) => ({ id: idea.id, label: idea.text }));
}

/**
 * A participant's dots as they count now: the dots given to an idea merged since then (as a
 * duplicate of a shown original) sit on its original, as the server counts them.
 */
export function foldDots(
  dots: Record<string, number>,
  activity: ActivityView,
  ideas: IdeaView[],
): Record<string, number> {
  if (activity.voteOn === 'themes') return dots;
  const byId = new Map(ideas.filter((idea) => !idea.hidden).map((idea) => [idea.id, idea]));
  const folded: Record<string, number> = {};
  for (const [id, count] of Object.entries(dots)) {
    const original = byId.get(id)?.duplicateOf;
    const target = original && byId.has(original) ? original : id;
    folded[target] = (folded[target] ?? 0) + count;
  }
  return folded;
}

export function ideasFor(state: LiveState, activity: ActivityView): IdeaView[] {
  if (activity.kind === 'idea_board')
    return state.ideas.filter((idea) => idea.activityId === activity.id);
  return state.ideas;
}
