import type { ActivityView, IdeaView } from '@permanente/contracts';

export interface ActivityRow {
  id: string;
  position: number;
  kind: ActivityView['kind'];
  prompt: string;
  status: ActivityView['status'];
  categories: string[];
  dots: number | null;
  vote_on: ActivityView['voteOn'];
  options: string[];
  multiple: boolean;
  timer_ends_at: Date | null;
}

export interface IdeaRow {
  id: string;
  activity_id: string;
  client_id: string;
  participant_id: string | null;
  text: string;
  category: string | null;
  origin: IdeaView['origin'];
  author_name: string | null;
  theme_id: string | null;
  duplicate_of: string | null;
  hidden_at: Date | null;
  created_at: Date;
}

export function toActivityView(row: ActivityRow): ActivityView {
  return {
    id: row.id,
    position: row.position,
    kind: row.kind,
    prompt: row.prompt,
    status: row.status,
    categories: row.categories,
    dots: row.dots,
    voteOn: row.vote_on,
    options: row.options,
    multiple: row.multiple,
    timerEndsAt: row.timer_ends_at ? new Date(row.timer_ends_at).toISOString() : null,
  };
}

export function toIdeaView(
  row: IdeaRow,
  options: { viewerParticipantId?: string; staff?: boolean } = {},
): IdeaView {
  const view: IdeaView = {
    id: row.id,
    activityId: row.activity_id,
    clientId: row.client_id,
    text: row.text,
    category: row.category,
    origin: row.origin,
    authorName: row.author_name,
    themeId: row.theme_id,
    duplicateOf: row.duplicate_of,
    createdAt: new Date(row.created_at).toISOString(),
  };
  if (options.viewerParticipantId) view.mine = row.participant_id === options.viewerParticipantId;
  if (options.staff) view.hidden = row.hidden_at !== null;
  return view;
}
