import type { CampaignResponse } from '@permanente/contracts';
import { DemoSeedService } from '../src/demo/demo-seed.service';
import { DEMO_CAMPAIGN } from '../src/demo/demo-accounts';
import { demoOrganiserHeaders } from './support/actors';
import { resetDatabase, startTestApp, TestApp } from './support/test-app';

describe('campaigns (integration)', () => {
  let t: TestApp;
  let organiser: Record<string, string>;
  let regionId: string;

  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.dataSource);
    await t.app.get(DemoSeedService).seed();
    organiser = await demoOrganiserHeaders(t);
    [{ id: regionId }] = await t.dataSource.query(`SELECT id FROM territories WHERE code = '24'`);
  });

  afterAll(() => t.close());

  it('the demo data has a campaign, readable by id or slug without signing in, with its workshop', async () => {
    const list = (await t.http().get('/api/campaigns').expect(200)).body as CampaignResponse[];
    const demo = list.find((c) => c.slug === DEMO_CAMPAIGN.slug)!;
    expect(demo).toMatchObject({
      title: DEMO_CAMPAIGN.title,
      startsOn: DEMO_CAMPAIGN.startsOn,
      endsOn: DEMO_CAMPAIGN.endsOn,
      answerDelayDays: 90,
      territoryId: regionId,
    });
    const bySlug = await t.http().get(`/api/campaigns/${demo.slug}`).expect(200);
    expect(bySlug.body).toEqual(demo);
    await t.http().get(`/api/campaigns/${demo.id}`).expect(200);
    const [workshop] = await t.dataSource.query(
      `SELECT campaign_id FROM workshops WHERE code = 'K7P2QX'`,
    );
    expect(workshop.campaign_id).toBe(demo.id);
  });

  it('an organiser creates and changes a campaign; both are audited', async () => {
    const created = await t
      .http()
      .post('/api/campaigns')
      .set(organiser)
      .send({
        slug: 'assises-2027',
        title: '  Assises régionales 2027 ',
        territoryId: regionId,
        startsOn: '2027-01-10',
        endsOn: '2027-03-31',
        answerDelayDays: 60,
      })
      .expect(201);
    expect(created.body).toMatchObject({ title: 'Assises régionales 2027', answerDelayDays: 60 });
    const changed = await t
      .http()
      .patch(`/api/campaigns/${created.body.id}`)
      .set(organiser)
      .send({ endsOn: '2027-04-30' })
      .expect(200);
    expect(changed.body.endsOn).toBe('2027-04-30');
    const audit = await t.dataSource.query(
      `SELECT action FROM audit_log WHERE target_id = $1 ORDER BY at`,
      [created.body.id],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'campaign.created',
      'campaign.updated',
    ]);
  });

  it('refuses bad input with the field and the reason, and stores nothing', async () => {
    const before = (await t.dataSource.query(`SELECT count(*)::int AS n FROM campaigns`))[0].n;
    const valid = {
      slug: 'valid-slug',
      title: 'Titre',
      territoryId: regionId,
      startsOn: '2027-01-10',
      endsOn: '2027-03-31',
    };
    const cases: Array<[object, string, number]> = [
      [{ ...valid, endsOn: '2027-01-01' }, 'body.endsOn', 400],
      [{ ...valid, startsOn: '2027-02-30' }, 'body.startsOn', 400],
      [{ ...valid, slug: 'Pas Un Slug' }, 'body.slug', 400],
      [{ ...valid, title: '' }, 'body.title', 400],
      [{ ...valid, answerDelayDays: 0 }, 'body.answerDelayDays', 400],
      [{ ...valid, territoryId: '00000000-0000-4000-8000-000000000000' }, 'body.territoryId', 400],
    ];
    for (const [body, field, status] of cases) {
      const response = await t.http().post('/api/campaigns').set(organiser).send(body);
      expect({ field, status: response.status }).toEqual({ field, status });
      expect(response.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    await t
      .http()
      .post('/api/campaigns')
      .set(organiser)
      .send({ ...valid, slug: DEMO_CAMPAIGN.slug })
      .expect(409);
    const after = (await t.dataSource.query(`SELECT count(*)::int AS n FROM campaigns`))[0].n;
    expect(after).toBe(before);
    await t
      .http()
      .patch(`/api/campaigns/${DEMO_CAMPAIGN.slug}`)
      .set(organiser)
      .send({ endsOn: '2020-01-01' })
      .expect(400);
    await t.http().get('/api/campaigns/no-such-campaign').expect(404);
  });
});
