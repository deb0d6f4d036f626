import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { LoadError, Loading } from '@web/shared/components/ApiStatus';
import { Page } from '@web/shared/components/Page';
import { usePanel } from '../hooks/usePanel';
import { RequireRole } from '@web/modules/auth/components/RequireRole';
import type { Refresh } from '../hooks/useWrite';
import { PoolSection } from './panel-page/PoolSection';
import { QuotasSection } from './panel-page/QuotasSection';
import { DrawSection } from './panel-page/DrawSection';
import { MembersSection } from './panel-page/MembersSection';
import { SessionsSection } from './panel-page/SessionsSection';
import { ContributionSection } from './panel-page/ContributionSection';
import { AppointedSection } from './panel-page/AppointedSection';
import { FeaturesSection } from './panel-page/FeaturesSection';
import { ErasureSection } from './panel-page/ErasureSection';

/** `/organisation/panels/:id`: pool, quotas, draw, members, appointed seats, erasure. */
export function PanelPage({ id }: { id: string }) {
  const { t } = useI18n();
  return (
    <RequireRole title={t('panels.title')} roles={['organiser']} refusal="panels.organisersOnly">
      <PanelConsole id={id} />
    </RequireRole>
  );
}

function PanelConsole({ id }: { id: string }) {
  const { t } = useI18n();
  const { data, error, refresh, retry } = usePanel(id);
  if (!data) {
    return (
      <Page title={t('panels.title')}>
        {error ? <LoadError error={error} onRetry={retry} /> : <Loading />}
      </Page>
    );
  }
  const { panel, volunteers } = data;
  const reload: Refresh = refresh;
  const active = panel.draws.find((d) => d.kind === 'initial' && d.cancelledAt === null);
  return (
    <Page title={panel.title}>
      <p>
        <Link href="/organisation/panels">{t('panels.back')}</Link>
      </p>
      <dl className="facts">
        <dt>{t('panels.seats.title')}</dt>
        <dd>
          {t('panels.seats.summary', {
            drawn: panel.seats.drawn,
            organisation: panel.seats.organisation,
            elected: panel.seats.elected,
          })}
        </dd>
        <dt>{t('panels.pool.count')}</dt>
        <dd>{panel.volunteerCount}</dd>
        <dt>{t('panels.retention')}</dt>
        <dd>{panel.retentionUntil}</dd>
      </dl>
      <ul>
        <li>
          <Link href={`/panels/${panel.id}/apply`}>{t('panels.links.apply')}</Link>
        </li>
        <li>
          <Link href={`/panels/${panel.id}/audit`}>{t('panels.links.audit')}</Link>
        </li>
      </ul>
      <FeaturesSection panel={panel} refresh={reload} />
      <PoolSection panel={panel} volunteers={volunteers} drawn={!!active} refresh={reload} />
      <QuotasSection panel={panel} drawn={!!active} refresh={reload} />
      <DrawSection panel={panel} refresh={reload} />
      {active && <MembersSection panel={panel} refresh={reload} />}
      <SessionsSection panel={panel} refresh={reload} />
      <ContributionSection panel={panel} />
      <AppointedSection panel={panel} refresh={reload} />
      <ErasureSection panel={panel} drawn={!!active} refresh={reload} />
    </Page>
  );
}
