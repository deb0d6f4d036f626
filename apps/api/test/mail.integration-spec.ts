import { SUPPORTER_TOKEN_HEADER, type OutgoingMailPage } from '@permanente/contracts';
import { FakeClock } from '../src/common/clock';
import { DemoSeedService } from '../src/demo/demo-seed.service';
import { DEMO_ACCOUNTS, DEMO_WORKSHOP } from '../src/demo/demo-accounts';
import { MailRepository } from '../src/mail/mail.repository';
import { MAIL_LEASE_MS, MailWorker } from '../src/mail/mail-worker';
import { demoOrganiserHeaders, join, login, staffHeaders } from './support/actors';
import { SmtpSink } from './support/smtp-sink';
import { resetDatabase, startTestApp, TestApp } from './support/test-app';

/** Long enough that the worker's own timer never runs: the test drives it. */
const NO_TIMER = 3_600_000;

describe('mail: the outbox, SMTP, unsubscribe (integration)', () => {
  const clock = new FakeClock(new Date('2026-03-03T09:00:00Z'));
  const smtp = new SmtpSink();
  let smtpUrl: string;
  let t: TestApp;
  let official: Record<string, string>;
  let proposalId: string;
  let otherProposalId: string;

  const worker = () => t.app.get(MailWorker);

  async function supporter(): Promise<Record<string, string>> {
    const response = await t.http().post('/api/proposals/supporters').expect(201);
    return { [SUPPORTER_TOKEN_HEADER]: response.body.token };
  }

  async function supporterWithMail(id: string, email: string, language: 'fr' | 'en') {
    const headers = await supporter();
    await t.http().post(`/api/proposals/${id}/supports`).set(headers).expect(200);
    await t
      .http()
      .put(`/api/proposals/${id}/mail`)
      .set(headers)
      .send({ email, language, consent: true })
      .expect(204);
    return headers;
  }

  async function pendingCount(): Promise<number> {
    const [row]: Array<{ n: number }> = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM mail_outbox WHERE status = 'pending'`,
    );
    return row.n;
  }

  async function followUp(text: string) {
    await t
      .http()
      .post(`/api/proposals/${proposalId}/follow-ups`)
      .set(official)
      .send({ progress: 50, text })
      .expect(201);
  }

  beforeAll(async () => {
    smtpUrl = await smtp.listen();
    t = await startTestApp({ smtpUrl, mailPollMs: NO_TIMER }, undefined, clock);
    await resetDatabase(t.dataSource);
    await t.app.get(DemoSeedService).seed();
    const rows: Array<{ id: string }> = await t.dataSource.query(
      `SELECT p.id FROM proposals p JOIN territories t ON t.id = p.territory_id
       WHERE t.code LIKE 'bv-45-%' AND p.status IN ('published', 'under_review')
       ORDER BY p.title LIMIT 2`,
    );
    expect(rows).toHaveLength(2);
    [{ id: proposalId }, { id: otherProposalId }] = rows;
    const account = DEMO_ACCOUNTS.find((a) => a.email === 'elu.loiret@permanente.test')!;
    official = staffHeaders(await login(t, account.email, account.password));
  });

  afterAll(async () => {
    await t?.close();
    await smtp.close();
  });

  it('refuses an opt-in without consent or with a bad address (400 naming the field)', async () => {
    const headers = await supporter();
    const noConsent = await t
      .http()
      .put(`/api/proposals/${proposalId}/mail`)
      .set(headers)
      .send({ email: 'a@example.org', language: 'fr', consent: false })
      .expect(400);
    expect(JSON.stringify(noConsent.body)).toContain('body.consent');
    const badAddress = await t
      .http()
      .put(`/api/proposals/${proposalId}/mail`)
      .set(headers)
      .send({ email: 'not an address', language: 'fr', consent: true })
      .expect(400);
    expect(JSON.stringify(badAddress.body)).toContain('body.email');
    await t
      .http()
      .put(`/api/proposals/${proposalId}/mail`)
      .send({ email: 'a@example.org', language: 'fr', consent: true })
      .expect(401);
  });

  it('erases a participant’s address with the rest of their data (Mes données)', async () => {
    const participant = await join(t, DEMO_WORKSHOP.code, 'Dominique');
    await t
      .http()
      .put(`/api/proposals/${otherProposalId}/mail`)
      .set(participant.headers)
      .send({ email: 'dominique@example.org', language: 'fr', consent: true })
      .expect(204);
    const key = `participant:${participant.body.participant.id}`;
    const count = async () =>
      (await t.dataSource.query(`SELECT 1 FROM mail_contacts WHERE identity_key = $1`, [key]))
        .length;
    expect(await count()).toBe(1);
    const exported = await t
      .http()
      .get('/api/participants/me/export')
      .set(participant.headers)
      .expect(200);
    expect(exported.body.mail).toMatchObject({ email: 'dominique@example.org', language: 'fr' });
    await t
      .http()
      .delete('/api/participants/me/personal-data')
      .set(participant.headers)
      .expect(200);
    expect(await count()).toBe(0);
  });

  it('sends the answer to each opted-in supporter once, and to nobody else', async () => {
    await supporterWithMail(proposalId, 'camille@example.org', 'fr');
    await supporterWithMail(proposalId, 'alex@example.org', 'en');
    // Supports without an address, and an address on another proposal: no mail for them.
    const silent = await supporter();
    await t.http().post(`/api/proposals/${proposalId}/supports`).set(silent).expect(200);
    await supporterWithMail(otherProposalId, 'elsewhere@example.org', 'fr');

    await t
      .http()
      .post(`/api/proposals/${proposalId}/answers`)
      .set(official)
      .send({ state: 'accepted', reasons: 'Nous le ferons au printemps.' })
      .expect(201);
    // Recorded with the answer, sent by the worker.
    expect(await pendingCount()).toBe(2);
    expect(smtp.received).toHaveLength(0);
    expect(await worker().sendDue()).toBe(2);

    expect(smtp.received).toHaveLength(2);
    const [fr] = smtp.to('camille@example.org');
    const [en] = smtp.to('alex@example.org');
    expect(fr.decoded).toContain('Nous le ferons au printemps.');
    expect(fr.decoded).toContain('Décision : Acceptée.');
    expect(en.decoded).toContain('Decision: Accepted.');
    for (const mail of [fr, en]) {
      expect(mail.headers['list-unsubscribe']).toMatch(
        /^<http:\/\/localhost:3000\/api\/mail\/unsubscribe\?token=proposal_updates\.[0-9a-f]{64}\.[\w-]+>$/,
      );
      expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
      expect(mail.raw).toContain('text/html');
      expect(mail.raw).toContain('text/plain');
    }
    expect(smtp.to('elsewhere@example.org')).toHaveLength(0);
    expect(await pendingCount()).toBe(0);
    // Nothing is sent twice.
    expect(await worker().sendDue()).toBe(0);
    expect(smtp.received).toHaveLength(2);
  });

  it('unsubscribes in one click without signing in, which stops the next mail', async () => {
    const [mail] = smtp.to('camille@example.org');
    const url = new URL(mail.headers['list-unsubscribe'].slice(1, -1));
    const path = `${url.pathname}${url.search}`;
    // The link opened in a browser asks first: a GET changes nothing.
    const page = await t.http().get(path).expect(200);
    expect(page.headers['content-type']).toMatch(/html/);
    expect(page.text).toContain('method="post"');
    // A tampered token is refused.
    const bad = await t
      .http()
      .post(path.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('query.token');
    // RFC 8058: the mail program POSTs List-Unsubscribe=One-Click, no cookie, no header.
    await t.http().post(path).type('form').send('List-Unsubscribe=One-Click').expect(200);

    await followUp('Les travaux commencent.');
    expect(await worker().sendDue()).toBe(1);
    expect(smtp.to('camille@example.org')).toHaveLength(1);
    expect(smtp.to('alex@example.org')).toHaveLength(2);
    expect(smtp.to('alex@example.org')[1].decoded).toContain('Les travaux commencent.');
  });

  it('keeps every mail through a 10-second SMTP outage and delivers each exactly once', async () => {
    for (let i = 0; i < 6; i++)
      await supporterWithMail(proposalId, `outage${i}@example.org`, i % 2 ? 'en' : 'fr');
    const before = smtp.received.length;
    const outageEnds = clock.now().getTime() + 10_000;
    smtp.refusing = () => clock.now().getTime() < outageEnds;

    await followUp('La moitié est faite.');
    expect(await pendingCount()).toBe(7); // six new addresses and alex
    // Two workers at once (as two instances would): claims never overlap.
    for (let second = 0; second <= 40; second++) {
      await Promise.all([worker().sendDue(), worker().sendDue()]);
      clock.advance(1_000);
    }
    smtp.refusing = () => false;

    expect(smtp.refused).toBeGreaterThan(0);
    const delivered = smtp.received.slice(before);
    expect(delivered).toHaveLength(7);
    const ids = delivered.map((mail) => mail.headers['message-id']);
    expect(new Set(ids).size).toBe(7);
    const rows: Array<{ status: string; attempts: number }> = await t.dataSource.query(
      `SELECT status, attempts FROM mail_outbox WHERE text_body LIKE '%La moitié est faite.%'`,
    );
    expect(rows).toHaveLength(7);
    expect(rows.every((row) => row.status === 'sent')).toBe(true);
    expect(Math.max(...rows.map((row) => row.attempts))).toBeGreaterThan(1);
  });

  it('sends after a restart what was committed before, once', async () => {
    const before = smtp.received.length;
    await followUp('Commis avant l’arrêt.');
    // A worker claimed the mails and died before sending (its lease holds them)...
    const claimed = await t.app
      .get(MailRepository)
      .claim(clock.now(), new Date(clock.now().getTime() + MAIL_LEASE_MS), 100);
    expect(claimed.length).toBe(7);
    await t.close();
    // ... and the API is restarted, its worker on its own timer.
    t = await startTestApp({ smtpUrl, mailPollMs: 200 }, undefined, clock);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(smtp.received.length).toBe(before); // leased: not yet
    clock.advance(MAIL_LEASE_MS + 1_000);
    const deadline = Date.now() + 15_000;
    while (smtp.received.length < before + 7 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // more ticks: nothing more
    const delivered = smtp.received.slice(before);
    expect(delivered).toHaveLength(7);
    expect(new Set(delivered.map((mail) => mail.to[0])).size).toBe(7);
    expect(await pendingCount()).toBe(0);
  });

  it('without SMTP_URL, keeps the mails and shows them on the outgoing-mail page', async () => {
    await t.close();
    t = await startTestApp({ smtpUrl: null, mailPollMs: 200 }, undefined, clock);
    const account = DEMO_ACCOUNTS.find((a) => a.email === 'elu.loiret@permanente.test')!;
    official = staffHeaders(await login(t, account.email, account.password));
    const before = smtp.received.length;
    await followUp('Gardé hors ligne.');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await t.app.get(MailWorker).sendDue()).toBe(0);
    expect(smtp.received.length).toBe(before);

    const organiser = await demoOrganiserHeaders(t);
    const page = (await t.http().get('/api/mail/outbox?limit=10').set(organiser).expect(200))
      .body as OutgoingMailPage;
    expect(page.smtpConfigured).toBe(false);
    const kept = page.items.filter((mail) => mail.text.includes('Gardé hors ligne.'));
    expect(kept).toHaveLength(7);
    expect(kept.every((mail) => mail.status === 'pending')).toBe(true);
    await t.http().get('/api/mail/outbox').set(official).expect(403);
    await t.http().get('/api/mail/outbox').expect(401);
  });
});
