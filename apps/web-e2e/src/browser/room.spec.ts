import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectAccessible } from '../support/axe';
import {
  clusteringPanel,
  dragWithKeyboard,
  dragWithMouse,
  join,
  phone as newPhone,
  signIn,
} from '../support/live-journey';

// A real Fabrik's load: 300 ideas, 3 phones, the console on a laptop and the wall opened from
// its link on the projection computer (no account there).
const FACILITATOR = { email: 'animation.cher@permanente.test', password: 'demo-animation-cher' };
const TITLE = 'Fabrik de la salle comble';
const BOARD = 'Qu’est-ce qui changerait votre vie ici ?';
const VOTE = 'Quelles idées en priorité ?';
const ORIGINAL = 'Plus de bus le soir';
const DUPLICATE = 'Des bus plus tard le soir';
const HEALTH = 'Une maison de santé au bourg';
const TOPICS = ['un banc', 'une piste cyclable', 'un abri vélo', 'une fontaine', 'un composteur'];
const PLACES = ['la gare', 'l’école', 'la mairie', 'le marché', 'la médiathèque', 'le stade'];

/** 296 distinct notes, then the three this test works on: 299 ideas, plus one from a phone. */
function seededIdeas(): string[] {
  const texts: string[] = [];
  for (let i = 0; texts.length < 296; i++)
    texts.push(`${TOPICS[i % TOPICS.length]} près de ${PLACES[i % PLACES.length]} (note ${i + 1})`);
  return [...texts, ORIGINAL, DUPLICATE, HEALTH];
}

async function csrf(page: Page): Promise<Record<string, string>> {
  const session = await page.request.get('/api/auth/session');
  return { 'x-csrf-token': ((await session.json()) as { csrfToken: string }).csrfToken };
}

async function wallFromLink(browser: Browser, baseURL: string, url: string) {
  // A fresh browser context: no cookie, no staff account.
  const context = await browser.newContext({ baseURL, viewport: { width: 1920, height: 1080 } });
  expect(await context.cookies()).toEqual([]);
  const page = await context.newPage();
  await page.goto(url);
  return { context, page };
}

