import type { ProposalDetail } from '@permanente/contracts';
import { FakeClock } from '../src/common/clock';
import { DemoSeedService } from '../src/demo/demo-seed.service';
import { MailWorker } from '../src/mail/mail-worker';
import { parisWeek } from '../src/proposals/answer-reminders.service';
import { demoOrganiserHeaders } from './support/actors';
import { SmtpSink } from './support/smtp-sink';
import { resetDatabase, startTestApp, TestApp } from './support/test-app';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const OFFICIAL = 'elu.loiret@permanente.test';

describe('mail: the officials’ reminders and weekly digest (integration)', () => {
  // A Tuesday; the demo campaign gives 90 days to answer.
  const start = new Date('2026-03-03T09:00:00Z');
  const clock = new FakeClock(start);
  const smtp = new SmtpSink();
  let t: TestApp;
  let proposal: ProposalDetail;
  let due: Date;

  const mine = () => smtp.to(OFFICIAL);

  /** Sets the clock, then runs one tick of the worker (reminders, then sending). */
  async function at(when: Date) {
    clock.advance(when.getTime() - clock.now().getTime());
    await t.app.get(MailWorker).tick();
  }

  beforeAll(async () => {
    const smtpUrl = await smtp.listen();
    t = await startTestApp({ smtpUrl, answerReminderDays: 7 }, undefined, clock);
    await resetDatabase(t.dataSource);
    await t.app.get(DemoSeedService).seed();
    // The demo's own proposals are answered, overdue or due at other dates: reminders for
    // them are recorded now, before the test's proposal exists.
    await at(start);
    smtp.received.length = 0;

    const organiser = await demoOrganiserHeaders(t);
    const [{ id: campaignId }]: Array<{ id: string }> = await t.dataSource.query(
      `SELECT id FROM campaigns ORDER BY created_at LIMIT 1`,
    );
    const [{ id: territoryId }]: Array<{ id: string }> = await t.dataSource.query(
      `SELECT id FROM territories WHERE code = 'bv-45-montargis'`,
    );
    const draft = await t
      .http()
      .post('/api/proposals')
      .set(organiser)
      .send({
        campaignId,
        territoryId,
        title: 'Un abri vélo à la gare',
        need: 'Les vélos sont volés',
        action: 'Construire un abri fermé',
        source: 'public',
      })
      .expect(201);
    proposal = (
      await t.http().post(`/api/proposals/${draft.body.id}/publish`).set(organiser).expect(200)
    ).body;
    due = new Date(proposal.answerDueAt!);
    expect(due.getTime() - start.getTime()).toBe(90 * DAY);
  });

  afterAll(async () => {
    await t?.close();
    await smtp.close();
  });

  const about = () => mine().filter((mail) => mail.decoded.includes(proposal.id));

  it('reminds the official in scope 7 days before the answer falls due, on that day only', async () => {
    await at(new Date(due.getTime() - 7 * DAY - HOUR));
    expect(about()).toHaveLength(0);
    await at(new Date(due.getTime() - 7 * DAY + HOUR));
    expect(about()).toHaveLength(1);
    expect(about()[0].decoded).toContain('attend votre réponse avant le 1 juin 2026');
    // Later ticks, the next days: nothing more.
    await at(new Date(due.getTime() - 3 * DAY));
    await at(new Date(due.getTime() - HOUR));
    expect(about()).toHaveLength(1);
    // Officials of another département hear nothing of it.
    expect(
      smtp.to('elu.cher@permanente.test').filter((m) => m.decoded.includes(proposal.id)),
    ).toEqual([]);
  });

  it('tells the official once when the answer is overdue', async () => {
    await at(new Date(due.getTime() + HOUR));
    expect(about()).toHaveLength(2);
    expect(about()[1].decoded).toContain('jour de retard');
    await at(new Date(due.getTime() + 2 * DAY));
    expect(about()).toHaveLength(2);
  });

  it('sends the weekly digest on Monday morning, once a week', async () => {
    const digests = () => mine().filter((mail) => mail.decoded.includes('Ouvrir ma file'));
    const before = digests().length;
    // The Monday after the due date, 07:30 then 08:30 Paris time (UTC+2 in June).
    let monday = new Date(due.getTime() + 2 * DAY);
    while (parisWeek(monday).weekday !== 1) monday = new Date(monday.getTime() + DAY);
    const morning = new Date(
      Date.UTC(monday.getUTCFullYear(), monday.getUTCMonth(), monday.getUTCDate(), 5, 30),
    );
    await at(morning);
    expect(digests().length).toBe(before);
    await at(new Date(morning.getTime() + HOUR));
    expect(digests().length).toBe(before + 1);
    expect(digests().at(-1)!.decoded).toContain('• Un abri vélo à la gare');
    await at(new Date(morning.getTime() + 5 * HOUR));
    await at(new Date(morning.getTime() + DAY));
    expect(digests().length).toBe(before + 1);
  });
});
