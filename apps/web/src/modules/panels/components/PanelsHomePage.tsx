import { useMutation } from '@tanstack/react-query';
import type { CreatePanelRequest, PanelSummary, TerritoryTreeNode } from '@permanente/contracts';
import { FormEvent, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { errorReason } from '@web/shared/api/error-reason';
import { LoadError, Loading } from '@web/shared/components/ApiStatus';
import { Feedback, type FeedbackMessage } from '@web/shared/components/Feedback';
import { Page } from '@web/shared/components/Page';
import { useApiQuery, useInvalidate } from '@web/shared/query/useApiQuery';
import { queryKeys } from '@web/shared/query/query-keys';
import { useAuth } from '@web/modules/auth/AuthProvider';
import { territoriesApi } from '@web/modules/territories/api/territories.api';
import { panelsApi } from '../api/panels.api';
import { RequireRole } from '@web/modules/auth/components/RequireRole';
import { optionsOf, SelectField } from '@web/shared/components/SelectField';

/** `/organisation/panels`: every panel, and a form to create one. */
export function PanelsHomePage() {
  const { t } = useI18n();
  return (
    <RequireRole title={t('panels.title')} roles={['organiser']} refusal="panels.organisersOnly">
      <PanelsHome />
    </RequireRole>
  );
}

function PanelsHome() {
  const { t } = useI18n();
  const panels = useApiQuery(queryKeys.panels.list, (signal) => panelsApi.list(signal));
  return (
    <Page title={t('panels.title')} intro={t('panels.intro')}>
      <section aria-labelledby="panels-heading">
        <h2 id="panels-heading">{t('panels.list')}</h2>
        {panels.isPending && <Loading />}
        {panels.isError && <LoadError error={panels.error} onRetry={() => void panels.refetch()} />}
        {panels.isSuccess && <PanelList panels={panels.data} />}
      </section>
      <section aria-labelledby="create-panel-heading">
        <h2 id="create-panel-heading">{t('panels.create.title')}</h2>
        <CreatePanelForm />
      </section>
    </Page>
  );
}

function PanelList({ panels }: { panels: PanelSummary[] }) {
  const { t } = useI18n();
  if (panels.length === 0) return <p>{t('panels.none')}</p>;
  return (
    <ul className="cards">
      {panels.map((panel) => (
        <li key={panel.id}>
          <Link href={`/organisation/panels/${panel.id}`}>{panel.title}</Link>
          <p className="muted">
            {t('panels.summary', {
              seats: panel.size,
              volunteers: panel.volunteerCount,
            })}{' '}
            · {panel.drawnAt ? t('panels.drawn') : t('panels.notDrawn')}
          </p>
        </li>
      ))}
    </ul>
  );
}

function departements(nodes: TerritoryTreeNode[]): TerritoryTreeNode[] {
  return nodes.flatMap((node) =>
    node.level === 'departement' ? [node] : departements(node.children),
  );
}

function CreatePanelForm() {
  const { t } = useI18n();
  const { csrfHeaders } = useAuth();
  const [, navigate] = useLocation();
  const invalidate = useInvalidate();
  const tree = useApiQuery(queryKeys.territories.tree, (signal) => territoriesApi.tree(signal));
  const campaigns = useApiQuery(queryKeys.campaigns, (signal) => panelsApi.campaigns(signal));
  const [campaignId, setCampaignId] = useState('');
  const [territoryId, setTerritoryId] = useState('');
  const [drawn, setDrawn] = useState('24');
  const [organisation, setOrganisation] = useState('8');
  const [elected, setElected] = useState('8');
  const [retentionUntil, setRetentionUntil] = useState('');
  const [message, setMessage] = useState<FeedbackMessage | null>(null);
  const create = useMutation({
    mutationFn: (request: CreatePanelRequest) => panelsApi.create(request, csrfHeaders()),
    onMutate: () => setMessage(null),
    onSuccess: async (created) => {
      await invalidate(queryKeys.panels.list);
      navigate(`/organisation/panels/${created.id}`);
    },
    onError: (error) =>
      setMessage({ kind: 'error', text: t('panels.failed', { reason: errorReason(error, t) }) }),
  });
  const busy = create.isPending;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const chosenCampaign = campaignId || (campaigns.isSuccess ? (campaigns.data[0]?.id ?? '') : '');
    if (!chosenCampaign || !territoryId || !retentionUntil) {
      setMessage({ kind: 'error', text: t('panels.create.missing') });
      return;
    }
    create.mutate({
      campaignId: chosenCampaign,
      territoryId,
      seats: {
        drawn: Number(drawn),
        organisation: Number(organisation),
        elected: Number(elected),
      },
      retentionUntil,
    });
  };

  return (
    <form className="stack-form" onSubmit={submit} noValidate>
      <SelectField
        id="panel-campaign"
        label={t('panels.create.campaign')}
        value={campaignId}
        onChange={setCampaignId}
        options={campaigns.isSuccess ? optionsOf(campaigns.data) : []}
      />
      <SelectField
        id="panel-territory"
        label={t('panels.create.territory')}
        value={territoryId}
        onChange={setTerritoryId}
        emptyChoice={t('panels.create.chooseTerritory')}
        options={tree.isSuccess ? optionsOf(departements(tree.data)) : []}
      />
      <label htmlFor="panel-drawn">{t('panels.seats.drawn')}</label>
      <input
        id="panel-drawn"
        type="number"
        min={0}
        value={drawn}
        onChange={(e) => setDrawn(e.target.value)}
      />
      <label htmlFor="panel-organisation">{t('panels.seats.organisation')}</label>
      <input
        id="panel-organisation"
        type="number"
        min={0}
        value={organisation}
        onChange={(e) => setOrganisation(e.target.value)}
      />
      <label htmlFor="panel-elected">{t('panels.seats.elected')}</label>
      <input
        id="panel-elected"
        type="number"
        min={0}
        value={elected}
        onChange={(e) => setElected(e.target.value)}
      />
      <label htmlFor="panel-retention">{t('panels.create.retention')}</label>
      <input
        id="panel-retention"
        type="date"
        value={retentionUntil}
        onChange={(e) => setRetentionUntil(e.target.value)}
      />
      <button type="submit" disabled={busy}>
        {t('panels.create.submit')}
      </button>
      <Feedback message={message} />
    </form>
  );
}
