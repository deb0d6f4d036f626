import type { WallLinkResponse } from '@permanente/contracts';
import { useEffect, useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { ConfirmAction } from '@web/shared/components/ConfirmAction';
import { Feedback } from '@web/shared/components/Feedback';
import { facilitatorApi } from '../api/facilitator.api';
import { useAction } from './useAction';

export const wallLinkUrl = (token: string) =>
  `${window.location.origin}/wall/link/${encodeURIComponent(token)}`;

/**
 * The wall by link: a read-only address for the projection computer (no staff account there),
 * to create, show, replace or revoke. It dies with the workshop.
 */
export function WallLinkPanel({ workshopId, closed }: { workshopId: string; closed: boolean }) {
  const { t } = useI18n();
  const action = useAction();
  const [link, setLink] = useState<WallLinkResponse | null | undefined>(undefined);
  useEffect(() => {
    const controller = new AbortController();
    facilitatorApi.wallLink(workshopId, controller.signal).then(
      (state) => setLink(state.link),
      () => setLink(null),
    );
    return () => controller.abort();
  }, [workshopId, closed]);
  const create = () =>
    action.run(async (headers) =>
      setLink(await facilitatorApi.createWallLink(workshopId, headers)),
    );
  const revoke = () =>
    action.run(async (headers) => {
      await facilitatorApi.revokeWallLink(workshopId, headers);
      setLink(null);
    });
  if (link === undefined || closed) return null;
  return (
    <section aria-labelledby="wall-link-heading" className="wall-link">
      <h2 id="wall-link-heading">{t('wallLink.title')}</h2>
      <p className="muted">{t('wallLink.intro')}</p>
      {link ? (
        <>
          <p>
            {t('wallLink.url')} :{' '}
            <a
              href={wallLinkUrl(link.token)}
              target="_blank"
              rel="noreferrer"
              className="wall-link-url"
            >
              {wallLinkUrl(link.token)}
            </a>
          </p>
          <p className="muted">{t('wallLink.expires')}</p>
          <div className="button-row">
            <button
              type="button"
              className="button"
              disabled={action.busy}
              onClick={() => void create()}
            >
              {t('wallLink.renew')}
            </button>
            <ConfirmAction
              label={t('wallLink.revoke')}
              question={t('wallLink.confirmRevoke')}
              confirmLabel={t('wallLink.confirmRevokeButton')}
              onConfirm={() => void revoke()}
              busy={action.busy}
            />
          </div>
        </>
      ) : (
        <>
          <p>{t('wallLink.none')}</p>
          <button
            type="button"
            className="button"
            disabled={action.busy}
            onClick={() => void create()}
          >
            {t('wallLink.create')}
          </button>
        </>
      )}
      <Feedback message={action.message} />
    </section>
  );
}