test('the room: 300 ideas, 3 phones, clustering by keyboard and mouse, merged dot votes, the wall by link', async ({
  browser,
  baseURL,
}) => {
  // Long on a shared machine: 300 ideas reach three phones, the wall and the console.
  test.setTimeout(600_000);
  const staff = await browser.newContext({ baseURL, viewport: { width: 1366, height: 768 } });
  const console = await staff.newPage();
  await signIn(console, FACILITATOR);

  // A workshop with the 2017 run sheet, live, its idea board open.
  await console.goto('/facilitator');
  await console.getByLabel('Titre de l’atelier').fill(TITLE);
  await console.getByLabel('Bassin de vie').selectOption({ label: 'Vierzon (Cher)' });
  await console.getByRole('button', { name: 'Créer l’atelier' }).click();
  await expect(console).toHaveURL(/\/facilitator\/w\/[0-9a-f-]{36}$/);
  const workshopId = console.url().split('/').pop()!;
  const code = (await console.locator('.code-big').textContent())!.trim();
  await expect(console.getByLabel('Modèle de déroulé')).toHaveValue('fabrik-2017');
  await console.getByRole('button', { name: 'Appliquer le déroulé' }).click();
  await expect(console.getByText('Déroulé ajouté : 6 activités.')).toBeVisible();
  await console.getByRole('button', { name: 'Démarrer' }).click();
  await console.getByRole('button', { name: `Ouvrir « ${BOARD} »` }).click();
  await expect(console.getByRole('button', { name: `Clore « ${BOARD} »` })).toBeVisible();

  // The wall link, opened on the "projection computer".
  await console.getByRole('button', { name: 'Créer le lien du mur' }).click();
  const wallUrl = (await console.locator('.wall-link-url').getAttribute('href'))!;
  expect(wallUrl).toMatch(/\/wall\/link\/w1-/);
  const wall = await wallFromLink(browser, baseURL!, wallUrl);
  await expect(wall.page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await expect(wall.page.getByRole('heading', { level: 2 })).toHaveText(BOARD);
  await expect(wall.page.getByText(code, { exact: true })).toBeVisible();

  // 299 paper notes typed in, as after a busy hour (REST, in parallel batches).
  const headers = await csrf(console);
  const [board] = (
    (await (await console.request.get(`/api/workshops/${workshopId}/snapshot`)).json()) as {
      activities: Array<{ id: string; prompt: string }>;
    }
  ).activities.filter((activity) => activity.prompt === BOARD);
  const texts = seededIdeas();
  for (let start = 0; start < texts.length; start += 20) {
    const batch = texts.slice(start, start + 20).map((text) =>
      console.request.post(`/api/workshops/${workshopId}/ideas`, {
        headers,
        data: { clientId: crypto.randomUUID(), activityId: board.id, text },
      }),
    );
    for (const response of await Promise.all(batch)) expect(response.status()).toBe(201);
  }

  // Three phones join; one posts the 300th idea.
  const phones = [];
  for (const name of ['Lucie', 'Marc', 'Nadia']) {
    const one = await newPhone(browser, baseURL!);
    await join(one.page, code, name);
    phones.push(one);
  }
  const [lucie, marc, nadia] = phones.map((one) => one.page);
  await lucie.getByLabel('Votre idée').fill('Un jardin partagé derrière la salle');
  await lucie.getByRole('button', { name: 'Envoyer mon idée' }).click();
  await expect(console.getByRole('heading', { name: 'Idées en direct (300)' })).toBeVisible();
  await expect(wall.page.getByText('300 idées')).toBeVisible();
  await expect(wall.page.getByText('Un jardin partagé derrière la salle')).toBeVisible();
  await expectAccessible(wall.page);
  await expectAccessible(console);

  // Clustering: two themes; one idea dropped with the keyboard alone, one with the mouse.
  const room = clusteringPanel(console);
  await room.createTheme('Mobilité');
  await room.createTheme('Santé');
  const search = console.getByLabel('Rechercher une idée');
  await search.fill('maison de santé');
  await expect(console.getByText('1 idée affichée')).toBeVisible();
  await dragWithKeyboard(console, `Déplacer « ${HEALTH} »`, 'Au-dessus du thème « Santé »');
  await expect(room.theme('Santé').locator('.idea-card-text')).toHaveText([HEALTH]);
  await expect(console.locator('[id^="DndLiveRegion"]')).toContainText(
    `Idée « ${HEALTH} » déposée dans le thème « Santé ».`,
  );

  await search.fill('bus');
  await expect(console.getByText('2 idées affichées')).toBeVisible();
  await dragWithMouse(
    console,
    room.streamCard(ORIGINAL).getByRole('button', { name: `Déplacer « ${ORIGINAL} »` }),
    room.theme('Mobilité'),
  );
  await expect(room.theme('Mobilité').locator('.idea-card-text')).toHaveText([ORIGINAL]);

  // Bulk: the five notes about the station go to Mobilité in one move.
  await search.fill('abri vélo gare');
  await console.getByRole('button', { name: 'Sélectionner les idées affichées' }).click();
  await expect(console.getByText('10 idées sélectionnées').first()).toBeVisible();
  await console.getByLabel('Déplacer la sélection vers').selectOption({ label: 'Mobilité' });
  await console.getByRole('button', { name: 'Déplacer', exact: true }).click();
  // Ten writes one after the other, on a shared machine: give them time.
  await expect(console.getByText('10 idées déplacées.')).toBeVisible({ timeout: 30_000 });
  await expect(room.theme('Mobilité').getByText('11 idées')).toBeVisible();
  await search.fill('');

  // The wall shows the themes as they form.
  await console.getByRole('button', { name: 'Ouvrir « Regroupons les idées par thème »' }).click();
  const wallThemes = wall.page.getByRole('list', { name: 'Thèmes' });
  await expect(wallThemes.getByRole('heading', { name: /^Mobilité/ })).toContainText('11 idées');
  await expect(wallThemes.getByRole('heading', { name: /^Santé/ })).toContainText('1 idée');
  await expectAccessible(wall.page);
  await expectAccessible(console);

  // The dot vote: Lucie gives 2 dots to the duplicate before anyone merges it, Marc 1 to the original.
  await console.getByRole('button', { name: `Ouvrir « ${VOTE} »` }).click();
  for (const page of [lucie, marc, nadia])
    await expect(page.getByRole('heading', { name: VOTE })).toBeVisible();
  const addDot = (page: Page, text: string) =>
    page.getByRole('button', { name: `Ajouter un point à « ${text} »` });
  await addDot(lucie, DUPLICATE).click();
  await addDot(lucie, DUPLICATE).click();
  await expect(lucie.getByText('Il vous reste 1 point sur 3')).toBeVisible();
  await addDot(marc, ORIGINAL).click();
  const wallBar = (text: string) =>
    wall.page
      .getByRole('list', { name: 'Classement' })
      .getByRole('listitem')
      .filter({ hasText: text });
  await expect(wallBar(DUPLICATE)).toContainText('2');
  await expect(wallBar(ORIGINAL)).toContainText('1');

  // The facilitator merges the duplicate by dropping it on its original, with the mouse.
  await search.fill('bus');
  await dragWithMouse(
    console,
    room.streamCard(DUPLICATE).getByRole('button', { name: `Déplacer « ${DUPLICATE} »` }),
    room.streamCard(ORIGINAL),
  );
  await expect(room.streamCard(DUPLICATE)).toContainText(`doublon de « ${ORIGINAL} »`);
  // On the board, under its original (the theme shows its first 8 ideas, then the others).
  await room
    .theme('Mobilité')
    .getByRole('button', { name: /^Voir les \d+ autres$/ })
    .click();
  await expect(room.theme('Mobilité').locator('.cluster-duplicates')).toContainText(DUPLICATE);

  // Merged means merged: one target, 3 dots, on every screen.
  await expect(addDot(nadia, DUPLICATE)).toHaveCount(0);
  await addDot(nadia, ORIGINAL).click();
  await expect(wallBar(ORIGINAL)).toContainText('4');
  await expect(wallBar(DUPLICATE)).toHaveCount(0);
  // Lucie's dots show on the original, where they count.
  await expect(
    lucie.getByRole('listitem').filter({ hasText: ORIGINAL }).getByText('2 points'),
  ).toBeVisible();
  const consoleVote = console.getByRole('article', { name: VOTE });
  await expect(consoleVote.getByRole('listitem').filter({ hasText: ORIGINAL })).toContainText('4');
  await expect(consoleVote.getByRole('listitem').filter({ hasText: DUPLICATE })).toHaveCount(0);
  await expectAccessible(wall.page);
  await expectAccessible(lucie);
  await expectAccessible(console);

  const synthesis = await staff.newPage();
  await synthesis.goto(`/facilitator/w/${workshopId}/synthesis`);
  const table = synthesis.getByRole('table', {
    name: `Vote par points : ${VOTE} (10 premières idées)`,
  });
  await expect(table.getByRole('row').nth(1)).toContainText(ORIGINAL);
  await expect(table.getByRole('row').nth(1)).toContainText('4');
  await expect(table.getByRole('row').filter({ hasText: DUPLICATE })).toHaveCount(0);

  // Unmerge: every dot goes back to the idea it was given to.
  await room
    .streamCard(DUPLICATE)
    .getByRole('button', { name: `Dissocier « ${DUPLICATE} » de son original` })
    .click();
  await expect(wallBar(DUPLICATE)).toContainText('2');
  await expect(wallBar(ORIGINAL)).toContainText('2');
  await expect(addDot(nadia, DUPLICATE)).toBeVisible();
  await synthesis.reload();
  await expect(table.getByRole('row').filter({ hasText: DUPLICATE })).toContainText('2');
  await expect(table.getByRole('row').filter({ hasText: ORIGINAL })).toContainText('2');

  // A revoked link: the wall shows a clear page, no data.
  await console.getByRole('button', { name: 'Révoquer le lien du mur' }).click();
  await console.getByRole('button', { name: 'Oui, révoquer' }).click();
  await expect(wall.page.getByRole('heading', { level: 1 })).toHaveText(
    'Ce lien du mur ne fonctionne plus',
  );
  await expect(wall.page.getByText(ORIGINAL)).toHaveCount(0);
  await expectAccessible(wall.page);
  const again = await wallFromLink(browser, baseURL!, wallUrl);
  await expect(again.page.getByRole('heading', { level: 1 })).toHaveText(
    'Ce lien du mur ne fonctionne plus',
  );
  await expect(again.page.getByText(TITLE)).toHaveCount(0);

  await again.context.close();
  await wall.context.close();
  for (const one of phones) await one.context.close();
  await staff.close();
});

test('the wall, signed out, is readable: the staff wall says to sign in with good contrast', async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ baseURL, viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await page.goto('/wall/6f1c0d3e-1111-4111-8111-111111111111');
  await expect(page.getByRole('link', { name: 'Se connecter' })).toBeVisible();
  await expectAccessible(page);
  await page.goto('/wall/link/w1-not-a-real-link');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Ce lien du mur ne fonctionne plus',
  );
  await expectAccessible(page);
  await context.close();
});
