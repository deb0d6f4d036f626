import {
  closestCenter,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import type { IdeaView, ThemeView } from '@permanente/contracts';
import { useState, type ReactNode } from 'react';
import { useI18n } from '@web/i18n/i18n';

/**
 * Drag and drop of the console (dnd-kit): an idea is dropped on a theme (it goes in, with the
 * rest of the selection if it was selected) or on another idea (it is merged into it). The
 * keyboard does all of it through dnd-kit's KeyboardSensor, the arrows jumping from target to
 * target (themes first, then ideas, in the order of the screen), and dnd-kit's live region
 * says each step in French.
 */

/** What a drop does. */
export type DropTarget =
  { kind: 'theme'; themeId: string | null } | { kind: 'idea'; ideaId: string };

interface DragData {
  ideaId: string;
}
interface DropData {
  target: DropTarget;
  /** Keyboard order: themes first (their order), then ideas (the board's, then the stream's). */
  order: number;
}

export const themeDropId = (themeId: string | null) => `theme:${themeId ?? 'none'}`;

/** The arrows go to the next (or previous) drop target, centring the idea on it. */
const jumpBetweenTargets: KeyboardCoordinateGetter = (event, { context }) => {
  const step =
    event.code === 'ArrowDown' || event.code === 'ArrowRight'
      ? 1
      : event.code === 'ArrowUp' || event.code === 'ArrowLeft'
        ? -1
        : 0;
  const { active, collisionRect, droppableRects, droppableContainers, over } = context;
  if (!step || !active || !collisionRect) return undefined;
  event.preventDefault();
  const activeIdea = (active.data.current as DragData | undefined)?.ideaId;
  const targets = droppableContainers
    .getEnabled()
    .filter((container) => {
      const data = container.data.current as DropData | undefined;
      if (!data || !droppableRects.has(container.id)) return false;
      return !(data.target.kind === 'idea' && data.target.ideaId === activeIdea);
    })
    .sort((a, b) => (a.data.current as DropData).order - (b.data.current as DropData).order);
  if (targets.length === 0) return undefined;
  const index = targets.findIndex((container) => container.id === over?.id);
  const next =
    index === -1
      ? targets[step > 0 ? 0 : targets.length - 1]
      : targets[(index + step + targets.length) % targets.length];
  const rect = droppableRects.get(next.id)!;
  return {
    x: rect.left + rect.width / 2 - collisionRect.width / 2,
    y: rect.top + rect.height / 2 - collisionRect.height / 2,
  };
};

/**
 * The pointer: the innermost target under it (an idea before its theme). The keyboard: the
 * target the arrows centred the idea on, and nothing else (so that Space right after picking
 * an idea up puts it back rather than dropping it on a neighbour). Never the idea itself.
 */
const collision: CollisionDetection = (args) => {
  const own = (args.active.data.current as DragData | undefined)?.ideaId;
  const scoped = {
    ...args,
    droppableContainers: args.droppableContainers.filter((container) => {
      const data = container.data.current as DropData | undefined;
      return !(data?.target.kind === 'idea' && data.target.ideaId === own);
    }),
  };
  if (!args.pointerCoordinates)
    return closestCenter(scoped).filter((hit) => Number(hit.data?.['value'] ?? Infinity) < 4);
  const within = pointerWithin(scoped);
  const ideas = within.filter((hit) => String(hit.id).startsWith('idea:'));
  return ideas.length > 0 ? ideas : within;
};

export function ConsoleDnd({
  ideas,
  themes,
  onDrop,
  children,
}: {
  ideas: IdeaView[];
  themes: ThemeView[];
  onDrop(ideaId: string, target: DropTarget): void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const [moving, setMoving] = useState<string | null>(null);
  const sensors = useSensors(
    // A few pixels before a drag starts: a click on a card stays a click.
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: jumpBetweenTargets,
      scrollBehavior: 'auto',
    }),
  );
  const ideaText = (id: UniqueIdentifier | undefined) =>
    ideas.find((idea) => idea.id === id)?.text ?? '';
  const targetOf = (over: { data: { current?: unknown } } | null) =>
    (over?.data.current as DropData | undefined)?.target;
  const themeName = (themeId: string | null) =>
    themeId === null
      ? t('console.clustering.noTheme')
      : (themes.find((theme) => theme.id === themeId)?.name ?? '');
  const dragged = (active: { data: { current?: unknown } }) =>
    ideaText((active.data.current as DragData | undefined)?.ideaId);
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('room.dnd.start', { idea: dragged(active) }),
    onDragOver: ({ over }) => {
      const target = targetOf(over);
      if (!target) return t('room.dnd.overNothing');
      return target.kind === 'theme'
        ? t('room.dnd.overTheme', { theme: themeName(target.themeId) })
        : t('room.dnd.overIdea', { target: ideaText(target.ideaId) });
    },
    onDragEnd: ({ active, over }) => {
      const target = targetOf(over);
      const idea = dragged(active);
      if (!target) return t('room.dnd.endNothing', { idea });
      return target.kind === 'theme'
        ? t('room.dnd.endTheme', { idea, theme: themeName(target.themeId) })
        : t('room.dnd.endIdea', { idea, target: ideaText(target.ideaId) });
    },
    onDragCancel: ({ active }) => t('room.dnd.cancel', { idea: dragged(active) }),
  };
  const start = ({ active }: DragStartEvent) =>
    setMoving((active.data.current as DragData | undefined)?.ideaId ?? null);
  const end = ({ active, over }: DragEndEvent) => {
    setMoving(null);
    const ideaId = (active.data.current as DragData | undefined)?.ideaId;
    const target = targetOf(over);
    if (ideaId && target) onDrop(ideaId, target);
  };
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collision}
      onDragStart={start}
      onDragEnd={end}
      onDragCancel={() => setMoving(null)}
      accessibility={{
        announcements,
        screenReaderInstructions: { draggable: t('room.dnd.instructions') },
      }}
    >
      {children}
      {/* The idea follows the pointer above the columns, whatever scrolls under it. */}
      <DragOverlay dropAnimation={null}>
        {moving ? <div className="idea-card idea-card-overlay">{ideaText(moving)}</div> : null}
      </DragOverlay>
    </DndContext>
  );
}

/** The handle that drags an idea (a button: focus it, Space picks the idea up). */
export function useIdeaDrag(dragId: string, ideaId: string) {
  const { t } = useI18n();
  return useDraggable({
    id: dragId,
    data: { ideaId } satisfies DragData,
    attributes: { roleDescription: t('room.dnd.roleDescription') },
  });
}

export function useDropTarget(id: string, target: DropTarget, order: number) {
  return useDroppable({ id, data: { target, order } satisfies DropData });
}
