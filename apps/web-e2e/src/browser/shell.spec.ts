import { expect, test } from '@playwright/test';
import { expectAccessible } from '../support/axe';

test.describe('web shell and territories, on a phone', () => {
  test('home page: French by default, accessible, served by the API on the same origin', async ({
    page,
  }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Faire entendre sa voix, entre deux élections',
    );
    await expect(page).toHaveTitle(/Permanente/);
    await expectAccessible(page);
  });

  test('navigates the territories: region, département, bassin de vie; each page accessible', async ({
    page,
  }) => {
    await page.goto('/');
    await page.getByRole('navigation').getByRole('link', { name: 'Territoires' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Les territoires');
    await expect(page.getByRole('link', { name: 'Centre-Val de Loire' })).toBeVisible();
    const departements = page.locator('.tree > li > .tree-children > li > a');
    await expect(departements).toHaveCount(6);
    await expect(page.locator('.tree-children .tree-children > li')).toHaveCount(23);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Loiret', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Loiret');
    await expect(page.getByText(/Département · 691\s268 habitants/)).toBeVisible();
    await expect(page.getByRole('heading', { level: 2 })).toHaveText('Territoires inclus (4)');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Montargis' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Montargis');
    await expect(page.getByRole('link', { name: 'Loiret' })).toBeVisible();
    await expectAccessible(page);

    // A reload lands on the same page: the API serves the app for client routes.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Montargis');
  });

  test('an unknown territory says so, accessibly', async ({ page }) => {
    await page.goto('/territories/6f1c0d3e-1111-4111-8111-111111111111');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ce territoire n’existe pas.');
    await expectAccessible(page);
  });

  test('switches to English and keeps the choice', async ({ page }) => {
    await page.goto('/territories');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Territories');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Territories');
    await expect(page.getByText(/Region · 2,587,031 inhabitants/)).toBeVisible();
    await expectAccessible(page);
  });

  for (const path of ['/join', '/tour', '/proposals', '/facilitator', '/officials', '/nowhere']) {
    test(`the reserved page ${path} is accessible`, async ({ page }) => {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectAccessible(page);
    });
  }

  test('the join form checks the code', async ({ page }) => {
    await page.goto('/join');
    await page.getByLabel('Code de l’atelier').fill('ab');
    await page.getByRole('button', { name: 'Rejoindre' }).click();
    await expect(page.getByText('Le code compte 6 caractères : il en manque 4.')).toBeVisible();
    await page.getByLabel('Code de l’atelier').fill('K7P2Q!');
    await page.getByRole('button', { name: 'Rejoindre' }).click();
    await expect(page.getByRole('alert')).toHaveText(
      'Le 6e caractère, « ! », n’est ni une lettre ni un chiffre.',
    );
    await expectAccessible(page);
  });
});

// Keyboard users are mostly on a computer: a desktop browser without touch emulation.
test.describe('keyboard only, on a computer', () => {
  test.use({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false });

  test('the skip link reaches the content and links follow', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible(); // React has rendered
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Aller au contenu' });
    await expect(skip).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('main')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: /Je participe à un atelier/ })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Participer à un atelier');
  });
});
