import type { IdeaView, ThemeView } from '@permanente/contracts';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, type RefObject } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { Feedback } from '@web/shared/components/Feedback';
import { facilitatorApi } from '../api/facilitator.api';
import { filterIdeas, type StreamFilter } from '../console-filter';
import { IdeaCard } from './IdeaCard';
import { useAction } from './useAction';

const FILTERS: StreamFilter[] = ['all', 'loose', 'duplicates', 'hidden'];

/**
 * The live stream of ideas, newest first: search, filter, select for bulk moves, hide or
 * restore, un-merge. Virtualised: only the cards in view (and a few more) are in the page, so
 * 300 ideas scroll as smoothly as 6.
 */
export function IdeaStream({
  workshopId,
  ideas,
  themes,
  search,
  setSearch,
  filter,
  setFilter,
  searchRef,
  selected,
  setSelected,
  firstOrder,
}: {
  workshopId: string;
  ideas: IdeaView[];
  themes: ThemeView[];
  search: string;
  setSearch(value: string): void;
  filter: StreamFilter;
  setFilter(value: StreamFilter): void;
  searchRef: RefObject<HTMLInputElement | null>;
  selected: Set<string>;
  setSelected(next: Set<string>): void;
  /** Keyboard order of the first card among the drop targets. */
  firstOrder: number;
}) {
  const { t } = useI18n();
  const action = useAction();
  const shown = useMemo(
    () => filterIdeas(ideas, { search, filter }).reverse(),
    [ideas, search, filter],
  );
  const byId = useMemo(() => new Map(ideas.map((idea) => [idea.id, idea])), [ideas]);
  const themeName = useMemo(() => new Map(themes.map((theme) => [theme.id, theme.name])), [themes]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 76,
    overscan: 6,
    getItemKey: (index) => shown[index].id,
  });
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const moderate = (idea: IdeaView) =>
    action.run((headers) =>
      facilitatorApi.moderate(workshopId, idea.id, idea.hidden ? 'restore' : 'hide', headers),
    );
  const unmerge = (idea: IdeaView) =>
    action.run((headers) =>
      facilitatorApi.classify(workshopId, idea.id, { duplicateOf: null }, headers),
    );
  return (
    <section aria-labelledby="stream-heading" className="console-column console-stream">
      <h2 id="stream-heading">{t('room.stream.title', { count: ideas.length })}</h2>
      <div className="stream-tools">
        <label htmlFor="stream-search">{t('room.stream.search')}</label>
        <input
          id="stream-search"
          ref={searchRef}
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <label htmlFor="stream-filter">{t('room.stream.filter')}</label>
        <select
          id="stream-filter"
          value={filter}
          onChange={(event) => setFilter(event.target.value as StreamFilter)}
        >
          {FILTERS.map((value) => (
            <option key={value} value={value}>
              {t(`room.stream.filter.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <p className="muted" aria-live="polite">
        {t('room.stream.shown', { count: shown.length })}{' '}
        <button
          type="button"
          className="link-button"
          onClick={() => setSelected(new Set([...selected, ...shown.map((idea) => idea.id)]))}
          disabled={shown.length === 0}
        >
          {t('room.bulk.selectShown')}
        </button>
      </p>
      <Feedback message={action.message} />
      {shown.length === 0 && <p>{t('room.stream.none')}</p>}
      <div ref={scroller} className="stream-scroller" tabIndex={-1}>
        <ul
          className="stream-list"
          aria-label={t('console.board.label')}
          style={{ height: virtualizer.getTotalSize() }}
        >
          {virtualizer.getVirtualItems().map((row) => {
            const idea = shown[row.index];
            const original = idea.duplicateOf ? byId.get(idea.duplicateOf) : undefined;
            return (
              <li
                key={row.key}
                data-index={row.index}
                ref={virtualizer.measureElement}
                className="stream-item"
                style={{ transform: `translateY(${row.start}px)` }}
              >
                <IdeaCard
                  idea={idea}
                  place="stream"
                  order={firstOrder + row.index}
                  selection={{ selected: selected.has(idea.id), toggle: () => toggle(idea.id) }}
                  badges={
                    <>
                      {idea.themeId && themeName.has(idea.themeId) && (
                        <span className="badge">{themeName.get(idea.themeId)}</span>
                      )}
                      {original && (
                        <span className="badge">
                          {t('room.card.duplicateOf', { idea: original.text })}
                        </span>
                      )}
                      {idea.category && <span className="badge">{idea.category}</span>}
                      {idea.origin === 'paper' && (
                        <span className="badge">{t('live.idea.paper')}</span>
                      )}
                      {idea.hidden && (
                        <span className="badge badge-hidden">{t('console.board.hidden')}</span>
                      )}
                    </>
                  }
                >
                  {original && (
                    <button
                      type="button"
                      className="button button-small"
                      disabled={action.busy}
                      onClick={() => void unmerge(idea)}
                      aria-label={t('room.card.unmergeLabel', { idea: idea.text })}
                    >
                      {t('room.card.unmerge')}
                    </button>
                  )}
                  <button
                    type="button"
                    className="button button-small"
                    disabled={action.busy}
                    onClick={() => void moderate(idea)}
                    aria-label={t(
                      idea.hidden ? 'console.board.restoreLabel' : 'console.board.hideLabel',
                      { idea: idea.text },
                    )}
                  >
                    {t(idea.hidden ? 'console.board.restore' : 'console.board.hide')}
                  </button>
                </IdeaCard>
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}
