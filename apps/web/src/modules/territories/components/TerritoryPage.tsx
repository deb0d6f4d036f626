import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { LoadError, Loading } from '@web/shared/components/ApiStatus';
import { Page } from '@web/shared/components/Page';
import { useTerritory } from '../hooks/useTerritories';
import { TerritoryFacts } from './TerritoryFacts';

export function TerritoryPage({ id }: { id: string }) {
  const { t } = useI18n();
  const territory = useTerritory(id);
  if (territory.isPending) {
    return (
      <Page title={t('territories.title')}>
        <Loading />
      </Page>
    );
  }
  if (territory.isError) {
    const missing = territory.error.status === 404 || territory.error.status === 400;
    return (
      <Page title={missing ? t('territories.notFound') : t('territories.title')}>
        {!missing && <LoadError error={territory.error} onRetry={() => void territory.refetch()} />}
        <p>
          <Link href="/territories">{t('common.backToList')}</Link>
        </p>
      </Page>
    );
  }
  const data = territory.data;
  return (
    <Page title={data.name}>
      <p>
        <TerritoryFacts territory={data} />
      </p>
      <dl className="facts">
        {data.inseeCode && (
          <>
            <dt>{t('territories.inseeCode')}</dt>
            <dd>{data.inseeCode}</dd>
          </>
        )}
        {data.ancestors.length > 0 && (
          <>
            <dt>{t('territories.ancestors')}</dt>
            <dd>
              {data.ancestors.map((ancestor, index) => (
                <span key={ancestor.id}>
                  {index > 0 && ' › '}
                  <Link href={`/territories/${ancestor.id}`}>{ancestor.name}</Link>
                </span>
              ))}
            </dd>
          </>
        )}
      </dl>
      {data.children.length > 0 && (
        <section aria-labelledby="children-heading">
          <h2 id="children-heading">
            {t('territories.children')} ({data.children.length})
          </h2>
          <ul className="cards">
            {data.children.map((child) => (
              <li key={child.id}>
                <Link href={`/territories/${child.id}`}>{child.name}</Link>
                <br />
                <TerritoryFacts territory={child} />
              </li>
            ))}
          </ul>
        </section>
      )}
      <p>
        <Link href="/territories">{t('common.backToList')}</Link>
      </p>
    </Page>
  );
}
