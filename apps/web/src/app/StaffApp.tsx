import { lazy, Suspense, type ComponentType, type JSX, type ReactNode } from 'react';
import { Link, Route, Switch, useRoute } from 'wouter';
import { addFrenchMessages, useI18n } from '@web/i18n/i18n';
import { frStaff } from '@web/i18n/messages.fr.staff';
import { AccountNav } from '@web/modules/auth/components/AccountNav';
import { LanguageSwitch } from '@web/shared/components/LanguageSwitch';
import { Loading } from '@web/shared/components/ApiStatus';
import { NavLink } from '@web/shared/components/NavLink';
import { QueryProvider, ResetQueriesOnAccountChange } from '@web/shared/query/QueryProvider';
import { NotFoundPage } from './NotFoundPage';

// This chunk's screens speak French from their own catalogue (not in the phone's download).
addFrenchMessages(frStaff);
/**
 * The participant path (join, workshop, my data) is in the first chunk; every other screen is
 * a chunk of its own, loaded when it is first shown, so a phone never downloads them.
 */
function lazyPage<P extends object>(
  load: () => Promise<ComponentType<P>>,
): (props: P) => ReactNode {
  const Lazy = lazy(() => load().then((page) => ({ default: page })));
  return function LazyPage(props: P) {
    return (
      <Suspense fallback={<Loading />}>
        <Lazy {...(props as P & JSX.IntrinsicAttributes)} />
      </Suspense>
    );
  };
}
const LoginPage = lazyPage(() =>
  import('@web/modules/auth/components/LoginPage').then((m) => m.LoginPage),
);
const StaffHomePage = lazyPage(() =>
  import('@web/modules/auth/components/StaffHomePage').then((m) => m.StaffHomePage),
);
const FacilitatorHomePage = lazyPage(() =>
  import('@web/modules/facilitator/components/FacilitatorHomePage').then(
    (m) => m.FacilitatorHomePage,
  ),
);
const FacilitatorWorkshopPage = lazyPage(() =>
  import('@web/modules/facilitator/components/FacilitatorWorkshopPage').then(
    (m) => m.FacilitatorWorkshopPage,
  ),
);
const SynthesisPage = lazyPage(() =>
  import('@web/modules/facilitator/components/SynthesisPage').then((m) => m.SynthesisPage),
);
const WallPage = lazyPage(() =>
  import('@web/modules/facilitator/components/WallPage').then((m) => m.WallPage),
);
const WallLinkPage = lazyPage(() =>
  import('@web/modules/facilitator/components/WallLinkPage').then((m) => m.WallLinkPage),
);
const FieldPage = lazyPage(() =>
  import('@web/modules/field/components/FieldPage').then((m) => m.FieldPage),
);
const HomePage = lazyPage(() => import('@web/modules/home/HomePage').then((m) => m.HomePage));
const OutgoingMailPage = lazyPage(() =>
  import('@web/modules/mail/components/OutgoingMailPage').then((m) => m.OutgoingMailPage),
);
const PanelApplyPage = lazyPage(() =>
  import('@web/modules/panels/components/PanelApplyPage').then((m) => m.PanelApplyPage),
);
const PanelAuditPage = lazyPage(() =>
  import('@web/modules/panels/components/PanelAuditPage').then((m) => m.PanelAuditPage),
);
const PanelInvitationPage = lazyPage(() =>
  import('@web/modules/panels/components/PanelInvitationPage').then((m) => m.PanelInvitationPage),
);
const PanelPage = lazyPage(() =>
  import('@web/modules/panels/components/PanelPage').then((m) => m.PanelPage),
);
const PanelsHomePage = lazyPage(() =>
  import('@web/modules/panels/components/PanelsHomePage').then((m) => m.PanelsHomePage),
);
const AnswerStatesPage = lazyPage(() =>
  import('@web/modules/proposals/components/AnswerStatesPage').then((m) => m.AnswerStatesPage),
);
const OfficialProposalPage = lazyPage(() =>
  import('@web/modules/proposals/components/OfficialProposalPage').then(
    (m) => m.OfficialProposalPage,
  ),
);
const OfficialsPage = lazyPage(() =>
  import('@web/modules/proposals/components/OfficialsPage').then((m) => m.OfficialsPage),
);
const ProposalPage = lazyPage(() =>
  import('@web/modules/proposals/components/ProposalPage').then((m) => m.ProposalPage),
);
const ProposalsPage = lazyPage(() =>
  import('@web/modules/proposals/components/ProposalsPage').then((m) => m.ProposalsPage),
);
const ProposalsReportPage = lazyPage(() =>
  import('@web/modules/proposals/components/ProposalsReportPage').then(
    (m) => m.ProposalsReportPage,
  ),
);
const TerritoriesPage = lazyPage(() =>
  import('@web/modules/territories/components/TerritoriesPage').then((m) => m.TerritoriesPage),
);
const TerritoryPage = lazyPage(() =>
  import('@web/modules/territories/components/TerritoryPage').then((m) => m.TerritoryPage),
);
const InitiativesPage = lazyPage(() =>
  import('@web/modules/tour/components/InitiativesPage').then((m) => m.InitiativesPage),
);
const StopPage = lazyPage(() =>
  import('@web/modules/tour/components/StopPage').then((m) => m.StopPage),
);
const TourPage = lazyPage(() =>
  import('@web/modules/tour/components/TourPage').then((m) => m.TourPage),
);
const HeardPage = lazyPage(() =>
  import('@web/modules/tour/components/HeardPage').then((m) => m.HeardPage),
);
const TourPlanningPage = lazyPage(() =>
  import('@web/modules/tour/components/TourPlanningPage').then((m) => m.TourPlanningPage),
);

