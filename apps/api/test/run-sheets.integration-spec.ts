import type { ActivityView, RunSheetTemplate, WorkshopSnapshot } from '@permanente/contracts';
import { DemoSeedService } from '../src/demo/demo-seed.service';
import { DEMO_WORKSHOP } from '../src/demo/demo-accounts';
import { demoOrganiserHeaders, join } from './support/actors';
import { resetDatabase, startTestApp, TestApp } from './support/test-app';

describe('run sheets: agenda templates (integration)', () => {
  let t: TestApp;
  let staff: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    await resetDatabase(t.dataSource);
    await t.app.get(DemoSeedService).seed();
    staff = await demoOrganiserHeaders(t);
  });

  afterAll(() => t.close());

  it('lists the 2017 Fabrik format: welcome, ideas, grouping, priorities vote, débat mouvant, what next', async () => {
    const list = (await t.http().get('/api/run-sheets').set(staff).expect(200))
      .body as RunSheetTemplate[];
    expect(list[0].id).toBe('fabrik-2017');
    expect(list[0].activities.map((a) => a.kind)).toEqual([
      'poll',
      'idea_board',
      'clustering',
      'dot_vote',
      'spectrum',
      'poll',
    ]);
    expect(list[0].activities.every((a) => a.minutes > 0)).toBe(true);
  });

  it('the demo workshop is live with the run sheet, its welcome open: a joining phone sees it', async () => {
    const phone = await join(t, DEMO_WORKSHOP.code, 'Lucie');
    const snapshot = (
      await t
        .http()
        .get(`/api/workshops/${phone.body.workshop.id}/snapshot`)
        .set(phone.headers)
        .expect(200)
    ).body as WorkshopSnapshot;
    expect(snapshot.workshop.status).toBe('live');
    expect(snapshot.activities).toHaveLength(6);
    const open = snapshot.activities.filter((a) => a.status === 'open');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ position: 1, kind: 'poll' });
    expect(open[0].prompt).toContain('Bienvenue');
  });

  it('a facilitator applies a run sheet to a workshop: its activities come after the existing ones, as events', async () => {
    const [territory] = await t.dataSource.query(
      `SELECT id FROM territories WHERE code = 'bv-18-vierzon'`,
    );
    const created = await t
      .http()
      .post('/api/workshops')
      .set(staff)
      .send({ title: 'Fabrik de la gare', territoryId: territory.id })
      .expect(201);
    const id = created.body.id as string;
    await t
      .http()
      .post(`/api/workshops/${id}/activities`)
      .set(staff)
      .send({ kind: 'idea_board', prompt: 'Une question à nous' })
      .expect(201);
    const applied = await t
      .http()
      .post(`/api/workshops/${id}/run-sheet`)
      .set(staff)
      .send({ templateId: 'fabrik-2017' })
      .expect(201);
    expect((applied.body as ActivityView[]).map((a) => a.position)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(applied.body[3]).toMatchObject({ kind: 'dot_vote', dots: 3, voteOn: 'ideas' });
    expect(applied.body[5]).toMatchObject({ kind: 'poll', multiple: true });
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM workshop_events WHERE workshop_id = $1 AND type = 'activity.added'`,
      [id],
    );
    expect(n).toBe(7);

    const unknown = await t
      .http()
      .post(`/api/workshops/${id}/run-sheet`)
      .set(staff)
      .send({ templateId: 'nope' })
      .expect(400);
    expect(unknown.body.fields[0].field).toBe('body.templateId');
    const missing = await t.http().post(`/api/workshops/${id}/run-sheet`).set(staff).send({});
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('templateId');
    const [{ total }] = await t.dataSource.query(
      `SELECT count(*)::int AS total FROM activities WHERE workshop_id = $1`,
      [id],
    );
    expect(total).toBe(7);
  });
});
