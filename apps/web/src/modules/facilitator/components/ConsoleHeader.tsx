import type { WorkshopResponse, WorkshopStatus } from '@permanente/contracts';
import type { LiveView } from '@permanente/live-client';
import { useI18n } from '@web/i18n/i18n';
import { ConfirmAction } from '@web/shared/components/ConfirmAction';
import { Feedback } from '@web/shared/components/Feedback';
import { facilitatorApi } from '../api/facilitator.api';
import { queryKeys } from '@web/shared/query/query-keys';
import { useAction } from './useAction';

// The console's head: the join code, the connection, and the workshop's status and entry.

export const joinUrl = (code: string) => `${window.location.origin}/join/${code}`;

export function JoinCode({ workshop }: { workshop: WorkshopResponse }) {
  const { t } = useI18n();
  return (
    <div className="join-code">
      <p>{t('console.code')}</p>
      <p className="code-big">{workshop.code}</p>
      <p>
        {t('console.joinAt')} <strong className="join-url">{joinUrl(workshop.code)}</strong>
      </p>
      <p>
        <a href={`/api/workshops/${workshop.id}/qr.svg`} download={`qr-${workshop.code}.svg`}>
          {t('console.downloadQr')}
        </a>
      </p>
    </div>
  );
}

export function LiveStatus({ live }: { live: LiveView }) {
  const { t } = useI18n();
  return (
    <div role="status" className="connection">
      <p>
        {t(live.connection === 'online' ? 'console.online' : 'console.offline')}
        {live.presence !== null && <> · {t('console.presence', { count: live.presence })}</>}
      </p>
      {live.error && <p className="field-error">{t('console.liveError', { code: live.error })}</p>}
    </div>
  );
}

const NEXT_STATUS: Partial<Record<WorkshopStatus, 'scheduled' | 'live' | 'closed'>> = {
  draft: 'scheduled',
  scheduled: 'live',
  live: 'closed',
};

export function StatusControls({
  workshopId,
  status,
  entryLocked,
}: {
  workshopId: string;
  status: WorkshopStatus;
  entryLocked: boolean;
}) {
  const { t } = useI18n();
  const action = useAction();
  const next = NEXT_STATUS[status];
  // The console follows the change live; the workshops' list shows it when next opened.
  const set = (target: WorkshopStatus) =>
    action.run(
      (headers) => facilitatorApi.setStatus(workshopId, target, headers),
      queryKeys.workshops.list,
    );
  const lock = (locked: boolean) =>
    action.run(
      (headers) => facilitatorApi.setEntryLock(workshopId, locked, headers),
      queryKeys.workshops.list,
    );
  return (
    <section aria-labelledby="status-heading">
      <h2 id="status-heading">{t('console.status.title')}</h2>
      <p>
        <strong>{t(`workshop.status.${status}`)}</strong>
      </p>
      {next && next !== 'closed' && (
        <button type="button" className="button" disabled={action.busy} onClick={() => set(next)}>
          {t(`console.status.to.${next}`)}
        </button>
      )}
      {next === 'closed' && (
        <ConfirmAction
          label={t('console.status.to.closed')}
          question={t('console.status.confirmClose')}
          confirmLabel={t('console.status.confirmCloseButton')}
          onConfirm={() => void set('closed')}
          busy={action.busy}
        />
      )}
      {status !== 'closed' && (
        <>
          <p>{t(entryLocked ? 'console.entry.locked' : 'console.entry.open')}</p>
          <button
            type="button"
            className="button"
            disabled={action.busy}
            onClick={() => void lock(!entryLocked)}
          >
            {t(entryLocked ? 'console.entry.unlock' : 'console.entry.lock')}
          </button>
        </>
      )}
      <Feedback message={action.message} />
    </section>
  );
}
