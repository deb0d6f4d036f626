/**
 * Bus mode: the time to sync back a workshop of BENCH_PHONES phones (80) x 20 contributions
 * (19 ideas and one dot vote each). Central is the real API on a fresh PostgreSQL database
 * (BENCH_DATABASE_URL or DATABASE_URL), listening on a loopback port; the field instance the
 * real API on an in-memory PGlite. The workshop is run on the field through the live services
 * (IdeasService, ChoicesService: the rows and events phones would make), then synced over
 * HTTP three times: the first run sends everything, the second nothing new, and a fresh
 * export file is imported. Prints Markdown; times are reported, never asserted.
 *
 *   npm run bench:field
 */
import './register-paths';
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { AccountsService } from '../../src/accounts/accounts.service';
import type { ParticipantActor, StaffActor } from '../../src/auth/actor';
import { loadConfig } from '../../src/config/app-config';
import { createApp } from '../../src/create-app';
import { startEmbeddedDatabase } from '../../src/database/embedded-database';
import { FieldInstanceService } from '../../src/field/field-instance.service';
import { FieldKitsService } from '../../src/field/field-kits.service';
import { FieldSyncService } from '../../src/field/field-sync.service';
import { AgendaService } from '../../src/live/agenda.service';
import { ChoicesService } from '../../src/live/choices.service';
import { IdeasService } from '../../src/live/ideas.service';
import { ParticipantsService } from '../../src/participants/participants.service';
import { WorkshopEntity } from '../../src/workshops/workshop.entity';
import { WorkshopsService } from '../../src/workshops/workshops.service';
import { DataSource } from 'typeorm';

