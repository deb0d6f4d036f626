import type {
  PanelFeasibilityResponse,
  PanelQuotaIssue,
  PanelResponse,
} from '@permanente/contracts';
import { FormEvent, useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { Feedback } from '@web/shared/components/Feedback';
import { panelsApi } from '@web/modules/panels/api/panels.api';
import {
  quotaDrafts,
  quotasFromDrafts,
  valueLabel,
  type QuotaDraft,
} from '@web/modules/panels/panel-format';
import { useWrite } from '@web/modules/panels/hooks/useWrite';
import type { Refresh } from '@web/modules/panels/hooks/useWrite';

export function IssueList({ issues }: { issues: PanelQuotaIssue[] }) {
  const { t } = useI18n();
  return (
    <ul>
      {issues.map((issue, index) => (
        <li key={index}>
          <strong>{issue.quotas.join(', ') || t('panels.quotas.pool')}</strong> —{' '}
          {t(`panels.issue.${issue.kind}`)}
          {issue.conflictingBounds && issue.conflictingBounds.length > 0 && (
            <> ({issue.conflictingBounds.join(' ; ')})</>
          )}
        </li>
      ))}
    </ul>
  );
}

export function QuotasSection({
  panel,
  drawn,
  refresh,
}: {
  panel: PanelResponse;
  drawn: boolean;
  refresh: Refresh;
}) {
  const { t } = useI18n();
  const write = useWrite();
  const [drafts, setDrafts] = useState<QuotaDraft[]>(() =>
    quotaDrafts(panel.features, panel.quotas),
  );
  const [report, setReport] = useState<PanelFeasibilityResponse | null>(null);
  const [checking, setChecking] = useState(false);

  const change = (index: number, bound: 'min' | 'max', value: string) =>
    setDrafts((current) => current.map((d, i) => (i === index ? { ...d, [bound]: value } : d)));

  const check = async () => {
    setChecking(true);
    try {
      setReport(await panelsApi.feasibility(panel.id));
    } catch {
      setReport(null);
    } finally {
      setChecking(false);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { quotas, invalid } = quotasFromDrafts(drafts, panel.seats.drawn);
    if (invalid.length > 0) return;
    const ok = await write.run(
      (headers) => panelsApi.setQuotas(panel.id, quotas, headers),
      t('panels.quotas.saved'),
    );
    if (ok) {
      await refresh();
      await check();
    }
  };

  const invalid = quotasFromDrafts(drafts, panel.seats.drawn).invalid;
  return (
    <section aria-labelledby="quotas-heading">
      <h2 id="quotas-heading">{t('panels.quotas.title')}</h2>
      <p className="muted">{t('panels.quotas.help', { seats: panel.seats.drawn })}</p>
      <form onSubmit={submit}>
        <div
          style={{ overflowX: 'auto' }}
          tabIndex={0}
          role="region"
          aria-label={t('panels.quotas.caption')}
        >
          <table className="synthesis-table">
            <caption>{t('panels.quotas.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('panels.quotas.feature')}</th>
                <th scope="col">{t('panels.quotas.value')}</th>
                <th scope="col">{t('panels.quotas.min')}</th>
                <th scope="col">{t('panels.quotas.max')}</th>
              </tr>
            </thead>
            <tbody>
              {drafts.map((draft, index) => {
                const feature = panel.features.find((f) => f.key === draft.feature)!;
                const label = `${feature.label} : ${valueLabel(panel.features, draft.feature, draft.value)}`;
                const bad = invalid.includes(`${draft.feature}=${draft.value}`);
                return (
                  <tr key={`${draft.feature}=${draft.value}`}>
                    <td>{feature.label}</td>
                    <th scope="row">{valueLabel(panel.features, draft.feature, draft.value)}</th>
                    {(['min', 'max'] as const).map((bound) => (
                      <td key={bound}>
                        <input
                          type="number"
                          min={0}
                          inputMode="numeric"
                          style={{ width: '5rem' }}
                          aria-label={t(`panels.quotas.${bound}Of`, { label })}
                          aria-invalid={bad}
                          value={draft[bound]}
                          disabled={drawn}
                          onChange={(e) => change(index, bound, e.target.value)}
                        />
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {invalid.length > 0 && (
          <p className="field-error">
            {t('panels.quotas.invalid', { quotas: invalid.join(', ') })}
          </p>
        )}
        {!drawn && (
          <div className="button-row">
            <button type="submit" disabled={write.busy}>
              {t('panels.quotas.save')}
            </button>
            <button type="button" onClick={() => void check()} disabled={checking}>
              {t('panels.quotas.check')}
            </button>
          </div>
        )}
        <Feedback message={write.message} />
      </form>
      <div role="status">
        {checking && <p className="muted">{t('panels.quotas.checking')}</p>}
        {report && !checking && report.feasible && (
          <p className="notice">
            {t('panels.quotas.feasible', { pool: report.poolSize, seats: report.seatsToDraw })}
          </p>
        )}
        {report && !checking && report.unselectable.length > 0 && (
          <div className="notice notice-error">
            <p>
              {t('panels.quotas.unselectable', {
                count: report.unselectable.reduce((sum, group) => sum + group.ids.length, 0),
              })}
            </p>
            <ul aria-label={t('panels.quotas.unselectableList')}>
              {report.unselectable.map((group) => (
                <li key={group.ids[0]}>
                  {t('panels.quotas.unselectableGroup', {
                    values: Object.entries(group.features)
                      .map(([key, value]) => valueLabel(panel.features, key, value))
                      .join(', '),
                    ids: group.ids.join(', '),
                  })}
                </li>
              ))}
            </ul>
          </div>
        )}
        {report && !checking && !report.feasible && (
          <div className="notice notice-error">
            <p>{t('panels.quotas.infeasible')}</p>
            <IssueList issues={report.issues} />
          </div>
        )}
      </div>
    </section>
  );
}
