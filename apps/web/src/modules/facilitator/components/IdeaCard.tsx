import type { IdeaView } from '@permanente/contracts';
import type { ReactNode } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { useDropTarget, useIdeaDrag } from './ConsoleDnd';

/**
 * A compact idea card: a handle to drag it (on a theme, or on another idea to merge it), its
 * text, a few badges, and the actions its place gives it. Every card is also a drop target:
 * an idea dropped on it is merged into it (into its original, if it is itself a duplicate).
 */
export function IdeaCard({
  idea,
  place,
  order,
  badges,
  selection,
  children,
}: {
  idea: IdeaView;
  /** Each idea shows in the stream and, once in a theme, on the board: two cards, two ids. */
  place: 'stream' | 'board';
  /** Its keyboard order among the drop targets. */
  order: number;
  badges?: ReactNode;
  selection?: { selected: boolean; toggle(): void };
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const {
    setNodeRef: setHandleRef,
    attributes,
    listeners,
    isDragging,
  } = useIdeaDrag(`${place}:${idea.id}`, idea.id);
  const { setNodeRef: setCardRef, isOver } = useDropTarget(
    `idea:${place}:${idea.id}`,
    { kind: 'idea', ideaId: idea.id },
    order,
  );
  const classes = ['idea-card'];
  if (idea.hidden) classes.push('idea-card-hidden');
  if (isOver && !isDragging) classes.push('idea-card-over');
  if (isDragging) classes.push('idea-card-dragging');
  if (selection?.selected) classes.push('idea-card-selected');
  return (
    <div ref={setCardRef} className={classes.join(' ')}>
      {selection && (
        <input
          type="checkbox"
          className="idea-card-check"
          checked={selection.selected}
          onChange={selection.toggle}
          aria-label={t('room.card.select', { idea: idea.text })}
        />
      )}
      <button
        type="button"
        ref={setHandleRef}
        className="drag-handle"
        {...attributes}
        {...listeners}
        aria-label={t('room.card.drag', { idea: idea.text })}
      >
        <span aria-hidden="true">⠿</span>
      </button>
      <div className="idea-card-body">
        <p className="idea-card-text">{idea.text}</p>
        {badges && <p className="idea-card-meta">{badges}</p>}
      </div>
      {children && <div className="idea-card-actions">{children}</div>}
    </div>
  );
}
