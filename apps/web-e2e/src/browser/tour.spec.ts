import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from '../support/axe';

// The demo data's tour: 23 stops from 11 February to 15 July 2026, in the order of the 2017
// tour. The test server runs on the real clock, after the tour: every stop is past.
const ORGANISER = { email: 'organisation@permanente.test', password: 'demo-organisation' };

async function openTour(page: Page) {
  await page.goto('/tour');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'La tournée des 23 bassins de vie',
  );
}

test.describe('the public tour', () => {
  test('shows the map with the six départements and the stops, the timeline and the coverage', async ({
    page,
  }) => {
    await openTour(page);
    const map = page.locator('svg.tour-map-svg');
    await expect(map.locator('path[data-departement]')).toHaveCount(6);
    const codes = await map
      .locator('path[data-departement]')
      .evaluateAll((paths) => paths.map((p) => p.getAttribute('data-departement')));
    expect(codes).toEqual(['18', '28', '36', '37', '41', '45']);
    for (const name of [
      'Cher',
      'Eure-et-Loir',
      'Indre',
      'Indre-et-Loire',
      'Loir-et-Cher',
      'Loiret',
    ])
      await expect(map.getByText(name, { exact: true })).toBeVisible();
    const markers = map.getByRole('link');
    await expect(markers).toHaveCount(23);
    await expect(markers.first()).toHaveAccessibleName('Étape 1 : Orléans, 11 février 2026');
    // Every marker is drawn inside the visible map.
    const box = (await map.boundingBox())!;
    for (const marker of await markers.all()) {
      const at = (await marker.boundingBox())!;
      expect(at.x).toBeGreaterThanOrEqual(box.x);
      expect(at.x + at.width).toBeLessThanOrEqual(box.x + box.width);
      expect(at.y).toBeGreaterThanOrEqual(box.y);
      expect(at.y + at.height).toBeLessThanOrEqual(box.y + box.height);
    }
    await expect(page.getByText(/Victor Cazanave/)).toBeVisible();
    await expect(page.getByRole('link', { name: 'CC BY 4.0' })).toBeVisible();

    const timeline = page.locator('ol.timeline > li');
    await expect(timeline).toHaveCount(23);
    await expect(timeline.first()).toContainText('Étape 1 : Orléans');
    await expect(timeline.last()).toContainText('Étape 23 : Chinon');
    await expect(page.getByText('La tournée est terminée : 23 étapes')).toBeVisible();

    const coverage = page.getByRole('region', { name: /La couverture du territoire/ });
    await expect(coverage.getByText(/23 bassins de vie visités sur 23/)).toBeVisible();
    // Indre-et-Loire and Loir-et-Cher had no Fabrik: the lowest participation, emphasised.
    await expect(coverage.getByText('Participation la plus faible')).not.toHaveCount(0);
    await expect(map.locator('path.dep-stands-out')).not.toHaveCount(0);
    await expectAccessible(page);
  });

  test('a stop’s page shows its programme, its Fabrik, its report and its initiatives', async ({
    page,
  }) => {
    await openTour(page);
    await page.locator('ol.timeline').getByRole('link', { name: 'Étape 10 : Vierzon' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Étape 10 : Vierzon');
    await expect(page.getByText('mercredi 29 avril 2026')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Fabrik' })).toContainText('Fabrik de Vierzon');
    await expect(page.getByRole('heading', { name: 'Rencontres préparées' })).toBeVisible();
    await expect(page.getByText(/Mission locale, chantier d’insertion/)).toBeVisible();
    const initiatives = page.getByRole('region', { name: 'Initiatives rencontrées (1)' });
    await expect(
      initiatives.getByRole('heading', { name: 'Ressourcerie du Pays de Vierzon' }),
    ).toBeVisible();
    await expect(initiatives.getByText('Entreprise sociale · Vierzon')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Le compte rendu' })).toContainText(
      'Une journée d’hiver à Vierzon',
    );
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Retour à la tournée' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'La tournée des 23 bassins de vie',
    );
  });

  test('the initiatives are searchable and filterable without signing in', async ({ page }) => {
    await page.goto('/initiatives');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Les initiatives locales');
    await expect(page.getByRole('heading', { name: '9 initiatives' })).toBeVisible();
    await expectAccessible(page);
    await page.getByLabel('Rechercher (nom, description, thème)').fill('energie');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await expect(page.getByRole('heading', { name: '1 initiative' })).toBeVisible();
    await expect(
      page.getByRole('heading', { name: 'Coopérative solaire du Gâtinais' }),
    ).toBeVisible();
    await page.getByLabel('Rechercher (nom, description, thème)').fill('');
    await page.getByLabel('Type d’initiative').selectOption({ label: 'Association' });
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await expect(page.getByRole('heading', { name: '4 initiatives' })).toBeVisible();
    await page.getByRole('link', { name: /Rencontrée à l’étape de Châteauroux/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Étape 13 : Châteauroux');
  });
});

test.describe('keyboard only, on a computer', () => {
  test.use({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false });

  test('the map’s stops and the timeline are reached and followed with the keyboard', async ({
    page,
  }) => {
    await openTour(page);
    await expect(page.locator('svg.tour-map-svg').getByRole('link')).toHaveCount(23);
    // Tab from the top of the page to the first stop of the map.
    let label: string | null = null;
    for (let presses = 0; presses < 40 && label === null; presses++) {
      await page.keyboard.press('Tab');
      label = await page.evaluate(() =>
        document.activeElement?.classList.contains('stop-marker')
          ? document.activeElement.getAttribute('aria-label')
          : null,
      );
    }
    expect(label).toBe('Étape 1 : Orléans, 11 février 2026');
    await page.keyboard.press('Tab');
    await expect(
      page.getByRole('link', { name: 'Étape 2 : Montargis, 18 février 2026' }),
    ).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Étape 2 : Montargis');

    // From the stop, back to the tour, then into the timeline, all with the keyboard.
    const back = page.getByRole('link', { name: 'Retour à la tournée' });
    for (let presses = 0; presses < 40; presses++) {
      if (await back.evaluate((el) => el === document.activeElement)) break;
      await page.keyboard.press('Tab');
    }
    await expect(back).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'La tournée des 23 bassins de vie',
    );
    const firstInTimeline = page
      .locator('ol.timeline')
      .getByRole('link', { name: 'Étape 1 : Orléans' });
    for (let presses = 0; presses < 80; presses++) {
      if (await firstInTimeline.evaluate((el) => el === document.activeElement)) break;
      await page.keyboard.press('Tab');
    }
    await expect(firstInTimeline).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Étape 1 : Orléans');
    await expectAccessible(page);
  });
});

test.describe('the organisers’ planning page', () => {
  test('an organiser adds, reschedules, reorders and removes a stop; a stop with a Fabrik stays', async ({
    page,
  }) => {
    await page.goto('/login');
    await page.getByLabel('Adresse e-mail').fill(ORGANISER.email);
    await page.getByLabel('Mot de passe').fill(ORGANISER.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect(page).toHaveURL(/\/staff$/);
    await page.getByRole('main').getByRole('link', { name: 'Préparer la tournée' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Préparer la tournée');
    await expect(page.getByRole('heading', { name: 'Les étapes (23)' })).toBeVisible();
    await expectAccessible(page);

    const add = page.getByRole('region', { name: 'Ajouter une étape' });
    await add.getByLabel('Bassin de vie').selectOption({ label: 'Issoudun (Indre)' });
    await add.getByLabel('Jour').fill('2026-09-15');
    await add.getByLabel('Lieu').fill('Place du 10-Juin');
    await add.getByRole('button', { name: 'Ajouter l’étape' }).click();
    await expect(page.getByRole('status').getByText('L’étape est ajoutée.')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Les étapes (24)' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Étape 24 : Issoudun' })).toBeVisible();

    // The same day again overlaps: refused with the reason, nothing added.
    await add.getByLabel('Bassin de vie').selectOption({ label: 'Gien (Loiret)' });
    await add.getByRole('button', { name: 'Ajouter l’étape' }).click();
    await expect(page.getByRole('alert')).toContainText(
      'cette étape chevauche une autre étape de la tournée le même jour.',
    );
    await expect(page.getByRole('heading', { name: 'Les étapes (24)' })).toBeVisible();

    // Reschedule it outside the campaign: refused; then within it.
    await page.getByRole('button', { name: 'Modifier l’étape d’Issoudun' }).last().click();
    const edit = page.locator('form').filter({ has: page.getByLabel('Compte rendu public') });
    await edit.getByLabel('Jour').fill('2027-09-01');
    await edit.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByRole('alert')).toContainText('cette date est en dehors de la démarche.');
    await edit.getByLabel('Jour').fill('2026-09-16');
    await edit.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByRole('status')).toContainText('L’étape d’Issoudun est enregistrée.');
    await expect(
      page.getByText('mercredi 16 septembre 2026, 09 h 30–21 h 30 · Place du 10-Juin'),
    ).toBeVisible();

    // Reorder: the new stop moves one place earlier and takes Chinon's day.
    await page.getByRole('button', { name: 'Plus tôt : étape d’Issoudun' }).last().click();
    await expect(page.getByRole('status')).toContainText('L’ordre de la tournée est enregistré.');
    await expect(page.getByRole('heading', { name: 'Étape 23 : Issoudun' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Étape 24 : Chinon' })).toBeVisible();
    await page.getByRole('button', { name: 'Plus tard : étape d’Issoudun' }).last().click();
    await expect(page.getByRole('heading', { name: 'Étape 24 : Issoudun' })).toBeVisible();

    // A stop with its Fabrik cannot be deleted; the new one can.
    await page.getByRole('button', { name: 'Supprimer l’étape de Vierzon' }).click();
    await expect(page.getByRole('alert')).toContainText('cette étape a une Fabrik');
    await page.getByRole('button', { name: 'Supprimer l’étape d’Issoudun' }).last().click();
    await expect(page.getByRole('heading', { name: 'Les étapes (23)' })).toBeVisible();
    await expectAccessible(page);
  });
});
