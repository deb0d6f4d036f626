import { useI18n } from '@web/i18n/i18n';
import { LoadError, Loading } from '@web/shared/components/ApiStatus';
import { Page } from '@web/shared/components/Page';
import { useApiQuery } from '@web/shared/query/useApiQuery';
import { queryKeys } from '@web/shared/query/query-keys';
import { useStaffLive } from '@web/modules/live/useLive';
import { facilitatorApi } from '../api/facilitator.api';
import { joinUrl } from './FacilitatorWorkshopPage';
import { FACILITATION, RequireRole } from '@web/modules/auth/components/RequireRole';
import { WallView } from './WallView';

/**
 * `/wall/:id`: the wall for a signed-in facilitator (the projection computer uses the wall
 * link instead, `/wall/link/:token`, with no account); no controls, large type, high contrast.
 */
export function WallPage({ workshopId }: { workshopId: string }) {
  const { t } = useI18n();
  return (
    <RequireRole title={t('wall.title')} roles={FACILITATION} refusal="facilitator.notAllowed">
      <Wall workshopId={workshopId} />
    </RequireRole>
  );
}

function Wall({ workshopId }: { workshopId: string }) {
  const { t } = useI18n();
  const workshop = useApiQuery(queryKeys.workshops.one(workshopId), (signal) =>
    facilitatorApi.get(workshopId, signal),
  );
  const live = useStaffLive(workshopId);
  if (workshop.isPending) {
    return (
      <Page title={t('wall.title')}>
        <Loading />
      </Page>
    );
  }
  if (workshop.isError) {
    return (
      <Page title={t('wall.title')}>
        <LoadError error={workshop.error} onRetry={() => void workshop.refetch()} />
      </Page>
    );
  }
  return (
    <WallView
      title={workshop.data.title}
      joinUrl={joinUrl(workshop.data.code)}
      code={workshop.data.code}
      qrSrc={`/api/workshops/${workshopId}/qr.svg`}
      live={live}
    />
  );
}
