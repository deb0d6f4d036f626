import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectAccessible } from '../support/axe';
import { addActivity, join, phone, signIn } from '../support/live-journey';

// The participant's layout on a Pixel 5 (393 × 851 screen): a compact header, the current activity
// first with its button on the first screen, 44 px targets, a new activity announced, and a
// "larger text, stronger contrast" mode that stays. The Cher's facilitator runs the workshop
// (the live spec signs the same account in; no login here fails).
const FACILITATOR = { email: 'animation.cher@permanente.test', password: 'demo-animation-cher' };
const TITLE = 'Fabrik du téléphone';
const BOARD = 'Qu’est-ce qui manque le plus dans votre village ?';
const SPECTRUM = 'Le bus suffit pour aller au marché.';

/** Every visible control in the header and the main part that is smaller than 44 × 44 px. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    const controls = document.querySelectorAll<HTMLElement>(
      'header a[href], header button, main a[href], main button, main input, main select, main textarea',
    );
    for (const element of controls) {
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      if (box.width === 0 || style.visibility === 'hidden' || element.closest('.visually-hidden'))
        continue;
      if (box.width < 44 || box.height < 44) {
        const name =
          element.getAttribute('aria-label') ||
          element.textContent?.trim() ||
          (element as HTMLInputElement).name ||
          element.id;
        small.push(
          `${element.tagName.toLowerCase()} "${name}" ${Math.round(box.width)}×${Math.round(box.height)}`,
        );
      }
    }
    return small;
  });
}

async function expectTargetCount(locator: Locator, atLeast: number) {
  expect(await locator.count()).toBeGreaterThanOrEqual(atLeast);
}

test('the phone: compact header, the question first, 44 px targets, a new activity announced, larger text kept', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const staff = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
  const console = await staff.newPage();
  await signIn(console, FACILITATOR);
  await console.goto('/facilitator');
  await console.getByLabel('Titre de l’atelier').fill(TITLE);
  await console.getByLabel('Bassin de vie').selectOption({ label: 'Vierzon (Cher)' });
  await console.getByRole('button', { name: 'Créer l’atelier' }).click();
  await expect(console).toHaveURL(/\/facilitator\/w\/[0-9a-f-]{36}$/);
  const code = (await console.locator('.code-big').textContent())!.trim();
  await addActivity(console, 'Mur d’idées', BOARD);
  await console.getByRole('button', { name: 'Démarrer' }).click();

  const { context, page } = await phone(browser, baseURL!);
  // Playwright's Pixel 5: a 393 × 851 screen whose page area, under the browser's bars, is
  // 393 × 727: "above the fold" is checked against that smaller height.
  const fold = page.viewportSize()!;
  expect(fold.width).toBe(393);
  expect(fold.height).toBeLessThanOrEqual(851);
  // The join page: no staff navigation either.
  await page.goto('/join');
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await expect(page.getByRole('banner').getByRole('group', { name: 'Langue' })).toBeVisible();
  expect(await smallTargets(page)).toEqual([]);
  await expectAccessible(page);
  await join(page, code.replace('0', 'O'), 'Rose');

  // The workshop: the header says where and whether the phone is online; no staff links.
  const header = page.getByRole('banner');
  await expect(header.getByRole('link', { name: TITLE })).toBeVisible();
  await expect(header.getByText('En ligne', { exact: true })).toBeVisible();
  await expect(header.getByRole('link', { name: 'Mes données' })).toBeVisible();
  await expect(header.getByRole('button', { name: 'Texte plus grand' })).toBeVisible();
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Espace élus' })).toHaveCount(0);
  const headerBox = (await header.boundingBox())!;
  expect(headerBox.height).toBeLessThanOrEqual(120);

  // The question first, and its button on the first screen.
  const prompt = page.getByRole('heading', { name: BOARD });
  await expect(prompt).toBeVisible();
  const promptBox = (await prompt.boundingBox())!;
  expect(promptBox.y).toBeLessThan(200);
  const send = page.getByRole('button', { name: 'Envoyer mon idée' });
  const sendBox = (await send.boundingBox())!;
  expect(sendBox.y + sendBox.height).toBeLessThanOrEqual(fold.height);
  expect(sendBox.height).toBeGreaterThanOrEqual(44);
  expect(await smallTargets(page)).toEqual([]);
  await expectAccessible(page);

  // The facilitator opens a new activity: the phone moves to it and says so, politely.
  const announcer = page.getByTestId('activity-announcer');
  await expect(announcer).toHaveAttribute('aria-live', 'polite');
  await expect(announcer).toHaveText('');
  await addActivity(console, 'Positionnement', SPECTRUM);
  await expect(announcer).toHaveText(`Nouvelle activité : Positionnement. ${SPECTRUM}`);
  await expect(page.getByRole('heading', { name: SPECTRUM })).toBeInViewport();
  // Its radios are thumb-sized, themselves (not only their labels).
  const radios = page.getByRole('radio');
  await expectTargetCount(radios, 5);
  for (const radio of await radios.all()) {
    const box = (await radio.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(44);
    expect(box.height).toBeGreaterThanOrEqual(44);
  }
  await page.getByRole('radio', { name: 'Plutôt d’accord' }).check();
  expect(await smallTargets(page)).toEqual([]);
  await expectAccessible(page);

  // Larger text, stronger contrast: on, accessible, and kept after a reload.
  const larger = header.getByRole('button', { name: 'Texte plus grand' });
  await larger.click();
  await expect(larger).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveClass(/large-text/);
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe(
    '20px',
  );
  expect(await smallTargets(page)).toEqual([]);
  await expectAccessible(page);
  await page.reload();
  await expect(page.getByRole('heading', { name: SPECTRUM })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Texte plus grand' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(page.getByRole('radio', { name: 'Plutôt d’accord' })).toBeChecked();
  await expectAccessible(page);

  // "Mes données", at larger text: its own page, the same header.
  await page.getByRole('banner').getByRole('link', { name: 'Mes données' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mes données');
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await expect(page.getByLabel('Tranche d’âge')).toBeVisible();
  expect(await smallTargets(page)).toEqual([]);
  await expectAccessible(page);

  // Back to normal text: accessible too.
  await page.getByRole('button', { name: 'Texte plus grand' }).click();
  await expect(page.locator('html')).not.toHaveClass(/large-text/);
  expect(await smallTargets(page)).toEqual([]);
  await expectAccessible(page);

  await context.close();
  await staff.close();
});
