import type { LiveState } from '@permanente/live-client';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { Feedback } from '@web/shared/components/Feedback';
import { facilitatorApi } from '../api/facilitator.api';
import { type StreamFilter } from '../console-filter';
import { ClusteringPanel } from './ClusteringPanel';
import { ConsoleAgenda } from './ConsoleAgenda';
import { ConsoleDnd, type DropTarget } from './ConsoleDnd';
import { ConsoleResults } from './ConsoleResults';
import { IdeaStream } from './IdeaStream';
import { PaperIdeaForm } from './PaperIdeaForm';
import { PaperSignInForm } from './PaperSignInForm';
import { useAction } from './useAction';

/** The three columns: run sheet and timer, the live stream of ideas, the themes board. */
export function ConsoleRoom({ workshopId, state }: { workshopId: string; state: LiveState }) {
  const { t } = useI18n();
  const action = useAction();
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState<StreamFilter>('all');
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const searchRef = useRef<HTMLInputElement>(null);
  const newThemeRef = useRef<HTMLInputElement>(null);
  // Keyboard shortcuts, outside form fields: / search, t new theme, Esc clears.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      const field = (event.target as HTMLElement | null)?.closest?.(
        'input, textarea, select, [contenteditable="true"]',
      );
      if (event.key === 'Escape') {
        if (field && field !== searchRef.current) return;
        setSearch('');
        setSelected(new Set());
        return;
      }
      if (field) return;
      if (event.key === '/') {
        event.preventDefault();
        searchRef.current?.focus();
      } else if (event.key === 't') {
        event.preventDefault();
        newThemeRef.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  const byId = new Map(state.ideas.map((idea) => [idea.id, idea]));
  const drop = (ideaId: string, target: DropTarget) => {
    const moving = selected.has(ideaId) ? [...selected] : [ideaId];
    void action
      .run(async (headers) => {
        for (const id of moving) {
          const idea = byId.get(id);
          if (!idea) continue;
          if (target.kind === 'theme') {
            // A duplicate taken to a theme leaves its original: it stands on its own there.
            const request = idea.duplicateOf
              ? { themeId: target.themeId, duplicateOf: null }
              : { themeId: target.themeId };
            if (idea.themeId !== target.themeId || idea.duplicateOf)
              await facilitatorApi.classify(workshopId, id, request, headers);
          } else {
            const onto = byId.get(target.ideaId);
            const original = onto?.duplicateOf ?? target.ideaId;
            if (original !== id && idea.duplicateOf !== original)
              await facilitatorApi.classify(workshopId, id, { duplicateOf: original }, headers);
          }
        }
      })
      .then((done) => {
        if (done && moving.length > 1) {
          setSelected(new Set());
          action.setMessage({
            kind: 'success',
            text: t('room.bulk.done', { count: moving.length }),
          });
        }
      });
  };
  return (
    <ConsoleDnd ideas={state.ideas} themes={state.themes} onDrop={drop}>
      <div className="console-grid">
        <div className="console-column console-agenda">
          <ConsoleAgenda workshopId={workshopId} state={state} />
          <PaperIdeaForm workshopId={workshopId} state={state} />
          <PaperSignInForm workshopId={workshopId} />
          <ConsoleResults state={state} />
          <Shortcuts />
        </div>
        <div className="console-column">
          <BulkBar
            workshopId={workshopId}
            state={state}
            selected={selected}
            setSelected={setSelected}
          />
          <Feedback message={action.message} />
          <IdeaStream
            workshopId={workshopId}
            ideas={state.ideas}
            themes={state.themes}
            search={search}
            setSearch={setSearch}
            filter={filter}
            setFilter={setFilter}
            searchRef={searchRef}
            selected={selected}
            setSelected={setSelected}
            firstOrder={STREAM_ORDER}
          />
        </div>
        <ClusteringPanel workshopId={workshopId} state={state} newThemeRef={newThemeRef} />
      </div>
    </ConsoleDnd>
  );
}

/** Keyboard order of the stream's cards, after the board's. */
const STREAM_ORDER = 100_000;

function Shortcuts() {
  const { t } = useI18n();
  return (
    <details className="shortcuts">
      <summary>{t('room.shortcuts.title')}</summary>
      <ul>
        <li>{t('room.shortcuts.search')}</li>
        <li>{t('room.shortcuts.theme')}</li>
        <li>{t('room.shortcuts.clear')}</li>
        <li>{t('room.shortcuts.drag')}</li>
      </ul>
    </details>
  );
}

/** Bulk moves: the selected ideas into a theme (or out of every theme), in one go. */
function BulkBar({
  workshopId,
  state,
  selected,
  setSelected,
}: {
  workshopId: string;
  state: LiveState;
  selected: Set<string>;
  setSelected(next: Set<string>): void;
}) {
  const { t } = useI18n();
  const action = useAction();
  const [target, setTarget] = useState('');
  // Once moved, the selection is empty: the bar goes, its message stays.
  if (selected.size === 0) return <Feedback message={action.message} />;
  const move = async () => {
    const themeId = target || null;
    const ids = [...selected];
    const done = await action.run(async (headers) => {
      for (const id of ids) {
        const idea = state.ideas.find((one) => one.id === id);
        if (!idea) continue;
        const request = idea.duplicateOf ? { themeId, duplicateOf: null } : { themeId };
        await facilitatorApi.classify(workshopId, id, request, headers);
      }
    });
    if (done) {
      setSelected(new Set());
      action.setMessage({ kind: 'success', text: t('room.bulk.done', { count: ids.length }) });
    }
  };
  return (
    <div
      className="bulk-bar"
      role="group"
      aria-label={t('room.bulk.selected', { count: selected.size })}
    >
      <p>
        <strong>{t('room.bulk.selected', { count: selected.size })}</strong>
      </p>
      <label htmlFor="bulk-target">{t('room.bulk.target')}</label>
      <select id="bulk-target" value={target} onChange={(event) => setTarget(event.target.value)}>
        <option value="">{t('console.clustering.themeNone')}</option>
        {state.themes.map((theme) => (
          <option key={theme.id} value={theme.id}>
            {theme.name}
          </option>
        ))}
      </select>
      <button type="button" className="button" disabled={action.busy} onClick={() => void move()}>
        {t('room.bulk.move')}
      </button>
      <button type="button" className="button" onClick={() => setSelected(new Set())}>
        {t('room.bulk.clear')}
      </button>
      <Feedback message={action.message} />
    </div>
  );
}
