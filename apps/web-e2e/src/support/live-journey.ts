import { devices, expect, type Browser, type Page } from '@playwright/test';

// Steps shared by the browser tests of live workshops: signing in, phones joining and posting,
// the facilitator adding and opening activities.

export async function signIn(page: Page, account: { email: string; password: string }) {
  await page.goto('/login');
  await page.getByLabel('Adresse e-mail').fill(account.email);
  await page.getByLabel('Mot de passe').fill(account.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/staff$/);
}

export async function phone(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ ...devices['Pixel 5'], baseURL });
  return { context, page: await context.newPage() };
}

export async function join(page: Page, code: string, name?: string) {
  await page.goto(`/join/${code}`);
  if (name) await page.getByLabel('Votre prénom ou un pseudonyme (facultatif)').fill(name);
  await page.getByRole('button', { name: 'Rejoindre' }).click();
  await expect(page).toHaveURL(/\/w\/[0-9a-f-]{36}$/);
  await expect(page.getByText('En ligne', { exact: true })).toBeVisible();
}

export async function postIdea(page: Page, text: string) {
  await page.getByLabel('Votre idée').fill(text);
  await page.getByRole('button', { name: 'Envoyer mon idée' }).click();
}

export async function addActivity(
  console: Page,
  kind: string,
  prompt: string,
  options: { voteOnThemes?: boolean } = {},
) {
  await console.getByLabel('Type d’activité').selectOption({ label: kind });
  await console.getByLabel('Question ou affirmation').fill(prompt);
  if (options.voteOnThemes) await console.getByLabel('thèmes du regroupement').check();
  await console.getByRole('button', { name: 'Ajouter l’activité' }).click();
  await console.getByRole('button', { name: `Ouvrir « ${prompt} »` }).click();
  await expect(console.getByRole('button', { name: `Clore « ${prompt} »` })).toBeVisible();
}

/** The console's themes board, an idea's card in it, and a theme's drop zone. */
export function clusteringPanel(console: Page) {
  const panel = console.getByRole('region', { name: 'Regrouper les idées' });
  const stream = console.getByRole('list', { name: 'Idées reçues' });
  const card = (text: string) =>
    panel
      .locator('.idea-card')
      .filter({ has: console.locator('.idea-card-text').getByText(text, { exact: true }) });
  /** An idea's card in the live stream (every idea is there; search first among many). */
  const streamCard = (text: string) =>
    stream
      .locator('.idea-card')
      .filter({ has: console.locator('.idea-card-text').getByText(text, { exact: true }) });
  const theme = (name: string) =>
    panel
      .locator('.cluster-theme')
      .filter({ has: console.getByRole('heading', { name, exact: true }) });
  const createTheme = async (name: string) => {
    await panel.getByLabel('Nom du nouveau thème').fill(name);
    await panel.getByRole('button', { name: 'Créer le thème', exact: true }).click();
    await expect(theme(name)).toBeVisible();
  };
  /** Puts an idea in a theme with the stream's selection and the bulk move. */
  const putInTheme = async (text: string, name: string) => {
    await streamCard(text)
      .getByRole('checkbox', { name: `Sélectionner « ${text} »` })
      .check();
    await console.getByLabel('Déplacer la sélection vers').selectOption({ label: name });
    await console.getByRole('button', { name: 'Déplacer', exact: true }).click();
    await expect(
      theme(name).locator('.idea-card-text').getByText(text, { exact: true }),
    ).toBeVisible();
  };
  return { panel, stream, card, streamCard, theme, createTheme, putInTheme };
}

/**
 * Drags an idea with the keyboard alone (dnd-kit's KeyboardSensor): focus its handle, Space,
 * the arrows until the live region announces the target, Space.
 */
export async function dragWithKeyboard(console: Page, handleName: string, announcement: string) {
  const handle = console.getByRole('button', { name: handleName }).first();
  await handle.focus();
  await console.keyboard.press('Space');
  const live = console.locator('[id^="DndLiveRegion"]');
  await expect(live).toContainText('saisie');
  // Space at once would put it back where it was: the arrows go from target to target. Each
  // arrow changes the announcement; read it only once it has changed, or a loaded machine
  // reads the previous target's and Space drops the idea one target too far.
  for (let step = 0; step < 40; step++) {
    const before = await live.textContent();
    await console.keyboard.press('ArrowDown');
    await expect.poll(() => live.textContent(), { timeout: 5_000 }).not.toBe(before);
    if ((await live.textContent())?.includes(announcement)) {
      await console.keyboard.press('Space');
      return;
    }
  }
  throw new Error(`no drop target announced as: ${announcement}`);
}

/** Drags an idea's handle with the mouse onto a target. */
export async function dragWithMouse(
  console: Page,
  handle: ReturnType<Page['locator']>,
  target: ReturnType<Page['locator']>,
) {
  const from = (await handle.boundingBox())!;
  await target.scrollIntoViewIfNeeded();
  await console.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await console.mouse.down();
  const to = (await target.boundingBox())!;
  // Several steps: the pointer sensor starts after a few pixels, then follows the pointer.
  await console.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, {
    steps: 3,
  });
  await console.mouse.move(to.x + to.width / 2, to.y + Math.min(to.height / 2, 30), { steps: 12 });
  await console.mouse.up();
}
