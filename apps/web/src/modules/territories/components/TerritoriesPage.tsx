import type { TerritoryTreeNode } from '@permanente/contracts';
import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { LoadError, Loading } from '@web/shared/components/ApiStatus';
import { Page } from '@web/shared/components/Page';
import { useTerritoryTree } from '../hooks/useTerritories';
import { TerritoryFacts } from './TerritoryFacts';

function TerritoryList({ nodes, level }: { nodes: TerritoryTreeNode[]; level: number }) {
  return (
    <ul className={level === 0 ? 'tree' : 'tree-children'}>
      {nodes.map((node) => (
        <li key={node.id}>
          <Link href={`/territories/${node.id}`}>{node.name}</Link>{' '}
          <TerritoryFacts territory={node} />
          {node.children.length > 0 && <TerritoryList nodes={node.children} level={level + 1} />}
        </li>
      ))}
    </ul>
  );
}

export function TerritoriesPage() {
  const { t } = useI18n();
  const tree = useTerritoryTree();
  return (
    <Page title={t('territories.title')} intro={t('territories.intro')}>
      {tree.isPending && <Loading />}
      {tree.isError && <LoadError error={tree.error} onRetry={() => void tree.refetch()} />}
      {tree.isSuccess &&
        (tree.data.length === 0 ? (
          <p>{t('territories.empty')}</p>
        ) : (
          <TerritoryList nodes={tree.data} level={0} />
        ))}
    </Page>
  );
}
