import { randomUUID } from 'node:crypto';
import { AccountsService } from '../src/accounts/accounts.service';
import { CampaignsService } from '../src/campaigns/campaigns.service';
import { ProposalsService } from '../src/proposals/proposals.service';
import type { StaffActor } from '../src/auth/actor';
import { AgendaService } from '../src/live/agenda.service';
import { IdeasService } from '../src/live/ideas.service';
import { ThemesService } from '../src/live/themes.service';
import { InitiativesService } from '../src/tour/initiatives.service';
import { ToursService } from '../src/tour/tours.service';
import { WorkshopsService } from '../src/workshops/workshops.service';
import { PanelDrawJobsService } from '../src/panels/panel-draw-jobs.service';
import { PanelMembersService } from '../src/panels/panel-members.service';
import { PanelPoolService } from '../src/panels/panel-pool.service';
import { PanelsService } from '../src/panels/panels.service';
import { syntheticPool, syntheticPoolCsv } from '../src/panels/synthetic-pool';
import { join, login, staffHeaders, MATRIX_ACTORS, type MatrixActor } from './support/actors';
import {
  ResponseValidator,
  undocumentedSuccesses,
  type OpenApiDocument,
} from './support/openapi-responses';
import { resetDatabase, startTestApp, TestApp } from './support/test-app';

/**
 * Every REST route × every kind of caller → the expected status, against a real database.
 * The list of routes is checked against the OpenAPI document generated from the code, so a
 * new route without a row here fails this test.
 */
const ACTORS = MATRIX_ACTORS;
type ActorName = MatrixActor;
type Expected = [number, number, number, number, number, number, number];

interface Fixture {
  territoryId: string;
  vierzonId: string;
  workshopHereId: string;
  workshopHereCode: string;
  accountId: string;
  activityId: string;
  ideaId: string;
  themeId: string;
  campaignId: string;
  proposalId: string;
  draftProposalId: string;
  reviewProposalId: string;
  commentId: string;
  panelId: string;
  panelDrawId: string;
  panelMemberId: string;
  /** Another member, mailed its invitation (which changes its link). */
  panelMailMemberId: string;
  panelInvitationToken: string;
  tourId: string;
  /** A stop in Vierzon whose Fabrik is workshopHere. */
  stopId: string;
  initiativeId: string;
}

interface Row {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** As in the OpenAPI document. */
  route: string;
  path: (f: Fixture) => string;
  body?: (f: Fixture, actor: ActorName) => object;
  /** Needs its own fresh staff session (the request ends it). */
  freshSession?: boolean;
  expected: Expected;
}

