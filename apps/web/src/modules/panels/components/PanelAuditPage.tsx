import { useMutation } from '@tanstack/react-query';
import type { PanelDrawAudit, PanelPublicResponse } from '@permanente/contracts';
import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { errorReason } from '@web/shared/api/error-reason';
import { LoadError, Loading } from '@web/shared/components/ApiStatus';
import { Page } from '@web/shared/components/Page';
import { useApiQuery } from '@web/shared/query/useApiQuery';
import { queryKeys } from '@web/shared/query/query-keys';
import { panelsApi } from '../api/panels.api';
import { percent, valueLabel } from '../panel-format';
import { DistributionAudit } from './audit/DistributionAudit';

/**
 * `/panels/:id/audit`: what anyone needs to check a draw — seed, quotas, anonymous pool,
 * algorithm version, result and probabilities — and a button that computes it again.
 */
export function PanelAuditPage({ id }: { id: string }) {
  const { t } = useI18n();
  const panel = useApiQuery(queryKeys.panels.publicView(id), (signal) =>
    panelsApi.publicView(id, signal),
  );
  if (!panel.isSuccess)
    return (
      <Page title={t('panels.audit.title')}>
        {panel.isPending ? (
          <Loading />
        ) : (
          <LoadError error={panel.error} onRetry={() => void panel.refetch()} />
        )}
      </Page>
    );
  return <Audit panel={panel.data} />;
}

function Audit({ panel }: { panel: PanelPublicResponse }) {
  const { t } = useI18n();
  // Cancelled draws stay public: nobody can redraw until a panel suits them unseen.
  const draws = panel.draws;
  return (
    <Page title={t('panels.audit.titleOf', { panel: panel.title })} intro={t('panels.audit.intro')}>
      <dl className="facts">
        <dt>{t('panels.seats.title')}</dt>
        <dd>
          {t('panels.seats.summary', {
            drawn: panel.seats.drawn,
            organisation: panel.seats.organisation,
            elected: panel.seats.elected,
          })}
        </dd>
        <dt>{t('panels.audit.announced')}</dt>
        <dd>{panel.announcedSeed ?? t('panels.audit.noSeed')}</dd>
        <dt>{t('panels.pool.count')}</dt>
        <dd>{panel.volunteerCount}</dd>
      </dl>
      {panel.callOpen && (
        <p>
          <Link href={`/panels/${panel.id}/apply`}>{t('panels.links.apply')}</Link>
        </p>
      )}
      {draws.length === 0 && <p>{t('panels.audit.none')}</p>}
      {draws.map((draw) => (
        <DrawAudit key={draw.id} panel={panel} draw={draw} />
      ))}
      {panel.lotteries.length > 0 && (
        <section aria-labelledby="lotteries-heading">
          <h2 id="lotteries-heading">{t('panels.lottery.title')}</h2>
          {panel.lotteries.map((lottery) => (
            <dl className="facts" key={lottery.id}>
              <dt>{lottery.purpose}</dt>
              <dd>
                {t('panels.lottery.result', {
                  drawn: lottery.drawn.join(', '),
                  count: lottery.names.length,
                  seed: lottery.seed,
                })}
              </dd>
              <dt>{t('panels.audit.listDigest')}</dt>
              <dd>
                <code>{lottery.listDigest}</code>
              </dd>
            </dl>
          ))}
        </section>
      )}
    </Page>
  );
}

