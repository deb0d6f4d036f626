import { useState } from 'react';
import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { Feedback } from '@web/shared/components/Feedback';
import { useAction } from '@web/modules/facilitator/components/useAction';
import { proposalsApi } from '../api/proposals.api';

/** On a closed workshop's synthesis: turn one theme into a draft proposal (provenance kept). */
export function DraftFromThemeButton({
  workshopId,
  themeId,
  themeName,
}: {
  workshopId: string;
  themeId: string;
  themeName: string;
}) {
  const { t } = useI18n();
  const { busy, message, run } = useAction();
  const [draftId, setDraftId] = useState<string | null>(null);
  const make = () =>
    run(async (headers) => {
      const draft = await proposalsApi.draftFromWorkshop({ workshopId, themeId }, headers);
      setDraftId(draft.id);
    });
  return (
    <div className="no-print">
      {draftId ? (
        <p role="status">
          {t('proposals.draft.made')}{' '}
          <Link href={`/officials/proposals/${draftId}`}>{t('proposals.draft.open')}</Link>
        </p>
      ) : (
        <button type="button" className="button" disabled={busy} onClick={make}>
          {t('proposals.draft.fromTheme', { theme: themeName })}
        </button>
      )}
      <Feedback message={message} />
    </div>
  );
}
