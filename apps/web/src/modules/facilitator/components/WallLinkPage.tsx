import type { WallInfoResponse } from '@permanente/contracts';
import { useI18n } from '@web/i18n/i18n';
import { LoadError, Loading } from '@web/shared/components/ApiStatus';
import { Page } from '@web/shared/components/Page';
import { getJson } from '@web/shared/api/http';
import { useApiQuery } from '@web/shared/query/useApiQuery';
import { queryKeys } from '@web/shared/query/query-keys';
import { useWallLive } from '../useWallLive';
import { joinUrl } from './FacilitatorWorkshopPage';
import { WallView } from './WallView';

const wallPath = (token: string) => `/api/walls/${encodeURIComponent(token)}`;

/**
 * `/wall/link/:token`: the wall on the projection computer, opened from the link the
 * facilitator shows; no account. A revoked or ended link gets a clear page, never data.
 */
export function WallLinkPage({ token }: { token: string }) {
  const { t } = useI18n();
  const info = useApiQuery(queryKeys.workshops.wallLink(token), (signal) =>
    getJson<WallInfoResponse>(wallPath(token), signal),
  );
  const live = useWallLive(info.isSuccess ? token : null);
  if (info.isPending)
    return (
      <Page title={t('wall.title')}>
        <Loading />
      </Page>
    );
  if (info.isError) {
    if (info.error.status === 404) return <WallLinkGone />;
    return (
      <Page title={t('wall.title')}>
        <LoadError error={info.error} onRetry={() => void info.refetch()} />
      </Page>
    );
  }
  // Revoked while on screen: the server closed the socket and refuses it again.
  if (live.error === 'unauthorized') return <WallLinkGone />;
  return (
    <WallView
      title={info.data.title}
      joinUrl={joinUrl(info.data.code)}
      code={info.data.code}
      qrSrc={`${wallPath(token)}/qr.svg`}
      live={live}
    />
  );
}

function WallLinkGone() {
  const { t } = useI18n();
  return (
    <div className="wall wall-gone">
      <Page title={t('wall.gone.title')}>
        <p>{t('wall.gone.text')}</p>
      </Page>
    </div>
  );
}