function DrawAudit({ panel, draw }: { panel: PanelPublicResponse; draw: PanelDrawAudit }) {
  const { t, locale } = useI18n();
  // The draw run again by the server from its published inputs: nothing is written.
  const rerunning = useMutation({ mutationFn: () => panelsApi.rerun(panel.id, draw.id) });
  const busy = rerunning.isPending;
  const rerun = rerunning.data ?? null;
  const error = rerunning.error
    ? t('panels.failed', { reason: errorReason(rerunning.error, t) })
    : null;
  const heading = `draw-${draw.id}`;
  const selected = new Set(draw.panel);

  const run = () => rerunning.mutate();

  return (
    <section aria-labelledby={heading}>
      <h2 id={heading}>
        {draw.kind === 'initial' ? t('panels.audit.initial') : t('panels.audit.replacement')}
        {draw.cancelledAt && ` — ${t('panels.audit.cancelled')}`}
      </h2>
      <p className="muted">
        {t('panels.audit.when', { date: new Date(draw.createdAt).toLocaleString(locale) })}
        {draw.cancelledAt &&
          ` · ${t('panels.audit.cancelledAt', { date: new Date(draw.cancelledAt).toLocaleString(locale) })}`}
      </p>
      <dl className="facts">
        <dt>{t('panels.audit.seed')}</dt>
        <dd>{draw.seed}</dd>
        <dt>{t('panels.audit.algorithm')}</dt>
        <dd>
          {draw.algorithmVersion} ({draw.fairness}, {draw.solverVersion})
        </dd>
        <dt>{t('panels.audit.instanceDigest')}</dt>
        <dd>
          <code style={{ wordBreak: 'break-all' }}>{draw.instanceDigest}</code>
        </dd>
        <dt>{t('panels.audit.distributionDigest')}</dt>
        <dd>
          <code style={{ wordBreak: 'break-all' }}>{draw.distributionDigest}</code>
        </dd>
        <dt>{t('panels.audit.result')}</dt>
        <dd data-testid="draw-result">{draw.panel.join(', ')}</dd>
        <dt>{t('panels.audit.minimum')}</dt>
        <dd>{percent(draw.minimumProbability, locale)}</dd>
        {draw.kind === 'replacement' && (
          <>
            <dt>{t('panels.audit.confirmed')}</dt>
            <dd>{draw.confirmed.join(', ')}</dd>
            <dt>{t('panels.audit.excluded')}</dt>
            <dd>{draw.excluded.join(', ')}</dd>
          </>
        )}
      </dl>
      <h3>{t('panels.quotas.title')}</h3>
      <ul>
        {draw.quotas.map((quota) => (
          <li key={`${quota.feature}=${quota.value}`}>
            {t('panels.audit.quota', {
              value: valueLabel(panel.features, quota.feature, quota.value),
              min: quota.min,
              max: quota.max,
            })}
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => void run()} disabled={busy}>
        {t('panels.audit.rerun')}
      </button>
      <div role="status">
        {busy && <p className="notice">{t('panels.audit.rerunning')}</p>}
        {rerun && (
          <p className={rerun.identical ? 'notice' : 'notice notice-error'}>
            {rerun.identical
              ? t('panels.audit.same', { members: rerun.panel.join(', '), ms: rerun.elapsedMs })
              : t('panels.audit.different', { members: rerun.panel.join(', ') })}
          </p>
        )}
      </div>
      <div role="alert">{error && <p className="field-error">{error}</p>}</div>
      <DistributionAudit panelId={panel.id} draw={draw} />
      <details>
        <summary>{t('panels.audit.pool', { count: draw.pool.length })}</summary>
        <div
          style={{ overflowX: 'auto' }}
          tabIndex={0}
          role="region"
          aria-label={t('panels.audit.poolCaption')}
        >
          <table className="synthesis-table">
            <caption>{t('panels.audit.poolCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('panels.pool.id')}</th>
                {panel.features.map((feature) => (
                  <th scope="col" key={feature.key}>
                    {feature.label}
                  </th>
                ))}
                <th scope="col">{t('panels.pool.probability')}</th>
                <th scope="col">{t('panels.pool.selected')}</th>
              </tr>
            </thead>
            <tbody>
              {draw.pool.map((volunteer) => (
                <tr key={volunteer.id}>
                  <td>{volunteer.id}</td>
                  {panel.features.map((feature) => (
                    <td key={feature.key}>
                      {valueLabel(panel.features, feature.key, volunteer.features[feature.key])}
                    </td>
                  ))}
                  <td>{percent(draw.probabilities[volunteer.id] ?? 0, locale)}</td>
                  <td>{selected.has(volunteer.id) ? t('common.yes') : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
