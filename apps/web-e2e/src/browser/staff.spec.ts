import { expect, test } from '@playwright/test';
import { expectAccessible } from '../support/axe';

// Demo accounts of the test server. The API refuses an account for a minute after 5 failed
// logins: each test below fails at most once per account, and uses its own.
const FACILITATOR = {
  email: 'animation.cher@permanente.test',
  password: 'demo-animation-cher',
  name: 'Camille Animatrice (Cher)',
};
const OFFICIAL = { email: 'elu.loiret@permanente.test', password: 'demo-elu-loiret' };

test.describe('staff sign-in', () => {
  test('a facilitator signs in, sees its space, stays signed in on reload, signs out', async ({
    page,
  }) => {
    await page.goto('/facilitator');
    await expect(page.getByText('Cet espace est réservé à l’équipe')).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('main').getByRole('link', { name: 'Se connecter' }).click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connexion de l’équipe');
    await expectAccessible(page);
    await page.getByLabel('Adresse e-mail').fill(FACILITATOR.email);
    await page.getByLabel('Mot de passe').fill(FACILITATOR.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();

    await expect(page).toHaveURL(/\/staff$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      `Bonjour, ${FACILITATOR.name}`,
    );
    await expect(page.getByRole('main').getByText('Animation', { exact: true })).toBeVisible();
    const nav = page.getByRole('navigation');
    await expect(nav.getByRole('link', { name: FACILITATOR.name })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Se connecter' })).toHaveCount(0);
    await expectAccessible(page);

    // The session is the cookie's: a reload asks the API again and stays signed in.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      `Bonjour, ${FACILITATOR.name}`,
    );
    await page.getByRole('main').getByRole('link', { name: 'Espace d’animation' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Espace d’animation');
    await expect(page.getByText('Cet espace est réservé à l’équipe')).toHaveCount(0);

    await nav.getByRole('button', { name: 'Se déconnecter' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Faire entendre sa voix, entre deux élections',
    );
    await expect(nav.getByRole('link', { name: 'Se connecter' })).toBeVisible();
    await expect(nav.getByRole('link', { name: FACILITATOR.name })).toHaveCount(0);
    await page.goto('/staff');
    await expect(page.getByText('Connectez-vous pour accéder à votre espace.')).toBeVisible();
    await expectAccessible(page);
  });

  test('a wrong password is refused with a clear message', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Adresse e-mail').fill(OFFICIAL.email);
    await page.getByLabel('Mot de passe').fill('not-the-password');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect(page.getByRole('alert')).toHaveText('Adresse e-mail ou mot de passe incorrect.');
    await expect(page.getByLabel('Mot de passe')).toHaveValue('');
    await expectAccessible(page);

    // The right password still works after one failure.
    await page.getByLabel('Mot de passe').fill(OFFICIAL.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bonjour, Jean Exemple');
    await expect(page.getByText('Conseiller régional délégué au Loiret')).toBeVisible();
  });
});
