import {
  INITIATIVE_KINDS,
  type InitiativeKind,
  type InitiativeSearchQuery,
  type TerritoryTreeNode,
} from '@permanente/contracts';
import { FormEvent, useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { LoadError, Loading } from '@web/shared/components/ApiStatus';
import { Page } from '@web/shared/components/Page';
import { useApiQuery } from '@web/shared/query/useApiQuery';
import { queryKeys } from '@web/shared/query/query-keys';
import { useTerritoryTree } from '@web/modules/territories/hooks/useTerritories';
import { tourApi } from '../api/tour.api';
import { InitiativeCard } from './InitiativeCard';
import '../tour.css';

const PAGE_SIZE = 10;

/** `/initiatives`: the local initiatives met on the tour, searchable without signing in. */
export function InitiativesPage() {
  const { t } = useI18n();
  const [query, setQuery] = useState<InitiativeSearchQuery>({ page: 1, pageSize: PAGE_SIZE });
  const result = useApiQuery(queryKeys.tour.initiatives(query), (signal) =>
    tourApi.initiatives(query, signal),
  );
  const themes = result.isSuccess ? result.data.themes : [];
  return (
    <Page title={t('tour.initiatives.title')} intro={t('tour.initiatives.intro')}>
      <SearchForm
        themes={themes}
        onSearch={(filters) => setQuery({ ...filters, page: 1, pageSize: PAGE_SIZE })}
      />
      <section aria-labelledby="initiative-results">
        <h2 id="initiative-results" aria-live="polite">
          {result.isSuccess
            ? t('tour.initiatives.results', { count: result.data.total })
            : t('tour.initiatives.resultsTitle')}
        </h2>
        {result.isPending && <Loading />}
        {result.isError && <LoadError error={result.error} onRetry={() => void result.refetch()} />}
        {result.isSuccess && (
          <>
            {result.data.items.length === 0 && <p>{t('tour.initiatives.none')}</p>}
            <ul className="cards">
              {result.data.items.map((initiative) => (
                <li key={initiative.id}>
                  <InitiativeCard initiative={initiative} />
                </li>
              ))}
            </ul>
            {result.data.total > result.data.pageSize && (
              <nav className="pager" aria-label={t('tour.initiatives.pages')}>
                <button
                  type="button"
                  disabled={result.data.page <= 1}
                  onClick={() => setQuery({ ...query, page: (query.page ?? 1) - 1 })}
                >
                  {t('tour.initiatives.previous')}
                </button>
                <span>
                  {t('tour.initiatives.page', {
                    page: result.data.page,
                    pages: Math.ceil(result.data.total / result.data.pageSize),
                  })}
                </span>
                <button
                  type="button"
                  disabled={result.data.page * result.data.pageSize >= result.data.total}
                  onClick={() => setQuery({ ...query, page: (query.page ?? 1) + 1 })}
                >
                  {t('tour.initiatives.next')}
                </button>
              </nav>
            )}
          </>
        )}
      </section>
    </Page>
  );
}

/** Départements, each followed by its bassins de vie. */
function territoryOptions(nodes: TerritoryTreeNode[]): Array<{ id: string; label: string }> {
  return nodes.flatMap((node) => [
    ...(node.level === 'region' ? [] : [{ id: node.id, label: node.name }]),
    ...(node.level === 'departement'
      ? node.children.map((child) => ({ id: child.id, label: `— ${child.name}` }))
      : node.level === 'region'
        ? territoryOptions(node.children)
        : []),
  ]);
}

function SearchForm({
  themes,
  onSearch,
}: {
  themes: string[];
  onSearch(query: InitiativeSearchQuery): void;
}) {
  const { t } = useI18n();
  const tree = useTerritoryTree();
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<InitiativeKind | ''>('');
  const [territoryId, setTerritoryId] = useState('');
  const [theme, setTheme] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch({
      q: q.trim() || undefined,
      kind: kind || undefined,
      territoryId: territoryId || undefined,
      theme: theme || undefined,
    });
  };
  return (
    <form className="stack-form initiative-search" role="search" onSubmit={submit}>
      <label htmlFor="initiative-q">{t('tour.initiatives.search')}</label>
      <input
        id="initiative-q"
        type="search"
        value={q}
        maxLength={200}
        onChange={(event) => setQ(event.target.value)}
      />
      <label htmlFor="initiative-kind">{t('tour.initiatives.kind')}</label>
      <select
        id="initiative-kind"
        value={kind}
        onChange={(event) => setKind(event.target.value as InitiativeKind | '')}
      >
        <option value="">{t('tour.initiatives.any')}</option>
        {INITIATIVE_KINDS.map((candidate) => (
          <option key={candidate} value={candidate}>
            {t(`tour.kind.${candidate}`)}
          </option>
        ))}
      </select>
      <label htmlFor="initiative-territory">{t('tour.initiatives.territory')}</label>
      <select
        id="initiative-territory"
        value={territoryId}
        onChange={(event) => setTerritoryId(event.target.value)}
      >
        <option value="">{t('tour.initiatives.anywhere')}</option>
        {tree.isSuccess &&
          territoryOptions(tree.data).map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
      </select>
      <label htmlFor="initiative-theme">{t('tour.initiatives.theme')}</label>
      <select
        id="initiative-theme"
        value={theme}
        onChange={(event) => setTheme(event.target.value)}
      >
        <option value="">{t('tour.initiatives.any')}</option>
        {themes.map((candidate) => (
          <option key={candidate} value={candidate}>
            {candidate}
          </option>
        ))}
      </select>
      <button type="submit">{t('tour.initiatives.submit')}</button>
    </form>
  );
}
