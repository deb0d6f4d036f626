import type { UseQueryResult } from '@tanstack/react-query';
import type { CampaignResponse, ProposalDetail, TerritoryTreeNode } from '@permanente/contracts';
import { useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { getJson } from '@web/shared/api/http';
import { LoadError, Loading } from '@web/shared/components/ApiStatus';
import { Page } from '@web/shared/components/Page';
import { useApiQuery } from '@web/shared/query/useApiQuery';
import { queryKeys } from '@web/shared/query/query-keys';
import { proposalsApi } from '../api/proposals.api';
import { formatDay, stateLabel } from '../proposal-format';
import { Figures } from './ProposalsPage';
import '../proposals.css';
import { optionsOf, SelectField } from '@web/shared/components/SelectField';

const MAX_IN_REPORT = 100;

async function loadReport(
  territoryId: string | undefined,
  campaignId: string | undefined,
  signal: AbortSignal,
): Promise<ProposalDetail[]> {
  const page = await proposalsApi.list(
    { territoryId, campaignId, sort: 'oldest', limit: MAX_IN_REPORT },
    signal,
  );
  const details: ProposalDetail[] = [];
  for (let i = 0; i < page.items.length; i += 10) {
    const batch = page.items.slice(i, i + 10);
    details.push(...(await Promise.all(batch.map((item) => proposalsApi.get(item.id, signal)))));
  }
  return details;
}

/**
 * `/proposals/report`: a printable report of the proposals of a territory or a campaign,
 * with the answers and what was done (the "contribution" handed to the council).
 */
export function ProposalsReportPage() {
  const { t } = useI18n();
  const [territoryId, setTerritoryId] = useState<string>('');
  const [campaignId, setCampaignId] = useState<string>('');
  const territories = useApiQuery<TerritoryTreeNode[]>(queryKeys.territories.tree, (signal) =>
    getJson<TerritoryTreeNode[]>('/api/territories', signal),
  );
  const campaigns = useApiQuery<CampaignResponse[]>(queryKeys.campaigns, (signal) =>
    getJson<CampaignResponse[]>('/api/campaigns', signal),
  );
  const report = useApiQuery<ProposalDetail[]>(
    queryKeys.proposals.report(territoryId, campaignId),
    (signal) => loadReport(territoryId || undefined, campaignId || undefined, signal),
  );
  const flat = (nodes: TerritoryTreeNode[]): TerritoryTreeNode[] =>
    nodes.flatMap((node) => [node, ...flat(node.children)]);
  return (
    <Page title={t('proposals.report.title')}>
      <div className="stack-form no-print">
        <SelectField
          id="report-territory"
          label={t('proposals.filters.territory')}
          value={territoryId}
          onChange={setTerritoryId}
          emptyChoice={t('proposals.filters.all')}
          options={territories.isSuccess ? optionsOf(flat(territories.data)) : []}
        />
        <SelectField
          id="report-campaign"
          label={t('proposals.campaign')}
          value={campaignId}
          onChange={setCampaignId}
          emptyChoice={t('proposals.filters.all')}
          options={campaigns.isSuccess ? optionsOf(campaigns.data) : []}
        />
        <button type="button" className="button" onClick={() => window.print()}>
          {t('proposals.report.print')}
        </button>
      </div>
      <Figures campaignId={campaignId || undefined} territoryId={territoryId || undefined} />
      <ReportBody report={report} />
    </Page>
  );
}

function ReportBody({ report }: { report: UseQueryResult<ProposalDetail[]> }) {
  const { t, locale } = useI18n();
  if (report.isPending) return <Loading />;
  if (report.isError)
    return <LoadError error={report.error} onRetry={() => void report.refetch()} />;
  return (
    <section aria-labelledby="report-proposals">
      <h2 id="report-proposals">{t('proposals.results', { count: report.data.length })}</h2>
      {report.data.map((p) => {
        const answer = p.answers[0];
        const last = p.followUps[p.followUps.length - 1];
        return (
          <article key={p.id} className="report-item" aria-labelledby={`report-${p.id}`}>
            <h3 id={`report-${p.id}`}>{p.title}</h3>
            <p className="muted">
              {p.territoryName} · {p.authors} ·{' '}
              {t('proposals.supports', { count: p.supportsCount })}
              {p.provenance.workshopTitle &&
                ` · ${t('proposals.provenance.builtFrom', {
                  count: p.provenance.ideaCount,
                  workshop: p.provenance.workshopTitle,
                  date: formatDay(p.provenance.workshopDate, locale),
                })}`}
            </p>
            <p>
              <strong>{t('proposals.need')} :</strong> {p.need}
            </p>
            <p>
              <strong>{t('proposals.action')} :</strong> {p.action}
            </p>
            <p>
              <strong>{t('proposals.answer.title')} :</strong>{' '}
              {answer
                ? `${stateLabel(answer.state, t)} (${formatDay(answer.answeredAt, locale)}, ${answer.officialName}) — ${answer.reasons}`
                : p.overdue
                  ? t('proposals.answer.overdue', { date: formatDay(p.answerDueAt, locale) })
                  : t('proposals.answer.awaited', { date: formatDay(p.answerDueAt, locale) })}
            </p>
            {last && (
              <p>
                <strong>{t('proposals.followUps.title')} :</strong>{' '}
                {t('proposals.progress', { percent: last.progress })} — {last.text}
              </p>
            )}
          </article>
        );
      })}
    </section>
  );
}