const PHONES = Number(process.env['BENCH_PHONES'] ?? 80);
const IDEAS = 19;
const BASE =
  process.env['BENCH_DATABASE_URL'] ??
  process.env['DATABASE_URL'] ??
  'postgres://postgres@127.0.0.1:5432/test';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const name = `permanente_bench_field_${process.pid}`;
  const admin = new Client({ connectionString: BASE });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(BASE);
  url.pathname = `/${name}`;
  const base = { ...loadConfig({ NODE_ENV: 'production', WEB_ROOT: 'none' }), demoData: false };
  const central = await createApp(
    { ...base, databaseUrl: url.toString(), databasePoolSize: 5 },
    { kind: 'postgres', url: url.toString(), description: 'bench', close: async () => undefined },
    { logger: false },
  );
  await central.listen(0, '127.0.0.1');
  const centralUrl = `http://127.0.0.1:${(central.getHttpServer().address() as { port: number }).port}`;
  const embedded = await startEmbeddedDatabase({ dataDir: null, maxConnections: 10 });
  const field = await createApp(
    { ...base, databaseUrl: null, databasePoolSize: 1 },
    {
      kind: 'embedded',
      url: embedded.url,
      description: 'bench',
      maxPoolSize: 1,
      close: () => embedded.close(),
    },
    { logger: false },
  );
  try {
    // Central: a workshop with an idea board and a dot vote, out in a kit.
    const db = central.get(DataSource);
    const [territory] = await db.query(
      `INSERT INTO territories (code, name, level) VALUES ('bv-bench', 'Bench', 'bassin_de_vie') RETURNING id`,
    );
    const account = await central.get(AccountsService).create(null, {
      email: 'bench@example.test',
      password: 'a long enough password',
      displayName: 'Bench',
      roles: ['organiser'],
    });
    const organiser: StaffActor = {
      kind: 'staff',
      userId: account.id,
      displayName: 'Bench',
      roles: ['organiser'],
      scopeTerritoryIds: [],
      sessionId: '',
      csrfToken: '',
    };
    const workshop = await central
      .get(WorkshopsService)
      .create(organiser, { title: 'Bench', territoryId: territory.id });
    const agenda = central.get(AgendaService);
    const board = await agenda.addActivity(organiser, workshop.id, {
      kind: 'idea_board',
      prompt: 'Ideas',
    });
    const vote = await agenda.addActivity(organiser, workshop.id, {
      kind: 'dot_vote',
      prompt: 'Vote',
      dots: 3,
    });
    const kit = await central
      .get(FieldKitsService)
      .issue(organiser, { label: 'Bench', workshopIds: [workshop.id] });
    await field.get(FieldInstanceService).importKit(kit.file);

    // The field: the workshop run by PHONES phones through the live services.
    const fieldAgenda = field.get(AgendaService);
    const fieldStaff = { ...organiser, roles: ['facilitator'] as StaffActor['roles'] };
    const started = performance.now();
    await fieldAgenda.setStatus(fieldStaff, workshop.id, 'live');
    await fieldAgenda.updateActivity(fieldStaff, workshop.id, board.id, { status: 'open' });
    const entity = await field
      .get(DataSource)
      .getRepository(WorkshopEntity)
      .findOneByOrFail({ id: workshop.id });
    const phones: ParticipantActor[] = [];
    for (let k = 0; k < PHONES; k++) {
      const joined = await field.get(ParticipantsService).admit(entity, `Phone ${k}`);
      phones.push({
        kind: 'participant',
        participantId: joined.participant.id,
        workshopId: workshop.id,
      });
    }
    const ideas = field.get(IdeasService);
    const posted: string[] = [];
    for (let round = 0; round < IDEAS; round++)
      await Promise.all(
        phones.map(async (phone, k) => {
          const response = await ideas.postFromPhone(phone, {
            clientId: randomUUID(),
            activityId: board.id,
            text: `Idée ${round} du téléphone ${k}`,
          });
          posted.push(response.idea.id);
        }),
      );
    await fieldAgenda.updateActivity(fieldStaff, workshop.id, vote.id, { status: 'open' });
    const choices = field.get(ChoicesService);
    await Promise.all(
      phones.map((phone, k) =>
        choices.setDots(phone, {
          clientId: randomUUID(),
          activityId: vote.id,
          dots: { [posted[k]]: 2, [posted[(k * 7) % posted.length]]: 1 },
        }),
      ),
    );
    await fieldAgenda.setStatus(fieldStaff, workshop.id, 'closed');
    const runMs = performance.now() - started;
    const [{ events }] = await field
      .get(DataSource)
      .query(`SELECT count(*)::int AS events FROM workshop_events WHERE workshop_id = $1`, [
        workshop.id,
      ]);

    const service = field.get(FieldInstanceService);
    let t0 = performance.now();
    const first = await service.sync(centralUrl);
    const firstMs = performance.now() - t0;
    t0 = performance.now();
    const second = await service.sync(centralUrl);
    const secondMs = performance.now() - t0;
    t0 = performance.now();
    const { file } = await service.exportFile();
    const exportMs = performance.now() - t0;
    t0 = performance.now();
    const again = await central.get(FieldSyncService).importFile(file);
    const importMs = performance.now() - t0;
    const [{ ideasCentral }] = await db.query(
      `SELECT count(*)::int AS "ideasCentral" FROM ideas WHERE workshop_id = $1`,
      [workshop.id],
    );

    const [one, five, fifteen] = loadavg();
    process.stdout.write(
      [
        `## Bus mode: sync back of ${PHONES} phones x 20 contributions`,
        '',
        `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}, Node ${process.version}; load average ${one.toFixed(2)} / ${five.toFixed(2)} / ${fifteen.toFixed(2)} at the end`,
        '',
        `Field workshop (PGlite): ${PHONES} participants, ${posted.length} ideas, ${PHONES} dot votes, ${events} events, run in ${seconds(runMs)}; ${first.batches} batches; central has ${ideasCentral} ideas after the sync.`,
        '',
        '| step | time | batches applied / skipped |',
        '| --- | --- | --- |',
        `| first sync over HTTP (everything) | ${seconds(firstMs)} | ${first.applied} / ${first.skipped} |`,
        `| second sync (nothing new) | ${seconds(secondMs)} | ${second.applied} / ${second.skipped} |`,
        `| export file written (${(file.length / 1024).toFixed(0)} KiB) | ${seconds(exportMs)} | |`,
        `| export file imported on central (all held already) | ${seconds(importMs)} | ${again.applied} / ${again.skipped} |`,
        '',
      ].join('\n'),
    );
  } finally {
    await field.close();
    await embedded.close();
    await central.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
