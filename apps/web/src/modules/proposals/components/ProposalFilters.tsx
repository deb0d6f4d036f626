import {
  PROPOSAL_SORTS,
  PROPOSAL_SOURCES,
  PROPOSAL_STATUSES,
  type ProposalListQuery,
  type ProposalPage,
  type TerritoryTreeNode,
} from '@permanente/contracts';
import { useState, type FormEvent } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { getJson } from '@web/shared/api/http';
import { useApiQuery } from '@web/shared/query/useApiQuery';
import { queryKeys } from '@web/shared/query/query-keys';

function flatten(
  nodes: TerritoryTreeNode[],
  depth = 0,
): Array<{ node: TerritoryTreeNode; depth: number }> {
  return nodes.flatMap((node) => [{ node, depth }, ...flatten(node.children, depth + 1)]);
}

/** Search box and filters shared by the public list and the officials' queue. */
export function ProposalFilters({
  initial,
  onApply,
  staff = false,
}: {
  initial: ProposalListQuery;
  onApply(query: ProposalListQuery): void;
  staff?: boolean;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<ProposalListQuery>(initial);
  const territories = useApiQuery<TerritoryTreeNode[]>(queryKeys.territories.tree, (signal) =>
    getJson<TerritoryTreeNode[]>('/api/territories', signal),
  );
  const set = (patch: Partial<ProposalListQuery>) => setDraft((d) => ({ ...d, ...patch }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  const statuses = staff ? PROPOSAL_STATUSES : PROPOSAL_STATUSES.filter((s) => s !== 'draft');
  return (
    <form className="stack-form proposal-filters" role="search" onSubmit={submit}>
      <label htmlFor="proposal-q">{t('proposals.filters.search')}</label>
      <input
        id="proposal-q"
        type="search"
        value={draft.q ?? ''}
        maxLength={200}
        onChange={(event) => set({ q: event.target.value })}
      />
      <div className="filter-grid">
        <label>
          {t('proposals.filters.territory')}
          <select
            value={draft.territoryId ?? ''}
            onChange={(event) => set({ territoryId: event.target.value || undefined })}
          >
            <option value="">{t('proposals.filters.all')}</option>
            {territories.isSuccess &&
              flatten(territories.data).map(({ node, depth }) => (
                <option key={node.id} value={node.id}>
                  {`${'\u00a0\u00a0'.repeat(depth)}${node.name}`}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('proposals.filters.theme')}
          <input
            type="text"
            value={draft.theme ?? ''}
            maxLength={60}
            onChange={(event) => set({ theme: event.target.value || undefined })}
          />
        </label>
        <label>
          {t('proposals.filters.source')}
          <select
            value={draft.source ?? ''}
            onChange={(event) =>
              set({ source: (event.target.value || undefined) as ProposalListQuery['source'] })
            }
          >
            <option value="">{t('proposals.filters.all')}</option>
            {PROPOSAL_SOURCES.map((source) => (
              <option key={source} value={source}>
                {t(`proposals.source.${source}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('proposals.filters.status')}
          <select
            value={draft.status ?? ''}
            onChange={(event) =>
              set({ status: (event.target.value || undefined) as ProposalListQuery['status'] })
            }
          >
            <option value="">{t('proposals.filters.all')}</option>
            {statuses.map((status) => (
              <option key={status} value={status}>
                {t(`proposals.status.${status}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('proposals.filters.sort')}
          <select
            value={draft.sort ?? 'recent'}
            onChange={(event) => set({ sort: event.target.value as ProposalListQuery['sort'] })}
          >
            {PROPOSAL_SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {t(`proposals.sort.${sort}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="choice">
          <input
            type="checkbox"
            checked={draft.overdue === true}
            onChange={(event) => set({ overdue: event.target.checked ? true : undefined })}
          />{' '}
          {t('proposals.filters.overdueOnly')}
        </label>
      </div>
      <button type="submit" className="button">
        {t('proposals.filters.apply')}
      </button>
    </form>
  );
}

/**
 * A list's query and how it pages: "next" follows the page's cursor (fast at any depth),
 * "previous" goes back to the cursor before it; applying filters starts from the first page.
 */
export function usePagedQuery(initial: ProposalListQuery) {
  const [state, setState] = useState<{
    query: ProposalListQuery;
    /** The cursors of the pages before this one (undefined: the first page). */
    back: Array<string | undefined>;
  }>({ query: initial, back: [] });
  return {
    query: state.query,
    hasPrevious: state.back.length > 0,
    apply: (query: ProposalListQuery) =>
      setState({ query: { ...query, offset: undefined, cursor: undefined }, back: [] }),
    next: (cursor: string) =>
      setState(({ query, back }) => ({
        query: { ...query, cursor },
        back: [...back, query.cursor],
      })),
    previous: () =>
      setState(({ query, back }) => ({
        query: { ...query, cursor: back[back.length - 1] },
        back: back.slice(0, -1),
      })),
  };
}

/**
 * The heading's count: "57 propositions", or "plus de 10 000 propositions" when the API
 * stopped counting (`totalIsLowerBound`).
 */
export function resultsCount(
  t: ReturnType<typeof useI18n>['t'],
  page: ProposalPage,
  key: 'proposals.results' | 'proposals.officials.queue',
): string {
  return t(page.totalIsLowerBound ? `${key}More` : key, { count: page.total });
}

/** Previous / next page buttons with "21–40 of 57" (or "of more than 10,000"). */
export function Pager({
  page,
  paging,
}: {
  page: ProposalPage;
  paging: Pick<ReturnType<typeof usePagedQuery>, 'hasPrevious' | 'next' | 'previous'>;
}) {
  const { t } = useI18n();
  const { nextCursor } = page;
  if (!paging.hasPrevious && !nextCursor) return null;
  return (
    <nav className="button-row" aria-label={t('proposals.pager.label')}>
      <button type="button" disabled={!paging.hasPrevious} onClick={paging.previous}>
        {t('proposals.pager.previous')}
      </button>
      <span>
        {t(page.totalIsLowerBound ? 'proposals.pager.rangeMore' : 'proposals.pager.range', {
          from: page.offset + 1,
          to: page.offset + page.items.length,
          total: page.total,
        })}
      </span>
      <button
        type="button"
        disabled={!nextCursor}
        onClick={() => nextCursor && paging.next(nextCursor)}
      >
        {t('proposals.pager.next')}
      </button>
    </nav>
  );
}
