import type { WallLinkResponse } from '@permanente/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useI18n } from '@web/i18n/i18n';
import { ConfirmAction } from '@web/shared/components/ConfirmAction';
import { Feedback } from '@web/shared/components/Feedback';
import { queryKeys } from '@web/shared/query/query-keys';
import { useApiQuery } from '@web/shared/query/useApiQuery';
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
  const client = useQueryClient();
  const key = queryKeys.workshops.wallLinkOf(workshopId);
  // No link can be read (a refusal, the network): none is offered.
  const state = useApiQuery(key, (signal) =>
    facilitatorApi.wallLink(workshopId, signal).then(
      (answer) => answer.link,
      () => null,
    ),
  );
  const link: WallLinkResponse | null | undefined = state.isSuccess ? state.data : undefined;
  const create = () =>
    action.run(async (headers) =>
      client.setQueryData(key, await facilitatorApi.createWallLink(workshopId, headers)),
    );
  const revoke = () =>
    action.run(async (headers) => {
      await facilitatorApi.revokeWallLink(workshopId, headers);
      client.setQueryData(key, null);
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
