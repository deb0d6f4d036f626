import type { PanelDrawAudit } from '@permanente/contracts';
import { useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { checkDistribution, type DistributionCheck } from '@web/modules/panels/distribution-check';
import { percent } from '@web/modules/panels/panel-format';

/**
 * The published distribution of a draw: every panel composition of the support with its weight,
 * the volunteers no panel can include, and a check computed here, in the browser, without a
 * solver.
 */
export function DistributionAudit({ panelId, draw }: { panelId: string; draw: PanelDrawAudit }) {
  const { t, locale } = useI18n();
  const [check, setCheck] = useState<DistributionCheck | null>(null);
  const d = draw.distribution;
  if (!d) return <p className="muted">{t('panels.audit.noDistribution')}</p>;
  const caption = t('panels.audit.compositionsCaption');
  return (
    <>
      {draw.unselectable.length > 0 && (
        <p>{t('panels.audit.unselectable', { ids: draw.unselectable.join(', ') })}</p>
      )}
      <details>
        <summary>{t('panels.audit.compositions', { count: d.compositions.length })}</summary>
        <p className="muted">{t('panels.audit.compositionsHelp')}</p>
        <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={caption}>
          <table className="synthesis-table">
            <caption>{caption}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('panels.audit.weight')}</th>
                <th scope="col">{t('panels.audit.seatsByProfile')}</th>
              </tr>
            </thead>
            <tbody>
              {d.compositions.map(([counts, weight], index) => (
                <tr key={index}>
                  <td>{index + 1}</td>
                  <td>
                    {weight} ({percent(weight / d.probabilityScale, locale)})
                  </td>
                  <td>
                    {counts
                      .flatMap((count, p) => (count > 0 ? [`${d.profiles[p][0]} × ${count}`] : []))
                      .join(' ; ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <p>
        <a href={`/api/panels/${panelId}/public`} download={`panel-${panelId}-audit.json`}>
          {t('panels.audit.download')}
        </a>
      </p>
      <button type="button" onClick={() => setCheck(checkDistribution(draw))}>
        {t('panels.audit.check')}
      </button>
      <div role="status">
        {check && (
          <p className={check.ok ? 'notice' : 'notice notice-error'}>
            {check.ok
              ? t('panels.audit.checkOk', {
                  compositions: check.compositions,
                  picked: check.picked + 1,
                })
              : t('panels.audit.checkFailed', { checks: check.failures.join(', ') })}
          </p>
        )}
      </div>
    </>
  );
}
