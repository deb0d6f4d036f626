import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { expectAccessible } from '../support/axe';

// The demo data of the test server: a live Fabrik anyone can join, its run sheet's welcome open.
const DEMO = { code: 'K7P2QX', title: 'Fabrik de Vierzon', place: 'Salle des fêtes, Vierzon' };

test.describe('a participant on a phone', () => {
  test('joins the demo workshop, stays in after a reload, manages its data', async ({ page }) => {
    await page.goto('/join');
    await page.getByLabel('Code de l’atelier').fill('k7p 2qx');
    await page.getByRole('button', { name: 'Rejoindre' }).click();

    await expect(page).toHaveURL(/\/w\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(DEMO.title);
    await expect(page.getByText(`Lieu : ${DEMO.place}`)).toBeVisible();
    // The demo comes with the 2017 run sheet: a phone sees the welcome at once.
    await expect(
      page.getByRole('heading', { name: 'Bienvenue ! Est-ce votre première Fabrik ?' }),
    ).toBeVisible();
    await expectAccessible(page);

    // The credential is kept on the phone: a reload is still in the workshop.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(DEMO.title);

    // "Mes données" is its own page, from the header.
    await page.getByRole('banner').getByRole('link', { name: 'Mes données' }).click();
    await expect(page).toHaveURL(/\/w\/[0-9a-f-]{36}\/data$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mes données');
    await expect(page.getByText('Vous participez anonymement.')).toBeVisible();
    await expectAccessible(page);

    await page.getByLabel('Votre prénom ou un pseudonyme (facultatif)').fill('Lucie');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await expect(page.getByText('Vous participez sous le nom « Lucie ».')).toBeVisible();

    await page.getByLabel('Tranche d’âge').selectOption('35_49');
    // exact: the welcome poll's « Oui, c’est la première » is on the page too.
    await page.getByRole('radio', { name: 'Oui', exact: true }).check();
    await page.getByRole('button', { name: 'Enregistrer mes réponses' }).click();
    await expect(
      page.getByText('Cochez la case d’accord pour enregistrer vos réponses.'),
    ).toBeVisible();
    await page.getByRole('checkbox', { name: /J’accepte que ces réponses/ }).check();
    await page.getByRole('button', { name: 'Enregistrer mes réponses' }).click();
    // Both forms have now said so: the name's and the answers'.
    await expect(page.getByText('Enregistré.', { exact: true })).toHaveCount(2);
    await expectAccessible(page);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Télécharger mes données' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('permanente-mes-donnees.json');
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(exported.workshop.title).toBe(DEMO.title);
    expect(exported.participant.displayName).toBe('Lucie');
    expect(exported.participant.profile).toEqual({ ageBand: '35_49', firstParticipation: true });

    await page.getByRole('button', { name: 'Effacer mes données personnelles' }).click();
    await expect(page.getByText('Confirmer l’effacement ? Il est définitif.')).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Oui, effacer' }).click();
    await expect(
      page.getByText(/Vos données personnelles ont été effacées\. Vos contributions/),
    ).toBeVisible();
    await expect(page.getByText(/Vous participez anonymement\./)).toBeVisible();
    await expect(page.getByLabel('Votre prénom ou un pseudonyme (facultatif)')).toHaveValue('');

    // After a reload the API confirms the erasure.
    await page.reload();
    await expect(page.getByText(/Vous participez anonymement\./)).toBeVisible();
    await expect(page.getByText(/Vos données personnelles ont été effacées le/)).toBeVisible();

    await page.getByRole('button', { name: 'Quitter cet atelier sur ce téléphone' }).click();
    await page.getByRole('button', { name: 'Oui, quitter' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vous avez quitté l’atelier');
    await expectAccessible(page);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Vous n’avez pas rejoint cet atelier',
    );
  });

  test('a QR code address prefills the code and an unknown code says so', async ({ page }) => {
    await page.goto('/join/K7P2QX');
    await expect(page.getByLabel('Code de l’atelier')).toHaveValue('K7P2QX');
    await expectAccessible(page);

    await page.getByLabel('Code de l’atelier').fill('ABCDEF');
    await page.getByRole('button', { name: 'Rejoindre' }).click();
    await expect(page.getByRole('alert')).toHaveText(
      'Aucun atelier ouvert n’a ce code : vérifiez-le sur l’écran de la salle.',
    );
    await expectAccessible(page);
  });

  test('a phone without the credential is sent to the join page', async ({ page }) => {
    await page.goto('/w/6f1c0d3e-1111-4111-8111-111111111111');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Vous n’avez pas rejoint cet atelier',
    );
    await expectAccessible(page);
    await page.getByRole('main').getByRole('link', { name: 'Rejoindre un atelier' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Participer à un atelier');
  });
});
