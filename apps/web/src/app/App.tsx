import { Link, Route, Switch, useRoute } from 'wouter';
import { useI18n } from '../i18n/i18n';
import { LOCALES } from '../i18n/i18n-types';
import { AccountNav } from '../modules/auth/components/AccountNav';
import { LoginPage } from '../modules/auth/components/LoginPage';
import { StaffHomePage } from '../modules/auth/components/StaffHomePage';
import { FacilitatorHomePage } from '../modules/facilitator/components/FacilitatorHomePage';
import { FacilitatorWorkshopPage } from '../modules/facilitator/components/FacilitatorWorkshopPage';
import { SynthesisPage } from '../modules/facilitator/components/SynthesisPage';
import { WallLinkPage } from '../modules/facilitator/components/WallLinkPage';
import { WallPage } from '../modules/facilitator/components/WallPage';
import { HomePage } from '../modules/home/HomePage';
import { JoinPage } from '../modules/participant/components/JoinPage';
import { ParticipantWorkshopPage } from '../modules/participant/components/ParticipantWorkshopPage';
import { PanelApplyPage } from '../modules/panels/components/PanelApplyPage';
import { PanelAuditPage } from '../modules/panels/components/PanelAuditPage';
import { PanelInvitationPage } from '../modules/panels/components/PanelInvitationPage';
import { PanelPage } from '../modules/panels/components/PanelPage';
import { PanelsHomePage } from '../modules/panels/components/PanelsHomePage';
import { AnswerStatesPage } from '../modules/proposals/components/AnswerStatesPage';
import { OfficialProposalPage } from '../modules/proposals/components/OfficialProposalPage';
import { OfficialsPage } from '../modules/proposals/components/OfficialsPage';
import { ProposalPage } from '../modules/proposals/components/ProposalPage';
import { ProposalsPage } from '../modules/proposals/components/ProposalsPage';
import { ProposalsReportPage } from '../modules/proposals/components/ProposalsReportPage';
import { TerritoriesPage } from '../modules/territories/components/TerritoriesPage';
import { TerritoryPage } from '../modules/territories/components/TerritoryPage';
import { InitiativesPage } from '../modules/tour/components/InitiativesPage';
import { StopPage } from '../modules/tour/components/StopPage';
import { TourPage } from '../modules/tour/components/TourPage';
import { TourPlanningPage } from '../modules/tour/components/TourPlanningPage';
import { NavLink } from '../shared/components/NavLink';
import { NotFoundPage } from './NotFoundPage';

function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  return (
    <div className="lang" role="group" aria-label={t('lang.label')}>
      {LOCALES.map((candidate) => (
        <button
          key={candidate}
          type="button"
          lang={candidate}
          aria-pressed={candidate === locale}
          onClick={() => setLocale(candidate)}
        >
          {t(`lang.${candidate}`)}
        </button>
      ))}
    </div>
  );
}

/** The shell shared by every audience: skip link, header, navigation, main, footer. */
export function App() {
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
          <Route path="/join">{() => <JoinPage />}</Route>
          <Route path="/join/:code">
            {(params) => <JoinPage key={params.code} initialCode={params.code} />}
          </Route>
          <Route path="/w/:workshopId">
            {(params) => (
              <ParticipantWorkshopPage key={params.workshopId} workshopId={params.workshopId} />
            )}
          </Route>
          <Route path="/login" component={LoginPage} />
          <Route path="/staff" component={StaffHomePage} />
          <Route path="/territories" component={TerritoriesPage} />
          <Route path="/territories/:id">{(params) => <TerritoryPage id={params.id} />}</Route>
          <Route path="/tour" component={TourPage} />
          <Route path="/tour/planning" component={TourPlanningPage} />
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
