import type { ClusteringSuggestions, ThemeView } from '@permanente/contracts';
import { FormEvent, useState, type ReactNode, type RefObject } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { ConfirmAction } from '@web/shared/components/ConfirmAction';
import { Feedback } from '@web/shared/components/Feedback';
import type { LiveState } from '@permanente/live-client';
import { facilitatorApi } from '../api/facilitator.api';
import { groupByTheme, mergeOrder, type ClusterEntry } from '../clustering';
import { themeDropId, useDropTarget } from './ConsoleDnd';
import { IdeaCard } from './IdeaCard';
import { useAction } from './useAction';

type Action = ReturnType<typeof useAction>;

/** Ideas shown per theme before "show the others": the board stays short with 300 ideas. */
export const THEME_PREVIEW = 8;
/** Keyboard order of the drop targets: "no theme", the themes, then the board's ideas. */
export const BOARD_IDEAS_ORDER = 1_000;

/**
 * The themes board: one drop zone per theme (and one for "no theme"), each listing its ideas
 * as compact cards (a card is itself a drop target: an idea dropped on it is merged), then the
 * suggestions. Drag and drop (dnd-kit, see ConsoleDnd) does the moves and the merges, with the
 * mouse or the keyboard alone.
 */
export function ClusteringPanel({
  workshopId,
  state,
  newThemeRef,
}: {
  workshopId: string;
  state: LiveState;
  newThemeRef?: RefObject<HTMLInputElement | null>;
}) {
  const { t } = useI18n();
  const action = useAction();
  const groups = groupByTheme(state.ideas, state.themes);
  const loose = groups.find((group) => group.theme === null)?.entries.length ?? 0;
  const themed = groups.filter((group) => group.theme !== null);
  // Each theme's first idea in the keyboard order: after the ideas of the themes before it.
  const firstOrders = themed.map((_, index) =>
    themed.slice(0, index).reduce((sum, group) => sum + group.entries.length, BOARD_IDEAS_ORDER),
  );
  return (
    <section aria-labelledby="clustering-heading" className="console-column console-board">
      <h2 id="clustering-heading">{t('console.clustering.title')}</h2>
      <p className="muted">{t('console.clustering.intro')}</p>
      <NewThemeForm workshopId={workshopId} action={action} inputRef={newThemeRef} />
      <Feedback message={action.message} />
      <DropZone target={null} order={0} className="cluster-loose">
        <p>
          <strong>{t('room.board.loose', { count: loose })}</strong>{' '}
          <span className="muted">{t('room.board.dropHere')}</span>
        </p>
      </DropZone>
      {themed.map((group, index) => (
        <ThemeZone
          key={group.theme!.id}
          workshopId={workshopId}
          theme={group.theme!}
          entries={group.entries}
          order={index + 1}
          firstIdeaOrder={firstOrders[index]}
          action={action}
        />
      ))}
      <Suggestions workshopId={workshopId} state={state} action={action} />
    </section>
  );
}

function DropZone({
  target,
  order,
  className,
  children,
}: {
  target: string | null;
  order: number;
  className: string;
  children: ReactNode;
}) {
  const { setNodeRef, isOver } = useDropTarget(
    themeDropId(target),
    { kind: 'theme', themeId: target },
    order,
  );
  return (
    <div ref={setNodeRef} className={`${className} drop-zone${isOver ? ' drop-zone-over' : ''}`}>
      {children}
    </div>
  );
}

