import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { LoadError, Loading } from '@web/shared/components/ApiStatus';
import { Page } from '@web/shared/components/Page';
import { useApiQuery } from '@web/shared/query/useApiQuery';
import { queryKeys } from '@web/shared/query/query-keys';
import { useStaffLive } from '@web/modules/live/useLive';
import { facilitatorApi } from '../api/facilitator.api';
import { JoinCode, LiveStatus, StatusControls } from './ConsoleHeader';

export { joinUrl } from './ConsoleHeader';
import { ConsoleRoom } from './ConsoleRoom';
import { FACILITATION, RequireRole } from '@web/modules/auth/components/RequireRole';
import { WallLinkPanel } from './WallLinkPanel';

// The console is split along its parts: ConsoleHeader (join code, connection, status),
// ConsoleRoom (the three columns), ConsoleAgenda, PaperIdeaForm and ConsoleResults.

/** `/facilitator/w/:id`: the console that runs a workshop in the room. */
export function FacilitatorWorkshopPage({ workshopId }: { workshopId: string }) {
  const { t } = useI18n();
  return (
    <RequireRole title={t('console.title')} roles={FACILITATION} refusal="facilitator.notAllowed">
      <Console workshopId={workshopId} />
    </RequireRole>
  );
}

function Console({ workshopId }: { workshopId: string }) {
  const { t, locale } = useI18n();
  const workshop = useApiQuery(queryKeys.workshops.one(workshopId), (signal) =>
    facilitatorApi.get(workshopId, signal),
  );
  const live = useStaffLive(workshopId);
  if (workshop.isPending) {
    return (
      <Page title={t('console.title')}>
        <Loading />
      </Page>
    );
  }
  if (workshop.isError) {
    return (
      <Page title={t('console.title')}>
        <LoadError error={workshop.error} onRetry={() => void workshop.refetch()} />
      </Page>
    );
  }
  const state = live.state;
  const status = state?.workshop.status ?? workshop.data.status;
  return (
    <div className="console-room">
      <Page title={workshop.data.title}>
        <div className="console-top">
          <JoinCode workshop={workshop.data} />
          <div>
            <LiveStatus live={live} />
            <StatusControls
              workshopId={workshopId}
              status={status}
              entryLocked={state?.workshop.entryLocked ?? workshop.data.entryLocked}
            />
          </div>
          <div>
            <WallLinkPanel workshopId={workshopId} closed={status === 'closed'} />
            <ul className="console-links">
              <li>
                <a href={`/wall/${workshopId}`} target="_blank" rel="noreferrer">
                  {t('console.openWall')}
                </a>
              </li>
              <li>
                <a href={`/api/workshops/${workshopId}/export.csv?lang=${locale}`} download>
                  {t('console.export')}
                </a>
              </li>
              <li>
                <Link href={`/facilitator/w/${workshopId}/synthesis`}>
                  {t('console.synthesis')}
                </Link>
              </li>
            </ul>
          </div>
        </div>
        {state && <ConsoleRoom workshopId={workshopId} state={state} />}
      </Page>
    </div>
  );
}
