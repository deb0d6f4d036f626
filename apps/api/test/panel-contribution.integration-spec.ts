import { DemoSeedService } from '../src/demo/demo-seed.service';
import { demoOrganiserHeaders } from './support/actors';
import { resetDatabase, startTestApp, TestApp } from './support/test-app';

describe('a panel’s contribution to the proposals pipeline (integration)', () => {
  let t: TestApp;
  let organiser: Record<string, string>;
  let panel: { id: string; title: string; territory_id: string; campaign_id: string };

  const proposalCount = async () =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM proposals WHERE source = 'panel'`))[0]
      .n as number;

  /** The organiser posts the panel's contribution. */
  const contribute = (body: unknown) =>
    t
      .http()
      .post(`/api/panels/${panel.id}/contribution`)
      .set(organiser)
      .send(body as object);

  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.dataSource);
    await t.app.get(DemoSeedService).seed();
    organiser = await demoOrganiserHeaders(t);
    [panel] = await t.dataSource.query(
      `SELECT p.id, p.title, p.territory_id, p.campaign_id FROM panels p
       JOIN territories t ON t.id = p.territory_id WHERE t.code = '18'`,
    );
  });

  afterAll(() => t.close());

  it('publishes the adopted proposals together, with the panel as source and author', async () => {
    const before = await proposalCount();
    const response = await contribute({
      proposals: [
        {
          title: 'Un transport à la demande le samedi',
          need: 'Sans voiture, les villages du Boischaut sont coupés des marchés.',
          action: 'Étendre le transport à la demande régional au samedi matin.',
          themes: ['Mobilité'],
        },
        {
          title: 'Des maisons de santé itinérantes',
          need: 'Trop de communes sont à plus de 30 minutes d’un médecin.',
          action: 'Financer un cabinet mobile par département.',
        },
      ],
    }).expect(201);
    expect(response.body.proposalIds).toHaveLength(2);
    expect(await proposalCount()).toBe(before + 2);
    const rows = await t.dataSource.query(
      `SELECT source, panel_id, status, authors, territory_id, campaign_id FROM proposals WHERE id = ANY($1::uuid[])`,
      [response.body.proposalIds],
    );
    for (const row of rows)
      expect(row).toEqual({
        source: 'panel',
        panel_id: panel.id,
        status: 'published',
        authors: panel.title,
        territory_id: panel.territory_id,
        campaign_id: panel.campaign_id,
      });
    // Public at once, without signing in.
    const page = await t.http().get(`/api/proposals/${response.body.proposalIds[0]}`).expect(200);
    expect(page.body).toMatchObject({
      title: 'Un transport à la demande le samedi',
      source: 'panel',
    });
  });

  it('all or nothing: one bad proposal is refused with its field, and none is stored', async () => {
    const before = await proposalCount();
    const response = await contribute({
      proposals: [
        { title: 'Une bonne proposition', need: 'Un besoin', action: 'Une action' },
        { title: '   ', need: 'Un besoin', action: 'Une action' },
      ],
    }).expect(400);
    expect(response.body.fields.map((f: { field: string }) => f.field)).toContain(
      'body.proposals.1.title',
    );
    await contribute({ proposals: [] }).expect(400);
    expect(await proposalCount()).toBe(before);
    await t
      .http()
      .post(`/api/panels/00000000-0000-4000-8000-000000000000/contribution`)
      .set(organiser)
      .send({ proposals: [{ title: 'T', need: 'N', action: 'A' }] })
      .expect(404);
  });
});