function ThemeZone({
  workshopId,
  theme,
  entries,
  order,
  firstIdeaOrder,
  action,
}: {
  workshopId: string;
  theme: ThemeView;
  entries: ClusterEntry[];
  order: number;
  firstIdeaOrder: number;
  action: Action;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const shown = open ? entries : entries.slice(0, THEME_PREVIEW);
  const count = entries.reduce((sum, entry) => sum + 1 + entry.duplicates.length, 0);
  return (
    <DropZone target={theme.id} order={order} className="cluster-theme">
      <ThemeHeading workshopId={workshopId} theme={theme} action={action} />
      <p className="muted">{t('room.board.count', { count })}</p>
      {entries.length === 0 ? (
        <p className="muted">{t('console.clustering.themeEmpty')}</p>
      ) : (
        <ul className="cluster-ideas">
          {shown.map((entry, index) => (
            <li key={entry.idea.id}>
              <IdeaCard
                idea={entry.idea}
                place="board"
                order={firstIdeaOrder + index}
                badges={
                  entry.duplicates.length > 0 ? (
                    <span className="badge">
                      {t('room.card.duplicates', { count: entry.duplicates.length })}
                    </span>
                  ) : undefined
                }
              />
              {entry.duplicates.length > 0 && (
                <ul className="cluster-duplicates">
                  {entry.duplicates.map((duplicate) => (
                    <li key={duplicate.id}>
                      <span className="cluster-text">{duplicate.text}</span>{' '}
                      <button
                        type="button"
                        className="button button-small"
                        disabled={action.busy}
                        aria-label={t('room.card.unmergeLabel', { idea: duplicate.text })}
                        onClick={() =>
                          void action.run((headers) =>
                            facilitatorApi.classify(
                              workshopId,
                              duplicate.id,
                              { duplicateOf: null },
                              headers,
                            ),
                          )
                        }
                      >
                        {t('room.card.unmerge')}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      {entries.length > THEME_PREVIEW && (
        <button
          type="button"
          className="link-button"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          {open
            ? t('room.board.less')
            : t('room.board.more', { count: entries.length - THEME_PREVIEW })}
        </button>
      )}
    </DropZone>
  );
}

function NewThemeForm({
  workshopId,
  action,
  inputRef,
}: {
  workshopId: string;
  action: Action;
  inputRef?: RefObject<HTMLInputElement | null>;
}) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      action.setMessage({ kind: 'error', text: t('console.clustering.missingName') });
      return;
    }
    const done = await action.run((headers) =>
      facilitatorApi.createTheme(workshopId, name.trim(), headers),
    );
    if (done) setName('');
  };
  return (
    <form className="inline-form" onSubmit={submit} noValidate>
      <label htmlFor="new-theme">{t('console.clustering.newTheme')}</label>
      <input
        id="new-theme"
        ref={inputRef}
        value={name}
        onChange={(event) => setName(event.target.value)}
        maxLength={120}
      />
      <button type="submit" disabled={action.busy}>
        {t('console.clustering.addTheme')}
      </button>
    </form>
  );
}

function ThemeHeading({
  workshopId,
  theme,
  action,
}: {
  workshopId: string;
  theme: ThemeView;
  action: Action;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(theme.name);
  const inputId = `theme-name-${theme.id}`;
  const rename = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      action.setMessage({ kind: 'error', text: t('console.clustering.missingName') });
      return;
    }
    const done = await action.run((headers) =>
      facilitatorApi.renameTheme(workshopId, theme.id, name.trim(), headers),
    );
    if (done) setEditing(false);
  };
  return (
    <>
      <h3>{theme.name}</h3>
      {editing ? (
        <form className="inline-form" onSubmit={rename} noValidate>
          <label htmlFor={inputId}>{t('console.clustering.themeName', { name: theme.name })}</label>
          <input
            id={inputId}
            value={name}
            onChange={(event) => setName(event.target.value)}
            maxLength={120}
          />
          <button type="submit" disabled={action.busy}>
            {t('console.clustering.save')}
          </button>
          <button type="button" className="button" onClick={() => setEditing(false)}>
            {t('console.clustering.cancel')}
          </button>
        </form>
      ) : (
        <div className="button-row">
          <button
            type="button"
            className="button"
            onClick={() => {
              setName(theme.name);
              setEditing(true);
            }}
          >
            {t('console.clustering.rename', { name: theme.name })}
          </button>
          <ConfirmAction
            label={t('console.clustering.delete', { name: theme.name })}
            question={t('console.clustering.confirmDelete', { name: theme.name })}
            confirmLabel={t('console.clustering.confirmDeleteButton')}
            onConfirm={() =>
              void action.run((headers) =>
                facilitatorApi.deleteTheme(workshopId, theme.id, headers),
              )
            }
            busy={action.busy}
          />
        </div>
      )}
    </>
  );
}

function Suggestions({
  workshopId,
  state,
  action,
}: {
  workshopId: string;
  state: LiveState;
  action: Action;
}) {
  const { t } = useI18n();
  const [suggestions, setSuggestions] = useState<ClusteringSuggestions | null>(null);
  const [created, setCreated] = useState<string[]>([]);
  const load = () =>
    action.run(async () => {
      setSuggestions(await facilitatorApi.suggestions(workshopId));
      setCreated([]);
    });
  const text = (id: string) => state.ideas.find((idea) => idea.id === id)?.text ?? '';
  const pairs = (suggestions?.duplicates ?? [])
    .map((pair) => mergeOrder(state.ideas, pair.ideaIds))
    .filter((pair): pair is NonNullable<typeof pair> => !!pair && !pair.duplicate.duplicateOf);
  const groups = (suggestions?.groups ?? []).filter(
    (group, index) => !created.includes(`${index}:${group.label}`),
  );
  const createGroup = (group: { ideaIds: string[]; label: string }, key: string) =>
    action.run(async (headers) => {
      const theme = await facilitatorApi.createTheme(workshopId, group.label, headers);
      // A merged duplicate follows its original: only originals are classified.
      const originalIds = group.ideaIds.filter(
        (id) => !state.ideas.find((idea) => idea.id === id)?.duplicateOf,
      );
      for (const ideaId of originalIds)
        await facilitatorApi.classify(workshopId, ideaId, { themeId: theme.id }, headers);
      setCreated((done) => [...done, key]);
    });
  return (
    <section className="suggestions" aria-labelledby="suggestions-heading">
      <h3 id="suggestions-heading">{t('console.clustering.suggestionsTitle')}</h3>
      <button type="button" className="button" disabled={action.busy} onClick={() => void load()}>
        {t('console.clustering.suggest')}
      </button>
      {suggestions && pairs.length === 0 && groups.length === 0 && (
        <p>{t('console.clustering.noSuggestion')}</p>
      )}
      {pairs.length > 0 && (
        <ul aria-label={t('console.clustering.duplicatesLabel')}>
          {pairs.map(({ original, duplicate }) => (
            <li key={duplicate.id}>
              <p>
                {t('console.clustering.pair', {
                  duplicate: duplicate.text,
                  original: original.text,
                })}
              </p>
              <button
                type="button"
                className="button"
                disabled={action.busy}
                aria-label={t('console.clustering.mergeLabel', {
                  duplicate: duplicate.text,
                  original: original.text,
                })}
                onClick={() =>
                  void action.run((headers) =>
                    facilitatorApi.classify(
                      workshopId,
                      duplicate.id,
                      { duplicateOf: original.id },
                      headers,
                    ),
                  )
                }
              >
                {t('console.clustering.merge')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {groups.length > 0 && (
        <ul aria-label={t('console.clustering.groupsLabel')}>
          {suggestions?.groups.map((group, index) => {
            const key = `${index}:${group.label}`;
            if (created.includes(key)) return null;
            return (
              <li key={key}>
                <p>
                  {t('console.clustering.group', {
                    ideas: group.ideaIds.map((id) => `« ${text(id)} »`).join(', '),
                  })}
                </p>
                <button
                  type="button"
                  className="button"
                  disabled={action.busy}
                  onClick={() => void createGroup(group, key)}
                >
                  {t('console.clustering.createGroup', { label: group.label })}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
