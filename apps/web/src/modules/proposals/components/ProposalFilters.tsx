import {
  PROPOSAL_SORTS,
  PROPOSAL_SOURCES,
  PROPOSAL_STATUSES,
  type ProposalListQuery,
  type TerritoryTreeNode,
} from '@permanente/contracts';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../../i18n/i18n';
import { getJson } from '../../../shared/api/http';
import { useApi } from '../../../shared/hooks/useApi';

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
  const territories = useApi<TerritoryTreeNode[]>('proposals:territories', (signal) =>
    getJson<TerritoryTreeNode[]>('/api/territories', signal),
  );
  const set = (patch: Partial<ProposalListQuery>) => setDraft((d) => ({ ...d, ...patch }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ ...draft, offset: 0 });
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
            {territories.status === 'ready' &&
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

/** Previous / next page buttons with "21–40 of 57". */
export function Pager({
  query,
  total,
  onChange,
}: {
  query: ProposalListQuery;
  total: number;
  onChange(query: ProposalListQuery): void;
}) {
  const { t } = useI18n();
  const limit = query.limit ?? 20;
  const offset = query.offset ?? 0;
  if (total <= limit) return null;
  return (
    <nav className="button-row" aria-label={t('proposals.pager.label')}>
      <button
        type="button"
        disabled={offset === 0}
        onClick={() => onChange({ ...query, offset: Math.max(0, offset - limit) })}
      >
        {t('proposals.pager.previous')}
      </button>
      <span>
        {t('proposals.pager.range', {
          from: offset + 1,
          to: Math.min(total, offset + limit),
          total,
        })}
      </span>
      <button
        type="button"
        disabled={offset + limit >= total}
        onClick={() => onChange({ ...query, offset: offset + limit })}
      >
        {t('proposals.pager.next')}
      </button>
    </nav>
  );
}
