import type { MessageKey } from '../../../i18n/i18n-types';
import { useI18n } from '../../../i18n/i18n';
import { LoadError, Loading } from '../../../shared/components/ApiStatus';
import { Page } from '../../../shared/components/Page';
import { useApi } from '../../../shared/hooks/useApi';
import { ActivityResultsView } from '../../live/components/ActivityResultsView';
import { Countdown } from '../../live/components/Countdown';
import { currentOrLastActivity, ideasFor } from '../../live/live-state';
import { useStaffLive } from '../../live/useLive';
import { facilitatorApi } from '../api/facilitator.api';
import { joinUrl } from './FacilitatorWorkshopPage';
import { StaffOnly } from './StaffOnly';

/** `/wall/:id`: what the projector shows; no controls, large type, high contrast. */
export function WallPage({ workshopId }: { workshopId: string }) {
  const { t } = useI18n();
  return (
    <StaffOnly title={t('wall.title')}>
      <Wall workshopId={workshopId} />
    </StaffOnly>
  );
}

function Wall({ workshopId }: { workshopId: string }) {
  const { t } = useI18n();
  const workshop = useApi(`wall:workshop:${workshopId}`, (signal) =>
    facilitatorApi.get(workshopId, signal),
  );
  const live = useStaffLive(workshopId);
  if (workshop.status === 'loading') {
    return (
      <Page title={t('wall.title')}>
        <Loading />
      </Page>
    );
  }
  if (workshop.status === 'error') {
    return (
      <Page title={t('wall.title')}>
        <LoadError error={workshop.error} onRetry={workshop.retry} />
      </Page>
    );
  }
  const state = live.state;
  const activity = state ? currentOrLastActivity(state) : null;
  const ideas = state && activity ? ideasFor(state, activity).filter((idea) => !idea.hidden) : [];
  return (
    <div className="wall">
      <Page title={workshop.data.title}>
        {state?.workshop.entryLocked ? (
          <p className="wall-locked" role="status">
            {t('wall.entryLocked')}
          </p>
        ) : (
          <div className="wall-join">
            <p>
              {t('wall.join')} <strong className="join-url">{joinUrl(workshop.data.code)}</strong>
            </p>
            <p className="wall-code">
              {t('wall.code')} <strong>{workshop.data.code}</strong>
            </p>
            <img
              className="wall-qr"
              src={`/api/workshops/${workshopId}/qr.svg`}
              alt={t('wall.qrAlt', { url: joinUrl(workshop.data.code) })}
              width={240}
              height={240}
            />
          </div>
        )}
        {live.connection !== 'online' && (
          <p role="status" className="wall-offline">
            {t('console.offline')}
          </p>
        )}
        {state && !activity && <p className="wall-prompt">{t('wall.waiting')}</p>}
        {state && activity && (
          <section aria-labelledby="wall-prompt" className="wall-activity">
            <p className="wall-kind">{t(`live.kind.${activity.kind}` as MessageKey)}</p>
            <h2 id="wall-prompt" className="wall-prompt">
              {activity.prompt}
            </h2>
            {activity.timerEndsAt && activity.status === 'open' && (
              <Countdown endsAt={activity.timerEndsAt} className="wall-countdown" />
            )}
            {activity.kind === 'idea_board' ? (
              <ul className="wall-ideas" aria-label={t('wall.ideas')}>
                {[...ideas].reverse().map((idea) => (
                  <li key={idea.id}>
                    <p>{idea.text}</p>
                    {(idea.category || idea.origin === 'paper') && (
                      <p className="wall-idea-meta">
                        {[idea.category, idea.origin === 'paper' ? t('live.idea.paper') : null]
                          .filter(Boolean)
                          .join(' · ')}
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            ) : (
              <ActivityResultsView
                activity={activity}
                results={state.results[activity.id]}
                ideas={ideas}
                themes={state.themes}
              />
            )}
          </section>
        )}
      </Page>
    </div>
  );
}