//                                            anon  pHere pElse facIn facOut offic orga
const ROWS: Row[] = [
  {
    method: 'get',
    route: '/api/health',
    path: () => '/api/health',
    expected: [200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'get',
    route: '/api/health/live',
    path: () => '/api/health/live',
    expected: [200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'get',
    route: '/api/health/ready',
    path: () => '/api/health/ready',
    expected: [200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'get',
    route: '/api/territories',
    path: () => '/api/territories',
    expected: [200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'get',
    route: '/api/territories/{id}',
    path: (f) => `/api/territories/${f.territoryId}`,
    expected: [200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'get',
    route: '/api/communes',
    path: () => '/api/communes?q=vierz',
    expected: [200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'post',
    route: '/api/auth/login',
    path: () => '/api/auth/login',
    body: () => ({ email: 'login-probe@example.test', password: 'login probe password' }),
    expected: [200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'get',
    route: '/api/campaigns',
    path: () => '/api/campaigns',
    expected: [200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'get',
    route: '/api/campaigns/{id}',
    path: (f) => `/api/campaigns/${f.campaignId}`,
    expected: [200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'post',
    route: '/api/campaigns',
    path: () => '/api/campaigns',
    body: () => ({}),
    expected: [401, 403, 403, 403, 403, 403, 400],
  },
  {
    method: 'patch',
    route: '/api/campaigns/{id}',
    path: (f) => `/api/campaigns/${f.campaignId}`,
    body: (_f, actor) => ({ description: `Changed by ${actor}` }),
    expected: [401, 403, 403, 403, 403, 403, 200],
  },
  {
    method: 'get',
    route: '/api/auth/session',
    path: () => '/api/auth/session',
    expected: [401, 403, 403, 200, 200, 200, 200],
  },
  {
    method: 'post',
    route: '/api/auth/logout',
    path: () => '/api/auth/logout',
    freshSession: true,
    expected: [401, 403, 403, 204, 204, 204, 204],
  },
  // An empty body: 400 proves the caller got past the access check, without changing a password.
  {
    method: 'put',
    route: '/api/auth/password',
    path: () => '/api/auth/password',
    body: () => ({}),
    expected: [401, 403, 403, 400, 400, 400, 400],
  },
  {
    method: 'get',
    route: '/api/accounts',
    path: () => '/api/accounts',
    expected: [401, 403, 403, 403, 403, 403, 200],
  },
  {
    method: 'get',
    route: '/api/accounts/{id}',
    path: (f) => `/api/accounts/${f.accountId}`,
    expected: [401, 403, 403, 403, 403, 403, 200],
  },
  {
    method: 'post',
    route: '/api/accounts',
    path: () => '/api/accounts',
    body: () => ({}),
    expected: [401, 403, 403, 403, 403, 403, 400],
  },
  {
    method: 'patch',
    route: '/api/accounts/{id}',
    path: (f) => `/api/accounts/${f.accountId}`,
    body: (_f, actor) => ({ displayName: `Renamed by ${actor}` }),
    expected: [401, 403, 403, 403, 403, 403, 200],
  },
  {
    method: 'get',
    route: '/api/audit',
    path: () => '/api/audit',
    expected: [401, 403, 403, 403, 403, 403, 200],
  },
  {
    method: 'post',
    route: '/api/workshops',
    path: () => '/api/workshops',
    body: (f) => ({ title: 'Fabrik', territoryId: f.vierzonId }),
    expected: [401, 403, 403, 201, 403, 403, 201],
  },
  {
    method: 'get',
    route: '/api/workshops',
    path: () => '/api/workshops',
    expected: [401, 403, 403, 200, 200, 403, 200],
  },
  {
    method: 'get',
    route: '/api/workshops/{id}',
    path: (f) => `/api/workshops/${f.workshopHereId}`,
    expected: [401, 200, 404, 200, 403, 403, 200],
  },
  {
    method: 'post',
    route: '/api/workshops/join',
    path: () => '/api/workshops/join',
    body: (f) => ({ code: f.workshopHereCode }),
    expected: [201, 201, 201, 201, 201, 201, 201],
  },
  {
    method: 'get',
    route: '/api/participants/me',
    path: () => '/api/participants/me',
    expected: [401, 200, 200, 403, 403, 403, 403],
  },
  {
    method: 'patch',
    route: '/api/participants/me',
    path: () => '/api/participants/me',
    body: () => ({ displayName: 'Pseudo' }),
    expected: [401, 200, 200, 403, 403, 403, 403],
  },
  {
    method: 'get',
    route: '/api/participants/me/export',
    path: () => '/api/participants/me/export',
    expected: [401, 200, 200, 403, 403, 403, 403],
  },
  {
    method: 'get',
    route: '/api/workshops/{id}/snapshot',
    path: (f) => `/api/workshops/${f.workshopHereId}/snapshot`,
    expected: [401, 200, 404, 200, 403, 403, 200],
  },
  {
    method: 'get',
    route: '/api/workshops/{id}/qr.svg',
    path: (f) => `/api/workshops/${f.workshopHereId}/qr.svg`,
    expected: [401, 403, 403, 200, 403, 403, 200],
  },
  {
    method: 'get',
    route: '/api/workshops/{id}/export.csv',
    path: (f) => `/api/workshops/${f.workshopHereId}/export.csv`,
    expected: [401, 403, 403, 200, 403, 403, 200],
  },
  {
    method: 'get',
    route: '/api/workshops/{id}/clustering-suggestions',
    path: (f) => `/api/workshops/${f.workshopHereId}/clustering-suggestions`,
    expected: [401, 403, 403, 200, 403, 403, 200],
  },
  {
    method: 'post',
    route: '/api/workshops/{id}/themes',
    path: (f) => `/api/workshops/${f.workshopHereId}/themes`,
    body: (_f, actor) => ({ name: `Thème de ${actor}` }),
    expected: [401, 403, 403, 201, 403, 403, 201],
  },
  {
    method: 'patch',
    route: '/api/workshops/{id}/themes/{themeId}',
    path: (f) => `/api/workshops/${f.workshopHereId}/themes/${f.themeId}`,
    body: () => ({ name: 'Mobilité' }),
    expected: [401, 403, 403, 200, 403, 403, 200],
  },
  {
    // An unknown theme: 404 proves the caller got past the scope check without deleting.
    method: 'delete',
    route: '/api/workshops/{id}/themes/{themeId}',
    path: (f) => `/api/workshops/${f.workshopHereId}/themes/${randomUUID()}`,
    expected: [401, 403, 403, 404, 403, 403, 404],
  },
  {
    method: 'put',
    route: '/api/workshops/{id}/ideas/{ideaId}/classification',
    path: (f) => `/api/workshops/${f.workshopHereId}/ideas/${f.ideaId}/classification`,
    body: (f) => ({ themeId: f.themeId }),
    expected: [401, 403, 403, 200, 403, 403, 200],
  },
  {
    method: 'post',
    route: '/api/workshops/{id}/activities',
    path: (f) => `/api/workshops/${f.workshopHereId}/activities`,
    body: () => ({ kind: 'idea_board', prompt: 'Une question' }),
    expected: [401, 403, 403, 201, 403, 403, 201],
  },
  {
    method: 'get',
    route: '/api/workshops/{id}/wall-link',
    path: (f) => `/api/workshops/${f.workshopHereId}/wall-link`,
    expected: [401, 403, 403, 200, 403, 403, 200],
  },
  {
    method: 'post',
    route: '/api/workshops/{id}/wall-link',
    path: (f) => `/api/workshops/${f.workshopHereId}/wall-link`,
    expected: [401, 403, 403, 201, 403, 403, 201],
  },
  {
    method: 'delete',
    route: '/api/workshops/{id}/wall-link',
    path: (f) => `/api/workshops/${f.workshopHereId}/wall-link`,
    expected: [401, 403, 403, 204, 403, 403, 204],
  },
  // Bus mode (field kits). Unknown ids: a 404 proves the caller got past the role check
  // without checking a workshop out (which would refuse the rows after this one).
  {
    method: 'post',
    route: '/api/field/kits',
    path: () => '/api/field/kits',
    body: () => ({ label: 'Bus', workshopIds: ['00000000-0000-4000-8000-000000000001'] }),
    expected: [401, 403, 403, 404, 404, 403, 404],
  },
  {
    method: 'get',
    route: '/api/field/kits',
    path: () => '/api/field/kits',
    expected: [401, 403, 403, 200, 200, 403, 200],
  },
  {
    method: 'post',
    route: '/api/field/kits/{id}/revoke',
    path: () => '/api/field/kits/00000000-0000-4000-8000-000000000002/revoke',
    expected: [401, 403, 403, 404, 404, 403, 404],
  },
  {
    method: 'post',
    route: '/api/field/kits/{id}/extend',
    path: () => '/api/field/kits/00000000-0000-4000-8000-000000000002/extend',
    body: () => ({ expiresInDays: 7 }),
    expected: [401, 403, 403, 404, 404, 403, 404],
  },
  {
    // Public, but only a kit's signature opens it: 401 for anyone else.
    method: 'post',
    route: '/api/field/sync/state',
    path: () => '/api/field/sync/state',
    body: () => ({
      kitId: '00000000-0000-4000-8000-000000000003',
      payload: '{}',
      signature: '0'.repeat(128),
    }),
    expected: [401, 401, 401, 401, 401, 401, 401],
  },
  {
    method: 'post',
    route: '/api/field/sync',
    path: () => '/api/field/sync',
    body: () => ({
      kitId: '00000000-0000-4000-8000-000000000003',
      payload: '{}',
      signature: '0'.repeat(128),
    }),
    expected: [401, 401, 401, 401, 401, 401, 401],
  },
  {
    // Not a signed file: 400 once past the role check.
    method: 'post',
    route: '/api/field/import',
    path: () => '/api/field/import',
    body: () => ({ file: 'not a file' }),
    expected: [401, 403, 403, 400, 400, 403, 400],
  },
  {
    method: 'get',
    route: '/api/field/instance',
    path: () => '/api/field/instance',
    expected: [401, 403, 403, 200, 200, 403, 200],
  },
  {
    // Importing a kit on a field instance: organisers only.
    method: 'post',
    route: '/api/field/instance/kit',
    path: () => '/api/field/instance/kit',
    body: () => ({ file: 'not a kit' }),
    expected: [401, 403, 403, 403, 403, 403, 400],
  },
  {
    // No kit imported here: 404 once past the role check.
    method: 'post',
    route: '/api/field/instance/sync',
    path: () => '/api/field/instance/sync',
    expected: [401, 403, 403, 404, 404, 403, 404],
  },
  {
    method: 'get',
    route: '/api/field/instance/export',
    path: () => '/api/field/instance/export',
    expected: [401, 403, 403, 404, 404, 403, 404],
  },
  {
    // The 16th LAN address: no computer here has one, so a 404 once past the role check.
    method: 'get',
    route: '/api/field/instance/qr.svg',
    path: () => '/api/field/instance/qr.svg?n=15',
    expected: [401, 403, 403, 404, 404, 403, 404],
  },
  {
    // Public: an unknown (or revoked) link is a 404 for everyone, and says nothing else.
    method: 'get',
    route: '/api/walls/{token}',
    path: () => `/api/walls/w1-${'x'.repeat(32)}`,
    expected: [404, 404, 404, 404, 404, 404, 404],
  },
  {
    method: 'get',
    route: '/api/walls/{token}/qr.svg',
    path: () => `/api/walls/w1-${'x'.repeat(32)}/qr.svg`,
    expected: [404, 404, 404, 404, 404, 404, 404],
  },
  {
    method: 'get',
    route: '/api/run-sheets',
    path: () => '/api/run-sheets',
    expected: [401, 403, 403, 200, 200, 403, 200],
  },
  {
    // An unknown template: 400 proves the caller got past the scope check without adding.
    method: 'post',
    route: '/api/workshops/{id}/run-sheet',
    path: (f) => `/api/workshops/${f.workshopHereId}/run-sheet`,
    body: () => ({ templateId: 'no-such-template' }),
    expected: [401, 403, 403, 400, 403, 403, 400],
  },
  {
    method: 'patch',
    route: '/api/workshops/{id}/activities/{activityId}',
    path: (f) => `/api/workshops/${f.workshopHereId}/activities/${f.activityId}`,
    body: (_f, actor) => ({ prompt: `Reformulée par ${actor}` }),
    expected: [401, 403, 403, 200, 403, 403, 200],
  },
  {
    method: 'put',
    route: '/api/workshops/{id}/status',
    path: (f) => `/api/workshops/${f.workshopHereId}/status`,
    body: () => ({ status: 'scheduled' }),
    expected: [401, 403, 403, 200, 403, 403, 200],
  },
  // Unlocked stays unlocked: the other rows' joins are not affected.
  {
    method: 'put',
    route: '/api/workshops/{id}/entry',
    path: (f) => `/api/workshops/${f.workshopHereId}/entry`,
    body: () => ({ locked: false }),
    expected: [401, 403, 403, 200, 403, 403, 200],
  },
  {
    method: 'post',
    route: '/api/workshops/{id}/ideas',
    path: (f) => `/api/workshops/${f.workshopHereId}/ideas`,
    body: (f) => ({ clientId: randomUUID(), activityId: f.activityId, text: 'Sur papier' }),
    expected: [401, 403, 403, 201, 403, 403, 201],
  },
  {
    method: 'post',
    route: '/api/workshops/{id}/paper-participants',
    path: (f) => `/api/workshops/${f.workshopHereId}/paper-participants`,
    body: () => ({ clientId: randomUUID(), profile: { ageBand: '65_plus' }, profileConsent: true }),
    expected: [401, 403, 403, 201, 403, 403, 201],
  },
  {
    method: 'post',
    route: '/api/workshops/{id}/ideas/{ideaId}/hide',
    path: (f) => `/api/workshops/${f.workshopHereId}/ideas/${f.ideaId}/hide`,
    expected: [401, 403, 403, 204, 403, 403, 204],
  },
  {
    method: 'post',
    route: '/api/workshops/{id}/ideas/{ideaId}/restore',
    path: (f) => `/api/workshops/${f.workshopHereId}/ideas/${f.ideaId}/restore`,
    expected: [401, 403, 403, 204, 403, 403, 204],
  },
  {
    method: 'delete',
    route: '/api/participants/me/personal-data',
    path: () => '/api/participants/me/personal-data',
    expected: [401, 200, 200, 403, 403, 403, 403],
  },
  // Panels: organisers manage them (unknown ids prove the access check passed without harm);
  // the open call, the audit page, its re-run and invitation links are public.
  {
    method: 'get',
    route: '/api/panels',
    path: () => '/api/panels',
    expected: [401, 403, 403, 403, 403, 403, 200],
  },
  {
    method: 'post',
    route: '/api/panels',
    path: () => '/api/panels',
    body: () => ({}),
    expected: [401, 403, 403, 403, 403, 403, 400],
  },
  {
    method: 'get',
    route: '/api/panels/{id}',
    path: (f) => `/api/panels/${f.panelId}`,
    expected: [401, 403, 403, 403, 403, 403, 200],
  },
  {
    method: 'patch',
    route: '/api/panels/{id}',
    path: (f) => `/api/panels/${f.panelId}`,
    body: (_f, actor) => ({ description: `Changed by ${actor}` }),
    expected: [401, 403, 403, 403, 403, 403, 200],
  },
  {
    method: 'put',
    route: '/api/panels/{id}/quotas',
    path: (f) => `/api/panels/${f.panelId}/quotas`,
    body: () => ({}),
    expected: [401, 403, 403, 403, 403, 403, 400],
  },
  {
    method: 'get',
    route: '/api/panels/{id}/feasibility',
    path: (f) => `/api/panels/${f.panelId}/feasibility`,
    expected: [401, 403, 403, 403, 403, 403, 200],
  },
  {
    method: 'get',
    route: '/api/panels/{id}/volunteers',
    path: (f) => `/api/panels/${f.panelId}/volunteers`,
    expected: [401, 403, 403, 403, 403, 403, 200],
  },
  {
    method: 'post',
    route: '/api/panels/{id}/volunteers/import',
    path: (f) => `/api/panels/${f.panelId}/volunteers/import`,
    body: () => ({}),
    expected: [401, 403, 403, 403, 403, 403, 400],
  },
  {
    method: 'post',
    route: '/api/panels/{id}/pool/erase',
    path: () => `/api/panels/${randomUUID()}/pool/erase`,
    expected: [401, 403, 403, 403, 403, 403, 404],
  },
  {
    // The fixture panel is drawn: a second draw is a conflict.
    method: 'post',
    route: '/api/panels/{id}/draws',
    path: (f) => `/api/panels/${f.panelId}/draws`,
    body: () => ({ seed: 'matrix' }),
    expected: [401, 403, 403, 403, 403, 403, 409],
  },
  {
    method: 'get',
    route: '/api/panels/{id}/draw-jobs/{jobId}',
    path: (f) => `/api/panels/${f.panelId}/draw-jobs/${randomUUID()}`,
    expected: [401, 403, 403, 403, 403, 403, 404],
  },
  {
    method: 'post',
    route: '/api/panels/{id}/draw-jobs/{jobId}/cancel',
    path: (f) => `/api/panels/${f.panelId}/draw-jobs/${randomUUID()}/cancel`,
    expected: [401, 403, 403, 403, 403, 403, 404],
  },
  {
    method: 'post',
    route: '/api/panels/{id}/draws/{drawId}/cancel',
    path: (f) => `/api/panels/${f.panelId}/draws/${randomUUID()}/cancel`,
    expected: [401, 403, 403, 403, 403, 403, 404],
  },
  {
    // Nobody declined: no seat to fill.
    method: 'post',
    route: '/api/panels/{id}/replacements',
    path: (f) => `/api/panels/${f.panelId}/replacements`,
    body: () => ({ seed: 'matrix' }),
    expected: [401, 403, 403, 403, 403, 403, 409],
  },
  // An empty contribution: 400 proves the organiser got past the access check.
  {
    method: 'post',
    route: '/api/panels/{id}/contribution',
    path: (f) => `/api/panels/${f.panelId}/contribution`,
    body: () => ({ proposals: [] }),
    expected: [401, 403, 403, 403, 403, 403, 400],
  },
  {
    method: 'post',
    route: '/api/panels/{id}/lotteries',
    path: (f) => `/api/panels/${f.panelId}/lotteries`,
    body: () => ({}),
    expected: [401, 403, 403, 403, 403, 403, 400],
  },
  {
    method: 'post',
    route: '/api/panels/{id}/members',
    path: (f) => `/api/panels/${f.panelId}/members`,
    body: () => ({}),
    expected: [401, 403, 403, 403, 403, 403, 400],
  },
  {
    method: 'put',
    route: '/api/panels/{id}/members/{memberId}/status',
    path: (f) => `/api/panels/${f.panelId}/members/${f.panelMemberId}/status`,
    body: () => ({}),
    expected: [401, 403, 403, 403, 403, 403, 400],
  },
  {
    method: 'post',
    route: '/api/panels/{id}/members/{memberId}/invitation',
    path: (f) => `/api/panels/${f.panelId}/members/${randomUUID()}/invitation`,
    expected: [401, 403, 403, 403, 403, 403, 404],
  },
  {
    method: 'get',
    route: '/api/panels/{id}/public',
    path: (f) => `/api/panels/${f.panelId}/public`,
    expected: [200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'post',
    route: '/api/panels/{id}/volunteers',
    path: (f) => `/api/panels/${f.panelId}/volunteers`,
    body: () => ({}),
    expected: [400, 400, 400, 400, 400, 400, 400],
  },
  {
    method: 'post',
    route: '/api/panels/{id}/draws/{drawId}/rerun',
    path: (f) => `/api/panels/${f.panelId}/draws/${f.panelDrawId}/rerun`,
    expected: [200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'get',
    route: '/api/panel-invitations/{token}',
    path: (f) => `/api/panel-invitations/${f.panelInvitationToken}`,
    expected: [200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'post',
    route: '/api/panels/{id}/members/{memberId}/invitation-mail',
    path: (f) => `/api/panels/${f.panelId}/members/${f.panelMailMemberId}/invitation-mail`,
    expected: [401, 403, 403, 403, 403, 403, 202],
  },
  {
    // The member's sessions as a calendar, by the personal link (docs/mail.md).
    method: 'get',
    route: '/api/panel-invitations/{token}/calendar.ics',
    path: (f) => `/api/panel-invitations/${f.panelInvitationToken}/calendar.ics`,
    expected: [200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'post',
    route: '/api/panel-invitations/{token}',
    path: (f) => `/api/panel-invitations/${f.panelInvitationToken}`,
    body: () => ({}),
    expected: [400, 400, 400, 400, 400, 400, 400],
  },
  {
    method: 'post',
    route: '/api/panels/{id}/sessions',
    path: (f) => `/api/panels/${f.panelId}/sessions`,
    body: () => ({}),
    expected: [401, 403, 403, 403, 403, 403, 400],
  },
  {
    // A workshop that is not one of the panel's sessions.
    method: 'post',
    route: '/api/panel-invitations/{token}/sessions/{workshopId}/join',
    path: (f) =>
      `/api/panel-invitations/${f.panelInvitationToken}/sessions/${f.workshopHereId}/join`,
    expected: [404, 404, 404, 404, 404, 404, 404],
  },
  // ---- proposals ----
  {
    method: 'get',
    route: '/api/proposals',
    path: () => '/api/proposals?q=mobilité',
    expected: [200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'get',
    route: '/api/proposals/queue',
    path: () => '/api/proposals/queue?overdue=false',
    expected: [401, 403, 403, 200, 200, 200, 200],
  },
  {
    method: 'get',
    route: '/api/proposals/figures',
    path: () => '/api/proposals/figures',
    expected: [200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'get',
    route: '/api/proposals/export.csv',
    path: () => '/api/proposals/export.csv',
    expected: [401, 403, 403, 403, 403, 200, 200],
  },
  {
    // Anyone with an identity (participant, staff, public supporter token).
    method: 'get',
    route: '/api/proposals/notifications',
    path: () => '/api/proposals/notifications',
    expected: [401, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'post',
    route: '/api/proposals/supporters',
    path: () => '/api/proposals/supporters',
    expected: [201, 201, 201, 201, 201, 201, 201],
  },
  {
    // An empty body: 400 proves the caller got past the role check without creating anything.
    method: 'post',
    route: '/api/proposals',
    path: () => '/api/proposals',
    body: () => ({}),
    expected: [401, 403, 403, 400, 400, 403, 400],
  },
  {
    method: 'post',
    route: '/api/proposals/from-workshop',
    path: () => '/api/proposals/from-workshop',
    body: () => ({}),
    expected: [401, 403, 403, 400, 400, 403, 400],
  },
  {
    method: 'get',
    route: '/api/proposals/campaigns/{campaignId}/answer-states',
    path: (f) => `/api/proposals/campaigns/${f.campaignId}/answer-states`,
    expected: [401, 403, 403, 403, 403, 403, 200],
  },
  {
    method: 'put',
    route: '/api/proposals/campaigns/{campaignId}/answer-states',
    path: (f) => `/api/proposals/campaigns/${f.campaignId}/answer-states`,
    body: () => ({
      states: ['accepted', 'partly_accepted', 'under_study', 'rejected', 'already_existing'],
    }),
    expected: [401, 403, 403, 403, 403, 403, 200],
  },
  {
    method: 'get',
    route: '/api/proposals/{id}',
    path: (f) => `/api/proposals/${f.proposalId}`,
    expected: [200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'patch',
    route: '/api/proposals/{id}',
    path: (f) => `/api/proposals/${f.draftProposalId}`,
    body: (_f, actor) => ({ title: `Reformulée par ${actor}` }),
    expected: [401, 403, 403, 200, 403, 403, 200],
  },
  {
    // Already published: 409 proves the caller got past the scope check.
    method: 'post',
    route: '/api/proposals/{id}/publish',
    path: (f) => `/api/proposals/${f.proposalId}/publish`,
    expected: [401, 403, 403, 409, 403, 403, 409],
  },
  {
    // The official takes it up; the organiser then finds it under review already (409).
    method: 'post',
    route: '/api/proposals/{id}/review',
    path: (f) => `/api/proposals/${f.reviewProposalId}/review`,
    expected: [401, 403, 403, 403, 403, 200, 409],
  },
  {
    // Only an elected official in scope answers; an organiser is not one.
    method: 'post',
    route: '/api/proposals/{id}/answers',
    path: (f) => `/api/proposals/${f.proposalId}/answers`,
    body: () => ({ state: 'accepted', reasons: 'Retenue.' }),
    expected: [401, 403, 403, 403, 403, 201, 403],
  },
  {
    method: 'post',
    route: '/api/proposals/{id}/follow-ups',
    path: (f) => `/api/proposals/${f.proposalId}/follow-ups`,
    body: () => ({ progress: 20, text: 'Premiers travaux.' }),
    expected: [401, 403, 403, 403, 403, 201, 201],
  },
  {
    method: 'post',
    route: '/api/proposals/{id}/supports',
    path: (f) => `/api/proposals/${f.proposalId}/supports`,
    expected: [401, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'put',
    route: '/api/proposals/{id}/follow',
    path: (f) => `/api/proposals/${f.proposalId}/follow`,
    expected: [401, 204, 204, 204, 204, 204, 204],
  },
  {
    method: 'delete',
    route: '/api/proposals/{id}/follow',
    path: (f) => `/api/proposals/${f.proposalId}/follow`,
    expected: [401, 204, 204, 204, 204, 204, 204],
  },
  {
    // Any identity gives its own address, with consent (docs/mail.md).
    method: 'put',
    route: '/api/proposals/{id}/mail',
    path: (f) => `/api/proposals/${f.proposalId}/mail`,
    body: (_f, actor) => ({ email: `${actor}@example.test`, language: 'fr', consent: true }),
    expected: [401, 204, 204, 204, 204, 204, 204],
  },
  // Mail (docs/mail.md): the outgoing-mail page is the organisers'; unsubscribing needs no
  // sign-in, only a signed token (a wrong one is a 400 for everyone).
  {
    method: 'get',
    route: '/api/mail/outbox',
    path: () => '/api/mail/outbox',
    expected: [401, 403, 403, 403, 403, 403, 200],
  },
  {
    method: 'get',
    route: '/api/mail/unsubscribe',
    path: () => '/api/mail/unsubscribe?token=proposal_updates.00.forged',
    expected: [400, 400, 400, 400, 400, 400, 400],
  },
  {
    method: 'post',
    route: '/api/mail/unsubscribe',
    path: () => '/api/mail/unsubscribe?token=proposal_updates.00.forged',
    expected: [400, 400, 400, 400, 400, 400, 400],
  },
  {
    method: 'get',
    route: '/api/proposals/{id}/comments',
    path: (f) => `/api/proposals/${f.proposalId}/comments`,
    expected: [200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'post',
    route: '/api/proposals/{id}/comments',
    path: (f) => `/api/proposals/${f.proposalId}/comments`,
    body: (_f, actor) => ({ text: `Avis de ${actor}` }),
    expected: [401, 201, 201, 201, 201, 201, 201],
  },
  {
    method: 'post',
    route: '/api/proposals/{id}/comments/{commentId}/report',
    path: (f) => `/api/proposals/${f.proposalId}/comments/${f.commentId}/report`,
    expected: [401, 204, 204, 204, 204, 204, 204],
  },
  {
    method: 'post',
    route: '/api/proposals/{id}/comments/{commentId}/hide',
    path: (f) => `/api/proposals/${f.proposalId}/comments/${f.commentId}/hide`,
    expected: [401, 403, 403, 204, 403, 204, 204],
  },
  {
    method: 'post',
    route: '/api/proposals/{id}/comments/{commentId}/restore',
    path: (f) => `/api/proposals/${f.proposalId}/comments/${f.commentId}/restore`,
    expected: [401, 403, 403, 204, 403, 204, 204],
  },
  // The tour (docs/tour.md): public reads; organisers plan; facilitators the stops and
  // initiatives of their scope.
  {
    method: 'get',
    route: '/api/tours',
    path: () => '/api/tours',
    expected: [200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'get',
    route: '/api/tours/{id}',
    path: (f) => `/api/tours/${f.tourId}`,
    expected: [200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'get',
    route: '/api/tours/{id}/heard',
    path: (f) => `/api/tours/${f.tourId}/heard`,
    expected: [200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'get',
    route: '/api/tours/{id}/coverage',
    path: (f) => `/api/tours/${f.tourId}/coverage`,
    expected: [200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'get',
    route: '/api/tours/{id}/planning',
    path: (f) => `/api/tours/${f.tourId}/planning`,
    expected: [401, 403, 403, 200, 200, 403, 200],
  },
  {
    method: 'post',
    route: '/api/tours',
    path: () => '/api/tours',
    body: () => ({}),
    expected: [401, 403, 403, 403, 403, 403, 400],
  },
  {
    method: 'patch',
    route: '/api/tours/{id}',
    path: (f) => `/api/tours/${f.tourId}`,
    body: (_f, actor) => ({ description: `Changed by ${actor}` }),
    expected: [401, 403, 403, 403, 403, 403, 200],
  },
  {
    method: 'post',
    route: '/api/tours/{id}/stops',
    path: (f) => `/api/tours/${f.tourId}/stops`,
    // One day per caller, so that two allowed callers do not overlap.
    body: (f, actor) => ({
      day: `2026-04-1${MATRIX_ACTORS.indexOf(actor)}`,
      startsAt: '09:00',
      endsAt: '18:00',
      territoryId: f.vierzonId,
    }),
    expected: [401, 403, 403, 201, 403, 403, 201],
  },
  {
    // An empty order: 400 proves the organiser got past the access check.
    method: 'put',
    route: '/api/tours/{id}/stop-order',
    path: (f) => `/api/tours/${f.tourId}/stop-order`,
    body: () => ({ stopIds: [] }),
    expected: [401, 403, 403, 403, 403, 403, 400],
  },
  {
    method: 'get',
    route: '/api/tours/{id}/calendar.ics',
    path: (f) => `/api/tours/${f.tourId}/calendar.ics`,
    expected: [200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'get',
    route: '/api/tour-stops/{id}/calendar.ics',
    path: (f) => `/api/tour-stops/${f.stopId}/calendar.ics`,
    expected: [200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'get',
    route: '/api/tour-stops/{id}',
    path: (f) => `/api/tour-stops/${f.stopId}`,
    expected: [200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'patch',
    route: '/api/tour-stops/{id}',
    path: (f) => `/api/tour-stops/${f.stopId}`,
    body: (_f, actor) => ({ report: `Written by ${actor}` }),
    expected: [401, 403, 403, 200, 403, 403, 200],
  },
  {
    // The stop has a workshop: 409 proves the caller got past the scope check, deleting nothing.
    method: 'delete',
    route: '/api/tour-stops/{id}',
    path: (f) => `/api/tour-stops/${f.stopId}`,
    expected: [401, 403, 403, 409, 403, 403, 409],
  },
  {
    method: 'get',
    route: '/api/initiatives',
    path: () => '/api/initiatives?q=jardin',
    expected: [200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'get',
    route: '/api/initiatives/{id}',
    path: (f) => `/api/initiatives/${f.initiativeId}`,
    expected: [200, 200, 200, 200, 200, 200, 200],
  },
  {
    method: 'post',
    route: '/api/initiatives',
    path: () => '/api/initiatives',
    body: (f, actor) => ({
      name: `Initiative de ${actor}`,
      kind: 'collective',
      territoryId: f.vierzonId,
    }),
    expected: [401, 403, 403, 201, 403, 403, 201],
  },
  {
    method: 'patch',
    route: '/api/initiatives/{id}',
    path: (f) => `/api/initiatives/${f.initiativeId}`,
    body: (_f, actor) => ({ description: `Changed by ${actor}` }),
    expected: [401, 403, 403, 200, 403, 403, 200],
  },
  {
    // An unknown initiative: 404 for the staff roles that may delete, before any scope check.
    method: 'delete',
    route: '/api/initiatives/{id}',
    path: () => `/api/initiatives/${randomUUID()}`,
    expected: [401, 403, 403, 404, 404, 403, 404],
  },
];

const STAFF: Record<
  string,
  {
    email: string;
    roles: Array<'organiser' | 'facilitator' | 'official'>;
    scope: 'cher' | 'loiret' | null;
  }
> = {
  facilitatorInScope: { email: 'fac.cher@example.test', roles: ['facilitator'], scope: 'cher' },
  facilitatorOutOfScope: {
    email: 'fac.loiret@example.test',
    roles: ['facilitator'],
    scope: 'loiret',
  },
  official: { email: 'elu@example.test', roles: ['official'], scope: 'cher' },
  organiser: { email: 'orga@example.test', roles: ['organiser'], scope: null },
};
const PASSWORD = 'matrix password 2017';

describe('authorization matrix (integration)', () => {
  let t: TestApp;
  let fixture: Fixture;
  let document: OpenApiDocument;
  let responses: ResponseValidator;
  const headers: Partial<Record<ActorName, Record<string, string>>> = {};

  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.dataSource);
    const [region] = await t.dataSource.query(
      `INSERT INTO territories (code, name, level) VALUES ('24', 'Centre', 'region') RETURNING id`,
    );
    const [cher] = await t.dataSource.query(
      `INSERT INTO territories (code, name, level, parent_id) VALUES ('18', 'Cher', 'departement', $1) RETURNING id`,
      [region.id],
    );
    const [loiret] = await t.dataSource.query(
      `INSERT INTO territories (code, name, level, parent_id) VALUES ('45', 'Loiret', 'departement', $1) RETURNING id`,
      [region.id],
    );
    const [vierzon] = await t.dataSource.query(
      `INSERT INTO territories (code, name, level, parent_id) VALUES ('bv-18-v', 'Vierzon', 'bassin_de_vie', $1) RETURNING id`,
      [cher.id],
    );
    const [orleans] = await t.dataSource.query(
      `INSERT INTO territories (code, name, level, parent_id) VALUES ('bv-45-o', 'Orléans', 'bassin_de_vie', $1) RETURNING id`,
      [loiret.id],
    );

    const accounts = t.app.get(AccountsService);
    for (const [name, staff] of Object.entries(STAFF)) {
      const scope =
        staff.scope === 'cher' ? [cher.id] : staff.scope === 'loiret' ? [loiret.id] : [];
      await accounts.create(null, {
        email: staff.email,
        password: PASSWORD,
        displayName: name,
        roles: staff.roles,
        scopeTerritoryIds: scope,
      });
      headers[name as ActorName] = staffHeaders(await login(t, staff.email, PASSWORD));
    }
    await accounts.create(null, {
      email: 'login-probe@example.test',
      password: 'login probe password',
      displayName: 'Probe',
      roles: ['official'],
    });
    const target = await accounts.create(null, {
      email: 'target@example.test',
      password: PASSWORD,
      displayName: 'Target',
      roles: ['official'],
    });

    const workshops = t.app.get(WorkshopsService);
    const here = await workshops.create(null, {
      title: 'Fabrik de Vierzon',
      territoryId: vierzon.id,
    });
    const elsewhere = await workshops.create(null, {
      title: 'Fabrik d’Orléans',
      territoryId: orleans.id,
    });
    headers.participantHere = (await join(t, here.code)).headers;
    headers.participantElsewhere = (await join(t, elsewhere.code)).headers;
    headers.anonymous = {};
    const [organiser] = await t.dataSource.query(`SELECT id FROM users WHERE email = $1`, [
      STAFF.organiser.email,
    ]);
    const actor: StaffActor = {
      kind: 'staff',
      userId: organiser.id,
      displayName: 'organiser',
      roles: ['organiser'],
      scopeTerritoryIds: [],
      sessionId: '',
      csrfToken: '',
    };
    const activity = await t.app
      .get(AgendaService)
      .addActivity(actor, here.id, { kind: 'idea_board', prompt: 'Question' });
    const idea = await t.app.get(IdeasService).postFromPaper(actor, here.id, {
      clientId: randomUUID(),
      activityId: activity.id,
      text: 'Une idée',
    });
    const theme = await t.app.get(ThemesService).create(actor, here.id, 'Un thème');
    const campaign = await t.app.get(CampaignsService).create(null, {
      slug: 'matrix-campaign',
      title: 'Campagne',
      territoryId: region.id,
      startsOn: '2026-02-01',
      endsOn: '2026-07-31',
    });
    const [cherPanel] = await t.dataSource.query(`SELECT id FROM territories WHERE code = '18'`);
    const panels = t.app.get(PanelsService);
    const panel = await panels.create(null, {
      campaignId: campaign.id,
      territoryId: cherPanel.id,
      seats: { drawn: 4, organisation: 1, elected: 1 },
      retentionUntil: '2099-12-31',
    });
    await t.app.get(PanelPoolService).importCsv(actor, panel.id, {
      csv: syntheticPoolCsv(panel.features, syntheticPool(panel.features, 12, 'matrix')),
      consent: true,
    });
    const job = await t.app.get(PanelDrawJobsService).start(actor, panel.id, { seed: 'matrix' });
    // The draw is a job: wait until the worker stored it.
    let panelDraw: { id: string } | undefined;
    for (let i = 0; i < 600 && !panelDraw; i += 1) {
      [panelDraw] = await t.dataSource.query(`SELECT id FROM panel_draws WHERE panel_id = $1`, [
        panel.id,
      ]);
      if (!panelDraw) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!panelDraw) throw new Error(`the draw job ${job.id} did not finish`);
    const [panelMember, panelMailMember] = (await panels.get(actor, panel.id)).members;
    const invitation = await t.app
      .get(PanelMembersService)
      .invitationLink(actor, panel.id, panelMember.id);
    const proposalsService = t.app.get(ProposalsService);
    const newProposal = (title: string) =>
      proposalsService.create(actor, {
        campaignId: campaign.id,
        territoryId: vierzon.id,
        title,
        need: 'Un besoin',
        action: 'Une action',
        source: 'public',
      });
    const proposal = await newProposal('Proposition publiée');
    await proposalsService.publish(actor, proposal.id);
    const reviewProposal = await newProposal('Proposition à examiner');
    await proposalsService.publish(actor, reviewProposal.id);
    const draftProposal = await newProposal('Brouillon');
    const [proposalComment] = await t.dataSource.query(
      `INSERT INTO proposal_comments (proposal_id, author_key, author_label, text, created_at)
       VALUES ($1, 'public:matrix', 'Citoyen·ne', 'Un avis', now()) RETURNING id`,
      [proposal.id],
    );
    const tour = await t.app
      .get(ToursService)
      .create(null, { campaignId: campaign.id, title: 'Tournée' });
    const stop = await t.app.get(ToursService).createStop(null, tour.id, {
      day: '2026-03-01',
      startsAt: '09:00',
      endsAt: '21:00',
      territoryId: vierzon.id,
      workshopId: here.id,
    });
    const initiative = await t.app.get(InitiativesService).create(null, {
      name: 'Jardin partagé',
      kind: 'collective',
      territoryId: vierzon.id,
      stopId: stop.id,
    });
    document = (await t.http().get('/api/openapi.json').expect(200)).body;
    responses = new ResponseValidator(document);
    fixture = {
      tourId: tour.id,
      stopId: stop.id,
      initiativeId: initiative.id,
      proposalId: proposal.id,
      draftProposalId: draftProposal.id,
      reviewProposalId: reviewProposal.id,
      commentId: proposalComment.id,
      panelId: panel.id,
      panelDrawId: panelDraw.id,
      panelMemberId: panelMember.id,
      panelMailMemberId: panelMailMember.id,
      panelInvitationToken: invitation.token,
      themeId: theme.id,
      campaignId: campaign.id,
      activityId: activity.id,
      ideaId: idea.idea.id,
      territoryId: vierzon.id,
      vierzonId: vierzon.id,
      workshopHereId: here.id,
      workshopHereCode: here.code,
      accountId: target.id,
    };
  });

  afterAll(() => t.close());

  it('covers every route of the OpenAPI document', () => {
    const documented = Object.entries(document.paths)
      .flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    const covered = ROWS.map((row) => `${row.method.toUpperCase()} ${row.route}`).sort();
    expect(covered).toEqual(documented);
  });

  it('documents the success answer of every route, with a schema for every JSON one', () => {
    expect(undocumentedSuccesses(document)).toEqual([]);
  });

  for (const row of ROWS) {
    it(`${row.method.toUpperCase()} ${row.route}`, async () => {
      const actual: Record<string, number> = {};
      const expected: Record<string, number> = {};
      // Each answer against the route's documented response (the contracts' schemas).
      const undocumented: Record<string, string> = {};
      for (const [index, actor] of ACTORS.entries()) {
        let actorHeaders = headers[actor]!;
        if (row.freshSession && STAFF[actor])
          actorHeaders = staffHeaders(await login(t, STAFF[actor].email, PASSWORD));
        let request = t.http()[row.method](row.path(fixture)).set(actorHeaders);
        if (row.body) request = request.send(row.body(fixture, actor));
        const response = await request;
        actual[actor] = response.status;
        expected[actor] = row.expected[index];
        // Errors are always JSON (the CSV export answers text/csv when allowed).
        if (response.status >= 400) expect(response.headers['content-type']).toMatch(/json/);
        const mismatch = responses.check(row.method, row.route, response);
        if (mismatch) undocumented[actor] = mismatch;
      }
      expect(actual).toEqual(expected);
      expect(undocumented).toEqual({});
    });
  }
});
