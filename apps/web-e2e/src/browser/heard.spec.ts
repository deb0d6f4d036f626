import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectAccessible } from '../support/axe';
import { signIn } from '../support/live-journey';
import {
  startServer,
  waitForHealth,
  workspaceRoot,
  type ServerProcess,
} from '../support/server-process';

// This file runs its own server (the suite's port + 1000) on a data directory of its own:
// the demo data, then the census fixture loaded with `territories:import --mapping …` while
// the server is stopped (the embedded database has one owner at a time), then the server
// again. Five Cher communes with made-up figures: see apps/api/test/fixtures/census.
const PORT = Number(process.env['E2E_PORT'] ?? 3210) + 1000;
const BASE = `http://127.0.0.1:${PORT}`;
const FIXTURE = join(workspaceRoot, 'apps/api/test/fixtures/census');
const ORGANISER = { email: 'organisation@permanente.test', password: 'demo-organisation' };
const FACILITATOR = { email: 'animation.cher@permanente.test', password: 'demo-animation-cher' };

let dataDir: string;
let server: ServerProcess | null = null;

async function start(): Promise<void> {
  server = startServer({
    PORT: String(PORT),
    HOST: '127.0.0.1',
    PUBLIC_URL: BASE,
    DATABASE_URL: '',
    DATA_DIR: dataDir,
    DEMO_DATA: 'true',
    LOG_LEVEL: 'warn',
    WEB_ROOT: join(workspaceRoot, 'dist/apps/web'),
  });
  // The first start creates the embedded database and the demo data: slow on a busy machine.
  await waitForHealth(BASE, 110_000).catch((error: Error) => {
    throw new Error(`${error.message}\n${server?.stderr() ?? ''}`);
  });
}

async function stop(): Promise<void> {
  if (!server) return;
  server.child.kill('SIGTERM');
  await server.exited;
  server = null;
}

test.beforeAll(async () => {
  test.setTimeout(300_000);
  dataDir = mkdtempSync(join(tmpdir(), 'permanente-heard-'));
  await start();
  await stop();
  const imported = spawnSync(
    process.execPath,
    [
      join(workspaceRoot, 'dist/apps/api/apps/api/src/cli/import-territories.js'),
      '--mapping',
      join(FIXTURE, 'mapping.csv'),
      '--populations',
      join(FIXTURE, 'populations.csv'),
      '--age-sex',
      join(FIXTURE, 'td_pop1b.csv'),
      '--postcodes',
      join(FIXTURE, 'laposte.csv'),
    ],
    {
      cwd: workspaceRoot,
      env: {
        PATH: process.env['PATH'] ?? '',
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        LOG_LEVEL: 'warn',
      },
      encoding: 'utf8',
    },
  );
  expect(imported.stderr).toBe('');
  expect(imported.stdout).toContain('Communes from');
  expect(imported.stdout).toContain(': 5 (5 new)');
  await start();
});