/**
 * The shell of every screen but the phone's: skip link, header, navigation, main, footer; and
 * the walls. A chunk of its own (see App), so a phone never downloads it, nor TanStack Query,
 * whose one QueryClient is provided here (docs/architecture.md, "The web data layer").
 */
export function StaffApp() {
  return (
    <QueryProvider>
      <ResetQueriesOnAccountChange />
      <StaffScreens />
    </QueryProvider>
  );
}

function StaffScreens() {
  const { t } = useI18n();
  const [wall, wallParams] = useRoute('/wall/:workshopId');
  const [wallLink, wallLinkParams] = useRoute('/wall/link/:token');
  if (wallLink) {
    // The projection computer, from the wall link: no account, nothing but the wall.
    return (
      <main id="main" className="wall-main" tabIndex={-1}>
        <WallLinkPage key={wallLinkParams.token} token={wallLinkParams.token} />
      </main>
    );
  }
  if (wall) {
    // The projector's page: nothing but the wall.
    return (
      <main id="main" className="wall-main" tabIndex={-1}>
        <WallPage key={wallParams.workshopId} workshopId={wallParams.workshopId} />
      </main>
    );
  }
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="site-header">
        <div className="site-header-top">
          <Link href="/" className="brand">
            {t('app.name')}
          </Link>
          <LanguageSwitch />
        </div>
        <nav aria-label={t('nav.label')}>
          <ul>
            <li>
              <NavLink href="/join">{t('nav.join')}</NavLink>
            </li>
            <li>
              <NavLink href="/tour">{t('nav.tour')}</NavLink>
            </li>
            <li>
              <NavLink href="/proposals">{t('nav.proposals')}</NavLink>
            </li>
            <li>
              <NavLink href="/territories">{t('nav.territories')}</NavLink>
            </li>
            <li>
              <NavLink href="/facilitator">{t('nav.facilitator')}</NavLink>
            </li>
            <li>
              <NavLink href="/officials">{t('nav.officials')}</NavLink>
            </li>
            <AccountNav />
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Switch>
          <Route path="/" component={HomePage} />
          <Route path="/login" component={LoginPage} />
          <Route path="/staff" component={StaffHomePage} />
          <Route path="/territories" component={TerritoriesPage} />
          <Route path="/territories/:id">{(params) => <TerritoryPage id={params.id} />}</Route>
          <Route path="/tour" component={TourPage} />
          <Route path="/tour/planning" component={TourPlanningPage} />
          <Route path="/tour/heard" component={HeardPage} />
          <Route path="/tour/stops/:id">
            {(params) => <StopPage key={params.id} id={params.id} />}
          </Route>
          <Route path="/initiatives" component={InitiativesPage} />
          <Route path="/proposals" component={ProposalsPage} />
          <Route path="/proposals/report" component={ProposalsReportPage} />
          <Route path="/proposals/:id">
            {(params) => <ProposalPage key={params.id} id={params.id} />}
          </Route>
          <Route path="/facilitator" component={FacilitatorHomePage} />
          <Route path="/facilitator/field" component={FieldPage} />
          <Route path="/facilitator/w/:workshopId/synthesis">
            {(params) => <SynthesisPage key={params.workshopId} workshopId={params.workshopId} />}
          </Route>
          <Route path="/facilitator/w/:workshopId">
            {(params) => (
              <FacilitatorWorkshopPage key={params.workshopId} workshopId={params.workshopId} />
            )}
          </Route>
          <Route path="/officials" component={OfficialsPage} />
          <Route path="/officials/proposals/:id">
            {(params) => <OfficialProposalPage key={params.id} id={params.id} />}
          </Route>
          <Route path="/organisation/panels" component={PanelsHomePage} />
          <Route path="/organisation/answer-states" component={AnswerStatesPage} />
          <Route path="/organisation/mail" component={OutgoingMailPage} />
          <Route path="/organisation/panels/:id">
            {(params) => <PanelPage key={params.id} id={params.id} />}
          </Route>
          <Route path="/panels/:id/apply">
            {(params) => <PanelApplyPage key={params.id} id={params.id} />}
          </Route>
          <Route path="/panels/:id/audit">
            {(params) => <PanelAuditPage key={params.id} id={params.id} />}
          </Route>
          <Route path="/panel-invitation/:token">
            {(params) => <PanelInvitationPage key={params.token} token={params.token} />}
          </Route>
          <Route component={NotFoundPage} />
        </Switch>
      </main>
      <footer className="site-footer">
        <p>{t('footer.text')}</p>
        <p>
          <a href="/api/docs">{t('footer.api')}</a>
        </p>
      </footer>
    </>
  );
}
