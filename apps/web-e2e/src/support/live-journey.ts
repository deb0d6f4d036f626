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

/** The console's clustering panel, an idea's card in it, and a theme's group. */
export function clusteringPanel(console: Page) {
  const panel = console.getByRole('region', { name: 'Regrouper les idées' });
  const card = (text: string) =>
    panel
      .locator('.cluster-idea')
      .filter({ has: console.locator('.cluster-text').getByText(text, { exact: true }) });
  const theme = (name: string) =>
    panel
      .locator('.cluster-theme')
      .filter({ has: console.getByRole('heading', { name, exact: true }) });
  const createTheme = async (name: string) => {
    await panel.getByLabel('Nom du nouveau thème').fill(name);
    await panel.getByRole('button', { name: 'Créer le thème', exact: true }).click();
    await expect(theme(name)).toBeVisible();
  };
  /** Puts an idea in a theme with the card's plain select. */
  const putInTheme = async (text: string, name: string) => {
    await card(text).getByLabel('Thème').selectOption({ label: name });
    await expect(
      theme(name).locator('.cluster-text').getByText(text, { exact: true }),
    ).toBeVisible();
  };
  return { panel, card, theme, createTheme, putInTheme };
}
