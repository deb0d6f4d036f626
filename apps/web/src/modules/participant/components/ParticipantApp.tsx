import { lazy, Suspense, useCallback, useState } from 'react';
import { Link, Route, Switch } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import type { MessageKey } from '@web/i18n/i18n-types';
import { LanguageSwitch } from '@web/shared/components/LanguageSwitch';
import { ChromeContext, type ParticipantChrome } from '../hooks/participant-chrome';
import { useLargeText } from '../hooks/useLargeText';
import { JoinPage } from './JoinPage';
import { ParticipantWorkshopPage } from './ParticipantWorkshopPage';
import { Loading } from '@web/shared/components/ApiStatus';
import '../participant.css';

// "My data" (export, erasure, profile) is opened rarely: a chunk of its own, so joining and
// contributing download less (the participant path's budget, docs/phone.md). The service
// worker still precaches it for offline use.
const ParticipantDataPage = lazy(() =>
  import('./ParticipantDataPage').then((module) => ({ default: module.ParticipantDataPage })),
);

/** The phone's pages: joining, the workshop, "my data". */
export function isParticipantPath(path: string): boolean {
  return path === '/join' || path.startsWith('/join/') || path.startsWith('/w/');
}

/**
 * The participant's layout, phone first: a compact header (the workshop, the connection, the
 * language, larger text, "my data") and no staff navigation, so that the question and its
 * button fit the first screen of a small phone.
 */
export function ParticipantApp() {
  const { t } = useI18n();
  const [chrome, setChromeState] = useState<ParticipantChrome>({});
  const setChrome = useCallback((next: ParticipantChrome) => setChromeState(next), []);
  return (
    <ChromeContext.Provider value={setChrome}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <ParticipantHeader chrome={chrome} />
      <main id="main" className="participant-main" tabIndex={-1}>
        <Switch>
          <Route path="/join">{() => <JoinPage />}</Route>
          <Route path="/join/:code">
            {(params) => <JoinPage key={params.code} initialCode={params.code} />}
          </Route>
          <Route path="/w/:workshopId/data">
            {(params) => (
              <Suspense fallback={<Loading />}>
                <ParticipantDataPage key={params.workshopId} workshopId={params.workshopId} />
              </Suspense>
            )}
          </Route>
          <Route path="/w/:workshopId">
            {(params) => (
              <ParticipantWorkshopPage key={params.workshopId} workshopId={params.workshopId} />
            )}
          </Route>
        </Switch>
      </main>
    </ChromeContext.Provider>
  );
}

function ParticipantHeader({ chrome }: { chrome: ParticipantChrome }) {
  const { t } = useI18n();
  const [largeText, setLargeText] = useLargeText();
  const { workshopId, workshopTitle, connection, waiting = 0 } = chrome;
  return (
    <header className="participant-header">
      <div className="participant-header-row">
        {workshopId && workshopTitle ? (
          <Link href={`/w/${workshopId}`} className="participant-workshop">
            {workshopTitle}
          </Link>
        ) : (
          <Link href="/" className="participant-workshop">
            {t('app.name')}
          </Link>
        )}
        {workshopId && (
          <Link href={`/w/${workshopId}/data`} className="participant-tool">
            {t('myData.title')}
          </Link>
        )}
      </div>
      <div className="participant-header-row">
        <ConnectionState connection={connection} waiting={waiting} />
        <div className="participant-tools">
          <LanguageSwitch compact />
          <button
            type="button"
            className="participant-tool"
            aria-pressed={largeText}
            onClick={() => setLargeText(!largeText)}
          >
            {t('participant.largeText')}
          </button>
        </div>
      </div>
    </header>
  );
}

/** Online or not, and what waits on the phone; announced politely when it changes. */
function ConnectionState({
  connection,
  waiting,
}: {
  connection: ParticipantChrome['connection'];
  waiting: number;
}) {
  const { t } = useI18n();
  const key: MessageKey | null =
    connection === 'online'
      ? 'live.online'
      : connection === 'offline'
        ? 'live.offline'
        : connection
          ? 'live.connecting'
          : null;
  return (
    <div role="status" className="participant-connection">
      {key && (
        <p className={`connection-state connection-${connection}`}>
          <span className="dot" aria-hidden="true" /> {t(key)}
        </p>
      )}
      {waiting > 0 && <p className="waiting-count">{t('live.waitingCount', { count: waiting })}</p>}
    </div>
  );
}
