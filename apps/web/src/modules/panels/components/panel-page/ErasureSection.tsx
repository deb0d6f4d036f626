import type { PanelResponse } from '@permanente/contracts';
import { useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { Feedback } from '@web/shared/components/Feedback';
import { panelsApi } from '@web/modules/panels/api/panels.api';
import { useWrite } from '@web/modules/panels/hooks/useWrite';
import type { Refresh } from '@web/modules/panels/hooks/useWrite';

export function ErasureSection({
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
  const [confirming, setConfirming] = useState(false);
  if (panel.poolErasedAt) return null;
  const erase = async () => {
    const ok = await write.run(
      (headers) => panelsApi.erasePool(panel.id, headers),
      t('panels.erase.done'),
    );
    setConfirming(false);
    if (ok) await refresh();
  };
  return (
    <section aria-labelledby="erase-heading">
      <h2 id="erase-heading">{t('panels.erase.title')}</h2>
      <p className="muted">{t('panels.erase.help', { date: panel.retentionUntil })}</p>
      {drawn &&
        (confirming ? (
          <div className="confirm">
            <p>{t('panels.erase.confirm')}</p>
            <div className="button-row">
              <button type="button" className="button-danger" onClick={() => void erase()}>
                {t('panels.erase.submit')}
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
            </div>
          </div>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            {t('panels.erase.submit')}
          </button>
        ))}
      <Feedback message={write.message} />
    </section>
  );
}
