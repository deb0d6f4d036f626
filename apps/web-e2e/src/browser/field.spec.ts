import { devices, expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectAccessible } from '../support/axe';
import { join as joinWorkshop, postIdea } from '../support/live-journey';
import {
  startServer,
  waitForHealth,
  workspaceRoot,
  type ServerProcess,
} from '../support/server-process';

// Bus mode through the screens: the test server is central; a second built API, on an empty
// embedded database of its own, is the field laptop. The kit travels as a downloaded file.
const FACILITATOR = { email: 'animation.cher@permanente.test', password: 'demo-animation-cher' };
const FIELD_ORGANISER = { email: 'orga.terrain@example.test', password: 'field organiser pass' };

async function signIn(page: Page, account: { email: string; password: string }) {
  await page.goto('/login');
  await page.getByLabel('Adresse e-mail').fill(account.email);
  await page.getByLabel('Mot de passe').fill(account.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/staff$/);
}

async function csrf(page: Page): Promise<Record<string, string>> {
  const session = await page.request.get('/api/auth/session');
  return { 'x-csrf-token': ((await session.json()) as { csrfToken: string }).csrfToken };
}

test.describe('bus mode', () => {
  let field: ServerProcess;
  let fieldUrl: string;
  let dataDir: string;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    dataDir = mkdtempSync(join(tmpdir(), 'permanente-field-e2e-'));
    const port = Number(process.env['E2E_PORT'] ?? 3210) + 50;
    fieldUrl = `http://127.0.0.1:${port}`;
    const env = {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      DEMO_DATA: 'false',
      PORT: String(port),
    };
    // The laptop's first organiser, as a real deployment makes it.
    const created = spawnSync(
      process.execPath,
      [
        join(workspaceRoot, 'dist/apps/api/apps/api/src/cli/create-organiser.js'),
        FIELD_ORGANISER.email,
        'Orga terrain',
      ],
      {
        cwd: workspaceRoot,
        env: { ...env, PERMANENTE_PASSWORD: FIELD_ORGANISER.password },
        encoding: 'utf8',
      },
    );
    expect(created.status, created.stderr).toBe(0);
    field = startServer({
      ...env,
      HOST: '127.0.0.1',
      PUBLIC_URL: fieldUrl,
      WEB_ROOT: join(workspaceRoot, 'dist/apps/web'),
    });
    await waitForHealth(fieldUrl, 90_000);
  });

  test.afterAll(async () => {
    field?.child.kill('SIGTERM');
    await field?.exited;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('issue a kit, import it on the laptop, run the workshop there and sync it back', async ({
    page,
    browser,
  }) => {
    test.setTimeout(120_000);
    // Central: a workshop to take out, with its agenda.
    await signIn(page, FACILITATOR);
    const headers = await csrf(page);
    const demo = (
      (await (await page.request.get('/api/workshops')).json()) as Array<{
        territoryId: string;
      }>
    )[0];
    const workshop = await (
      await page.request.post('/api/workshops', {
        headers,
        data: { title: 'Fabrik du marché de Mehun', territoryId: demo.territoryId },
      })
    ).json();
    const board = await page.request.post(`/api/workshops/${workshop.id}/activities`, {
      headers,
      data: { kind: 'idea_board', prompt: 'Que faut-il au village ?' },
    });
    expect(board.status()).toBe(201);

    await page.goto('/facilitator');
    await page.getByRole('link', { name: /Mode bus/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mode bus');
    await expectAccessible(page);
    await page.getByLabel('Nom du kit').fill('Bus, marché de Mehun');
    await page.getByLabel('Fabrik du marché de Mehun').check();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Émettre le kit' }).click();
    const kitPath = await (await downloading).path();
    await expect(page.getByRole('status').filter({ hasText: 'émis' })).toHaveText(
      'Kit « Bus, marché de Mehun » émis.',
    );
    await expect(page.getByText('Bus, marché de Mehun').first()).toBeVisible();
    await expectAccessible(page);
    // Central now refuses changes to the workshop, naming the kit.
    const refused = await page.request.post(`/api/workshops/${workshop.id}/activities`, {
      headers,
      data: { kind: 'idea_board', prompt: 'Encore ?' },
    });
    expect(refused.status()).toBe(409);
    expect((await refused.json()).code).toBe('checked_out');

    // The laptop: its organiser imports the kit through the screen.
    const laptop = await browser.newContext({ baseURL: fieldUrl });
    const fieldPage = await laptop.newPage();
    await signIn(fieldPage, FIELD_ORGANISER);
    await fieldPage.goto('/facilitator/field');
    await expect(fieldPage.getByText('Aucun kit importé ici.')).toBeVisible();
    await fieldPage.getByLabel('Fichier du kit').setInputFiles({
      name: 'kit.json',
      mimeType: 'application/json',
      buffer: readFileSync(kitPath),
    });
    await fieldPage.getByRole('button', { name: 'Importer le kit' }).click();
    await expect(fieldPage.getByRole('status').filter({ hasText: 'importé' })).toContainText(
      'Kit « Bus, marché de Mehun » importé',
    );
    await expect(fieldPage.getByText('Adresses pour les téléphones (même Wi-Fi) :')).toBeVisible();
    await expectAccessible(fieldPage);

    // The facilitator runs the workshop on the laptop's console, with the account the kit
    // carried: opens it from the list, starts it, types a paper idea in, closes it.
    const run = await browser.newContext({ baseURL: fieldUrl });
    const facilitatorPage = await run.newPage();
    await signIn(facilitatorPage, FACILITATOR);
    const api = facilitatorPage.request;
    await facilitatorPage.goto('/facilitator');
    await facilitatorPage.getByRole('link', { name: 'Fabrik du marché de Mehun' }).click();
    await expect(facilitatorPage.getByRole('heading', { level: 1 })).toHaveText(
      'Fabrik du marché de Mehun',
    );
    await expect(facilitatorPage.getByText('Connecté en direct')).toBeVisible();
    await facilitatorPage.getByRole('button', { name: 'Démarrer' }).click();
    await expect(facilitatorPage.getByText('En cours', { exact: true })).toBeVisible();
    await facilitatorPage
      .getByRole('button', { name: 'Ouvrir « Que faut-il au village ? »' })
      .click();
    await expectAccessible(facilitatorPage);
    // A phone on the laptop's network joins and posts, as on the day.
    const phoneContext = await browser.newContext({ ...devices['Pixel 5'], baseURL: fieldUrl });
    const phone = await phoneContext.newPage();
    await joinWorkshop(phone, workshop.code, 'Lucie');
    await postIdea(phone, 'Un marché le dimanche');
    await expect(phone.getByText('Un marché le dimanche').first()).toBeVisible();
    // Stored on the laptop (acknowledged) before the phone goes.
    await expect
      .poll(async () => {
        const board = await (await api.get(`/api/workshops/${workshop.id}/snapshot`)).json();
        return board.ideas.map((idea: { text: string }) => idea.text);
      })
      .toContain('Un marché le dimanche');
    await phoneContext.close();
    await facilitatorPage.getByLabel('Texte de l’idée').fill('Un distributeur de pain');
    await facilitatorPage.getByRole('button', { name: 'Ajouter l’idée papier' }).click();
    await expect(facilitatorPage.getByText('Un distributeur de pain').first()).toBeVisible();
    await facilitatorPage.getByRole('button', { name: 'Clore', exact: true }).click();
    await facilitatorPage.getByRole('button', { name: 'Oui, clore l’atelier' }).click();
    await expect(facilitatorPage.getByText('Terminé', { exact: true })).toBeVisible();
    await expectAccessible(facilitatorPage);
    // Back online: the button sends everything to central.
    await facilitatorPage.goto('/facilitator/field');
    await facilitatorPage.getByRole('button', { name: 'Envoyer au serveur central' }).click();
    await expect(facilitatorPage.getByRole('status').filter({ hasText: 'envoyé' })).toContainText(
      'Kit rentré et fermé.',
    );
    await expectAccessible(facilitatorPage);
    await laptop.close();
    await run.close();

    // Central reads as the laptop did, and the kit is back.
    const snapshot = await (
      await page.request.get(`/api/workshops/${workshop.id}/snapshot`)
    ).json();
    expect(snapshot.workshop.status).toBe('closed');
    expect(snapshot.ideas.map((idea: { text: string }) => idea.text).sort()).toEqual([
      'Un distributeur de pain',
      'Un marché le dimanche',
    ]);
    await page.reload();
    await expect(page.getByText(/rentré/).first()).toBeVisible();
    await expectAccessible(page);
  });
});