test.afterAll(async () => {
  await stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function joinDemo(page: Page): Promise<void> {
  await page.goto(`${BASE}/join/K7P2QX`);
  await page.getByRole('button', { name: 'Rejoindre' }).click();
  await expect(page).toHaveURL(/\/w\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Fabrik de Vierzon');
}

test('a participant answers the optional profile, another skips it; the organiser sees the gaps and the under-heard', async ({
  browser,
}) => {
  // Each person has a browser context of their own (axe-core needs one per page).
  const contexts: BrowserContext[] = [];
  const newPage = async () => {
    const context = await browser.newContext();
    contexts.push(context);
    return context.newPage();
  };
  // The first participant follows the invitation and answers, the commune found by postcode.
  const first = await newPage();
  await joinDemo(first);
  const invite = first.getByRole('complementary', { name: 'Quelques questions facultatives' });
  await expect(invite).toContainText('Qui avons-nous entendu ? Quatre questions facultatives.');
  await invite.getByRole('link', { name: 'Répondre' }).click();
  await expect(first).toHaveURL(/\/data#profile$/);
  await first.getByLabel('Tranche d’âge').selectOption('18_24');
  await first.getByLabel('Genre').selectOption('female');
  await first.getByLabel('Nom ou code postal').fill('18500');
  await first.getByRole('button', { name: 'Chercher' }).click();
  await expect(first.getByText('Une commune.', { exact: true })).toBeVisible();
  await first.getByRole('radio', { name: 'Mehun-sur-Yèvre (18500)' }).check();
  await first
    .getByRole('group', {
      name: 'Est-ce la première fois que vous participez à une démarche de ce type ?',
    })
    .getByRole('radio', { name: 'Oui', exact: true })
    .check();
  await first.getByRole('checkbox', { name: /J’accepte que ces réponses/ }).check();
  await first.getByRole('button', { name: 'Enregistrer mes réponses' }).click();
  await expect(first.getByText('Enregistré.', { exact: true })).toBeVisible();
  await expectAccessible(first);
  // Answered: the workshop page no longer invites.
  await first.getByRole('link', { name: 'Retour à l’atelier' }).click();
  await expect(first.getByRole('heading', { level: 1 })).toHaveText('Fabrik de Vierzon');
  await expect(first.getByRole('link', { name: 'Répondre' })).toHaveCount(0);

  // The second one declines: nothing asked again, and taking part goes on.
  const second = await newPage();
  await joinDemo(second);
  await second.getByRole('button', { name: 'Non merci' }).click();
  await expect(
    second.getByRole('complementary', { name: 'Quelques questions facultatives' }),
  ).toHaveCount(0);
  await second.reload();
  await expect(second.getByRole('heading', { level: 1 })).toHaveText('Fabrik de Vierzon');
  await expect(second.getByRole('button', { name: 'Non merci' })).toHaveCount(0);
  await expectAccessible(second);

  // The organiser's page.
  const page = await newPage();
  await page.goto(`${BASE}/login`);
  await page.getByLabel('Adresse e-mail').fill(ORGANISER.email);
  await page.getByLabel('Mot de passe').fill(ORGANISER.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/staff$/);
  await page.goto(`${BASE}/tour/heard`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Qui avons-nous entendu ?');
  // Organisers see every cell: no notice of hidden cells.
  await expect(page.getByText(/Cases de moins de 10 personnes masquées/)).toHaveCount(0);

  // Under-heard places: the Cher's bassins, whose populations come from the census fixture,
  // lowest rate first; bassins of unknown population last.
  const places = page
    .getByRole('region', { name: 'Les lieux les moins entendus' })
    .getByRole('listitem');
  await expect(places.first()).toHaveText('Aubigny-sur-Nère : 0 pour 1 000 habitants');
  await expect(places.last()).toContainText('population inconnue');
  // The choropleth of the départements on the tour's map, and its figures as a table.
  const map = page.locator('figure.heard-map');
  await expect(map.locator('path[data-departement]')).toHaveCount(6);
  await expect(map.getByRole('table').getByRole('row')).toHaveCount(7);
  await expect(map.getByRole('row', { name: /^Cher / }).getByRole('cell')).toHaveText('6,8');
  // Under-heard groups: the one young woman is all the Vierzon answers, so every other age
  // band is below the census.
  const groups = page
    .getByRole('region', { name: 'Les groupes les moins entendus' })
    .getByRole('listitem');
  await expect(groups.first()).toContainText('sous le recensement');

  await page.getByLabel('Territoire', { exact: true }).selectOption({ label: '— Vierzon' });
  const figures = page.getByRole('region', { name: 'Par territoire' });
  await expect(figures.getByRole('heading', { name: 'Vierzon' })).toBeVisible();
  const age = figures.getByRole('table', { name: 'Âge' });
  const young = age.getByRole('row', { name: /18 à 24 ans/ });
  await expect(young.getByRole('cell').nth(0)).toHaveText(/^1 \(100\s%\)$/);
  await expect(young.getByRole('cell').nth(1)).toHaveText(/^8\s%$/);
  await expect(young.getByRole('cell').nth(2)).toHaveText('92 points au-dessus');
  await expect(
    age
      .getByRole('row', { name: /Moins de 18 ans/ })
      .getByRole('cell')
      .nth(2),
  ).toHaveText('20 points en dessous');
  await expect(figures.getByText(/Indice d’écart : 0,92/)).toBeVisible();
  await expectAccessible(page);
  for (const context of contexts) await context.close();
});

test('the facilitator types a line of the paper sign-in sheet in the console; it counts as one more person heard', async ({
  browser,
}) => {
  const context = await browser.newContext({
    baseURL: BASE,
    viewport: { width: 1280, height: 900 },
  });
  const console = await context.newPage();
  await signIn(console, FACILITATOR);
  await console.goto(`${BASE}/facilitator`);
  await console.getByRole('link', { name: 'Fabrik de Vierzon' }).click();
  await expect(console.getByRole('heading', { level: 1 })).toHaveText('Fabrik de Vierzon');
  const sheet = console.getByRole('region', { name: 'Saisir la feuille d’émargement' });
  await sheet.getByText('Une ligne de la feuille').click();
  await sheet.getByLabel('Tranche d’âge').selectOption('65_plus');
  // Without the sheet's consent, nothing is recorded.
  await sheet.getByRole('button', { name: 'Enregistrer la ligne' }).click();
  await expect(sheet.getByText(/sans cet accord, la ligne n’est pas enregistrée/)).toBeVisible();
  await expect(sheet.getByRole('checkbox', { name: /La fiche porte l’accord/ })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await sheet.getByRole('checkbox', { name: /La fiche porte l’accord/ }).check();
  await sheet.getByRole('button', { name: 'Enregistrer la ligne' }).click();
  await expect(
    sheet.getByText('1 ligne enregistrée depuis l’ouverture de la console.'),
  ).toBeVisible();
  // The form is empty again, ready for the next line.
  await expect(sheet.getByLabel('Tranche d’âge')).toHaveValue('');
  await expect(sheet.getByRole('checkbox', { name: /La fiche porte l’accord/ })).not.toBeChecked();
  await expectAccessible(console);

  // The organiser's figures for Vierzon: the person over 65 of the sheet is counted (with the
  // young woman of the first test, when it ran before: half each).
  const organiserContext = await browser.newContext({ baseURL: BASE });
  const organiser = await organiserContext.newPage();
  await signIn(organiser, ORGANISER);
  await organiser.goto(`${BASE}/tour/heard`);
  await expect(organiser.getByRole('heading', { level: 1 })).toHaveText('Qui avons-nous entendu ?');
  await organiser.getByLabel('Territoire', { exact: true }).selectOption({ label: '— Vierzon' });
  const age = organiser.getByRole('region', { name: 'Par territoire' }).getByRole('table', {
    name: 'Âge',
  });
  await expect(
    age
      .getByRole('row', { name: /65 ans et plus/ })
      .getByRole('cell')
      .nth(0),
  ).toHaveText(/^1 \((50|100)\s%\)$/);
  await organiserContext.close();
  await context.close();
});

test('a volunteer gives the profile in the panels’ open call, without being asked the panel’s questions twice', async ({
  page,
}) => {
  // The Cher's demo panel takes applications (an organiser's session finds its id).
  const login = await page.request.post(`${BASE}/api/auth/login`, { data: ORGANISER });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const panels = (await (
    await page.request.get(`${BASE}/api/panels`, { headers: { 'x-csrf-token': csrfToken } })
  ).json()) as Array<{ id: string; title: string }>;
  const cher = panels.find((p) => p.title === 'Panel citoyen — Cher')!;
  await page.context().clearCookies();

  await page.goto(`${BASE}/panels/${cher.id}/apply`);
  await page.getByLabel('Nom et prénom').fill('Camille Exemple');
  await page.getByLabel('Adresse e-mail').fill('camille@example.test');
  await page.getByLabel('Genre').selectOption('woman');
  await page.getByLabel('Tranche d’âge').selectOption('35-49');
  await page.getByLabel('Bassin de vie').selectOption({ label: 'Vierzon' });
  await page.getByLabel('Catégorie socioprofessionnelle').selectOption('employee');
  // The profile asks only what the panel does not: commune and first time.
  await expect(
    page.getByRole('heading', { name: 'Quelques questions facultatives' }),
  ).toBeVisible();
  await expect(page.getByLabel('Genre')).toHaveCount(1);
  await expect(page.getByLabel('Tranche d’âge')).toHaveCount(1);
  await page.getByLabel('Nom ou code postal').fill('18500');
  await page.getByRole('button', { name: 'Chercher' }).click();
  await page.getByRole('radio', { name: 'Mehun-sur-Yèvre (18500)' }).check();
  await page
    .getByRole('group', {
      name: 'Est-ce la première fois que vous participez à une démarche de ce type ?',
    })
    .getByRole('radio', { name: 'Oui', exact: true })
    .check();
  await page.getByRole('checkbox', { name: /J’accepte que ces réponses/ }).check();
  await page.getByLabel(/J’accepte que ces informations soient conservées/).check();
  await page.getByRole('button', { name: 'Envoyer ma candidature' }).click();
  await expect(page.getByText(/enregistrée sous l’identifiant anonyme/)).toBeVisible();
  await expectAccessible(page);
});
