import type { StaffActor } from '../src/auth/actor';
import { CampaignsService } from '../src/campaigns/campaigns.service';
import { DemoSeedService } from '../src/demo/demo-seed.service';
import { DEMO_ACCOUNTS } from '../src/demo/demo-accounts';
import { MailWorker } from '../src/mail/mail-worker';
import { PanelDrawJobsService } from '../src/panels/panel-draw-jobs.service';
import { PanelPoolService } from '../src/panels/panel-pool.service';
import { PanelsService } from '../src/panels/panels.service';
import { syntheticPool, syntheticPoolCsv } from '../src/panels/synthetic-pool';
import { demoOrganiserHeaders } from './support/actors';
import { SmtpSink } from './support/smtp-sink';
import { resetDatabase, startTestApp, TestApp } from './support/test-app';

describe('mail: panel invitations and finished draws (integration)', () => {
  const smtp = new SmtpSink();
  let t: TestApp;
  let organiser: Record<string, string>;
  let panelId: string;
  let members: Array<{ id: string }>;
  const organiserAccount = DEMO_ACCOUNTS.find((a) => a.roles.includes('organiser'))!;

  beforeAll(async () => {
    t = await startTestApp({ smtpUrl: await smtp.listen() });
    await resetDatabase(t.dataSource);
    await t.app.get(DemoSeedService).seed();
    organiser = await demoOrganiserHeaders(t);
    const [user] = await t.dataSource.query(`SELECT id FROM users WHERE email = $1`, [
      organiserAccount.email,
    ]);
    const actor: StaffActor = {
      kind: 'staff',
      userId: user.id,
      displayName: 'organiser',
      roles: ['organiser'],
      scopeTerritoryIds: [],
      sessionId: '',
      csrfToken: '',
    };
    const [region] = await t.dataSource.query(
      `SELECT id FROM territories WHERE parent_id IS NULL LIMIT 1`,
    );
    const [cher] = await t.dataSource.query(`SELECT id FROM territories WHERE code = '18'`);
    const campaign = await t.app.get(CampaignsService).create(null, {
      slug: 'mail-panels',
      title: 'Campagne',
      territoryId: region.id,
      startsOn: '2026-02-01',
      endsOn: '2026-07-31',
    });
    const panels = t.app.get(PanelsService);
    const panel = await panels.create(null, {
      campaignId: campaign.id,
      territoryId: cher.id,
      seats: { drawn: 4, organisation: 1, elected: 1 },
      retentionUntil: '2099-12-31',
    });
    panelId = panel.id;
    await t.app.get(PanelPoolService).importCsv(actor, panel.id, {
      csv: syntheticPoolCsv(panel.features, syntheticPool(panel.features, 12, 'mail')),
      consent: true,
    });
    await t.app.get(PanelDrawJobsService).start(actor, panel.id, { seed: 'mail' });
    for (let i = 0; i < 600; i++) {
      const rows: unknown[] = await t.dataSource.query(
        `SELECT 1 FROM panel_draws WHERE panel_id = $1`,
        [panel.id],
      );
      if (rows.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    members = (await panels.get(actor, panel.id)).members;
  });

  afterAll(async () => {
    await t?.close();
    await smtp.close();
  });

  it('tells the organiser who started the draw that it is finished', async () => {
    await t.app.get(MailWorker).sendDue();
    const [mail] = smtp.to(organiserAccount.email);
    expect(mail.decoded).toContain('4 personnes tirées');
    expect(mail.decoded).toContain(`/organisation/panels/${panelId}`);
  });

  it('mails a member their personal link, which works; a second mail is a reminder', async () => {
    const member = members[0];
    const [{ email }] = await t.dataSource.query(`SELECT email FROM panel_members WHERE id = $1`, [
      member.id,
    ]);
    const response = await t
      .http()
      .post(`/api/panels/${panelId}/members/${member.id}/invitation-mail`)
      .set(organiser)
      .expect(202);
    expect(response.body).toEqual({ queued: true });
    await t.app.get(MailWorker).sendDue();
    const [invitation] = smtp.to(email);
    expect(invitation.decoded).toContain('tiré·e au sort');
    const link = /\/panel-invitation\/([\w-]+)/.exec(invitation.decoded)![1];
    await t.http().get(`/api/panel-invitations/${link}`).expect(200);

    await t
      .http()
      .post(`/api/panels/${panelId}/members/${member.id}/invitation-mail`)
      .set(organiser)
      .expect(202);
    await t.app.get(MailWorker).sendDue();
    const [, reminder] = smtp.to(email);
    expect(reminder.decoded).toContain('attend toujours votre réponse');
    // The new link replaces the old one.
    await t.http().get(`/api/panel-invitations/${link}`).expect(404);
  });
});
