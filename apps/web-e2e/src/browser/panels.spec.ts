import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from '../support/axe';

// The demo organiser; each département has an empty demo panel (the Cher's has a pool).
const ORGANISER = { email: 'organisation@permanente.test', password: 'demo-organisation' };

const GENDERS = ['woman', 'man', 'woman', 'man', 'other'];
const AGES = ['16-24', '25-34', '35-49', '50-64', '65+'];
const OCCUPATIONS = ['employee', 'worker', 'retired', 'executive'];

/** 80 fictional paper applications (deterministic), in the panel's bassins de vie. */
function poolCsv(bassins: string[]): string {
  const lines = ['name,email,phone,gender,ageBand,territory,occupation'];
  for (let i = 0; i < 80; i++)
    lines.push(
      [
        `Volontaire ${i + 1}`,
        `volontaire${i + 1}@example.test`,
        '',
        GENDERS[i % GENDERS.length],
        AGES[(i * 7) % AGES.length],
        bassins[i % bassins.length],
        OCCUPATIONS[(i * 3) % OCCUPATIONS.length],
      ].join(','),
    );
  return lines.join('\n') + '\n';
}

async function signIn(page: Page) {
  await page.goto('/login');
  await page.getByLabel('Adresse e-mail').fill(ORGANISER.email);
  await page.getByLabel('Mot de passe').fill(ORGANISER.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/staff$/);
}

test.describe('citizens’ panels', () => {
  test('an organiser imports a pool, sets quotas, draws and sees probabilities; anyone re-runs the draw', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    await signIn(page);
    await page.getByRole('main').getByRole('link', { name: 'Panels citoyens' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Panels citoyens');
    await expectAccessible(page);

    // The Indre panel: the bassins de vie of the CSV must be the Indre's.
    await page.getByRole('link', { name: 'Panel citoyen — Indre', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Panel citoyen — Indre');
    await expect(page.getByText('Aucun volontaire pour l’instant.')).toBeVisible();
    await expectAccessible(page);

    // A file with a missing column: refused, with the column named; nothing imported.
    const fileInput = page.getByLabel('Candidatures papier (fichier CSV)');
    await fileInput.setInputFiles({
      name: 'incomplet.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('name,email,gender\nAnne,anne@example.test,woman\n'),
    });
    await page.getByRole('button', { name: 'Importer' }).click();
    await expect(page.getByText('Colonne « occupation » manquante')).toBeVisible();
    await expect(page.getByText('Aucun volontaire pour l’instant.')).toBeVisible();

    // The CSV uses the bassin codes of the Indre, as the panel's public page lists them.
    const panelId = page.url().split('/').pop()!;
    const view = await page.request.get(`/api/panels/${panelId}/public`);
    const territory = (
      (await view.json()) as { features: Array<{ key: string; values: Array<{ value: string }> }> }
    ).features.find((f) => f.key === 'territory')!;
    const csv = poolCsv(territory.values.map((v) => v.value));
    await fileInput.setInputFiles({
      name: 'candidatures.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByRole('button', { name: 'Importer' }).click();
    await expect(page.getByText('Candidatures importées.')).toBeVisible();
    await expect(page.getByRole('table', { name: '80 volontaires' })).toBeVisible();

    // Quotas: gender balanced among the 24 drawn seats, some of every age band.
    await page.getByLabel('Minimum, Genre : Femme').fill('10');
    await page.getByLabel('Maximum, Genre : Femme').fill('13');
    await page.getByLabel('Minimum, Genre : Homme').fill('10');
    await page.getByLabel('Maximum, Genre : Homme').fill('13');
    await page.getByLabel('Minimum, Tranche d’âge : 16 à 24 ans').fill('3');
    await page.getByLabel('Minimum, Tranche d’âge : 65 ans et plus').fill('3');
    await page.getByRole('button', { name: 'Enregistrer les quotas' }).click();
    await expect(page.getByText('Quotas enregistrés.')).toBeVisible();
    await expect(
      page.getByText('Ces quotas peuvent être respectés : 80 volontaires'),
    ).toBeVisible();
    await expectAccessible(page);

    // The draw, with a public seed: a pending state, then the probabilities.
    await page.getByLabel('Graine publique', { exact: true }).fill('Tirage e2e : 3 14 15 92 65');
    await page.getByRole('button', { name: 'Tirer au sort', exact: true }).click();
    await expect(page.getByText('Tirage effectué.')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText(/^Membres tirés au sort : (v-\d{4}, ){23}v-\d{4}$/)).toBeVisible();
    const pool = page.getByRole('table', { name: '80 volontaires' });
    await expect(pool.getByRole('row')).toHaveCount(81);
    // Every volunteer has a probability; 24 are drawn.
    await expect(pool.getByRole('cell', { name: /^\d+,\d\s?%$/ })).toHaveCount(80);
    await expect(pool.getByRole('cell', { name: 'Oui', exact: true })).toHaveCount(24);
    const drawnText = await page.getByText(/^Membres tirés au sort : /).textContent();
    const members = drawnText!.replace('Membres tirés au sort : ', '');
    await expect(page.getByRole('heading', { name: 'Membres' })).toBeVisible();
    await expectAccessible(page);

    // The public audit page (signed out): seed, quotas, anonymous pool; the re-run agrees.
    await page.context().clearCookies();
    await page.goto(`/panels/${panelId}/audit`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Vérification du tirage : Panel citoyen — Indre',
    );
    await expect(page.getByText('Tirage e2e : 3 14 15 92 65').first()).toBeVisible();
    await expect(page.getByTestId('draw-result')).toHaveText(members);
    await expect(page.getByText('volontaire1@example.test')).toHaveCount(0);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Refaire le tirage' }).click();
    await expect(page.getByText(`Même panel : ${members}`)).toBeVisible({ timeout: 60_000 });
    await page.getByText('Les 80 volontaires (anonymes) et leurs probabilités').click();
    await expect(page.getByRole('table', { name: /Volontaires anonymes/ })).toBeVisible();
    // The published distribution, checked in the page without a solver.
    await page.getByText(/^Distribution publiée : \d+ compositions/).click();
    await expect(page.getByRole('table', { name: /Compositions du support/ })).toBeVisible();
    await page.getByRole('button', { name: 'Vérifier les probabilités ici' }).click();
    await expect(page.getByText(/^Vérifié sans solveur/)).toBeVisible();
    await expectAccessible(page);
  });

  test('an organiser sets the features from the form, then imports a file with duplicates: listed, refused, then merged', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await signIn(page);
    await page.getByRole('main').getByRole('link', { name: 'Panels citoyens' }).click();
    await page.getByRole('link', { name: 'Panel citoyen — Eure-et-Loir', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Panel citoyen — Eure-et-Loir',
    );
    // A new feature, housing, with its values one a line.
    await page.getByRole('button', { name: 'Ajouter une caractéristique' }).click();
    await page
      .getByRole('group', { name: 'Caractéristique 5' })
      .getByLabel('Libellé', { exact: true })
      .fill('Logement');
    // First a reserved key and a value with a space: the API's refusals, said in French.
    await page
      .getByRole('group', { name: 'Caractéristique 5' })
      .getByLabel('Clé (colonne du fichier CSV)')
      .fill('email');
    await page
      .getByRole('group', { name: 'Caractéristique 5' })
      .getByLabel('Valeurs, une par ligne (valeur = libellé)')
      .fill('owner = Propriétaire\nlocataire social');
    await page.getByRole('button', { name: 'Enregistrer les caractéristiques' }).click();
    await expect(
      page.getByText(
        'Les caractéristiques n’ont pas été enregistrées : voir les erreurs ci-dessous.',
      ),
    ).toBeVisible();
    await expect(
      page.getByText(
        'Caractéristique 5 : la clé « email » est réservée (colonne name, email ou phone du fichier CSV).',
      ),
    ).toBeVisible();
    await expect(
      page.getByText(
        'Caractéristique 5, valeur « locataire social » : de 1 à 60 caractères, sans espace, virgule, point-virgule ni guillemet.',
      ),
    ).toBeVisible();
    await expectAccessible(page);
    await page
      .getByRole('group', { name: 'Caractéristique 5' })
      .getByLabel('Clé (colonne du fichier CSV)')
      .fill('housing');
    await page
      .getByRole('group', { name: 'Caractéristique 5' })
      .getByLabel('Valeurs, une par ligne (valeur = libellé)')
      .fill('owner = Propriétaire\ntenant = Locataire');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Enregistrer les caractéristiques' }).click();
    await expect(page.getByText('Caractéristiques enregistrées.')).toBeVisible();
    const panelId = page.url().split('/').pop()!;
    const view = (await (await page.request.get(`/api/panels/${panelId}/public`)).json()) as {
      features: Array<{ key: string; values: Array<{ value: string; label: string }> }>;
    };
    expect(view.features.map((f) => f.key)).toEqual([
      'gender',
      'ageBand',
      'territory',
      'occupation',
      'housing',
    ]);
    expect(view.features[4].values).toEqual([
      { value: 'owner', label: 'Propriétaire' },
      { value: 'tenant', label: 'Locataire' },
    ]);

    // A file where the same person appears twice (same phone written two ways).
    const bassin = view.features[2].values[0].value;
    const row = (name: string, email: string, phone: string) =>
      [name, email, phone, 'woman', '25-34', bassin, 'employee', 'owner'].join(',');
    const csv = [
      'name,email,phone,gender,ageBand,territory,occupation,housing',
      row('Anne Leroy', 'anne.leroy@example.test', '06 11 22 33 44'),
      row('Anne L.', '', '+33 6 11 22 33 44'),
      row('Jeanne Vidal', 'jeanne@example.test', ''),
    ].join('\n');
    const fileInput = page.getByLabel('Candidatures papier (fichier CSV)');
    await fileInput.setInputFiles({
      name: 'doublons.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByRole('button', { name: 'Importer' }).click();
    await expect(page.getByText('Ligne 3 : même personne que la ligne 2')).toBeVisible();
    await expect(page.getByText('Aucun volontaire pour l’instant.')).toBeVisible();
    await expectAccessible(page);
    await page
      .getByLabel('Fusionner les doublons (garder la première candidature de chaque personne)')
      .check();
    await fileInput.setInputFiles({
      name: 'doublons.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByRole('button', { name: 'Importer' }).click();
    await expect(page.getByText('Candidatures importées.')).toBeVisible();
    await expect(page.getByRole('list', { name: '1 doublons ignorés' })).toBeVisible();
    await expect(page.getByRole('table', { name: '2 volontaires' })).toBeVisible();
    // With volunteers in the pool, the features are locked.
    await expect(
      page.getByText(
        'Des volontaires ont déjà répondu : les caractéristiques ne peuvent plus changer.',
      ),
    ).toBeVisible();
    await expectAccessible(page);
  });

  test('a volunteer answers the open call with consent', async ({ page }) => {
    // The Cher's demo panel takes applications (an organiser's session finds its id).
    const login = await page.request.post('/api/auth/login', { data: ORGANISER });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const panels = (await (
      await page.request.get('/api/panels', { headers: { 'x-csrf-token': csrfToken } })
    ).json()) as Array<{ id: string; title: string }>;
    const cher = panels.find((p) => p.title === 'Panel citoyen — Cher')!;
    await page.context().clearCookies();

    await page.goto(`/panels/${cher.id}/apply`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Devenir volontaire : Panel citoyen — Cher',
    );
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Envoyer ma candidature' }).click();
    await expect(page.getByRole('alert')).toContainText('donnez votre accord');
    await page.getByLabel('Nom et prénom').fill('Dominique Exemple');
    await page.getByLabel('Adresse e-mail').fill('dominique@example.test');
    await page.getByLabel('Genre').selectOption('woman');
    await page.getByLabel('Tranche d’âge').selectOption('35-49');
    await page.getByLabel('Bassin de vie').selectOption({ label: 'Vierzon' });
    await page.getByLabel('Catégorie socioprofessionnelle').selectOption('employee');
    await page.getByLabel(/J’accepte que ces informations soient conservées/).check();
    await page.getByRole('button', { name: 'Envoyer ma candidature' }).click();
    await expect(page.getByText(/enregistrée sous l’identifiant anonyme v-0301/)).toBeVisible();
    await expectAccessible(page);
  });
  test('the demo Cher panel is drawn live; a member accepts by their link and joins a panel session', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await signIn(page);
    await page.goto('/organisation/panels');
    await page.getByRole('link', { name: 'Panel citoyen — Cher', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Panel citoyen — Cher');
    // The announced seed is filled in; leximin on the 300 (+1) volunteers takes a few seconds.
    await expect(page.getByLabel('Graine publique', { exact: true })).toHaveValue(
      /Tirage public du 2 mars 2026/,
    );
    await page.getByRole('button', { name: 'Tirer au sort', exact: true }).click();
    await expect(page.getByText(/^Tirage en cours/)).toBeVisible();
    await expect(page.getByText('Tirage effectué.')).toBeVisible({ timeout: 60_000 });

    // A session for the members only.
    await page.getByLabel('Titre de la séance').fill('Première séance du panel');
    await page.getByLabel('Lieu').fill('Bourges');
    await page.getByRole('button', { name: 'Créer la séance' }).click();
    await expect(page.getByRole('link', { name: 'Première séance du panel' })).toBeVisible();
    await expectAccessible(page);

    // The panel's contribution: two adopted proposals, published together.
    const contribution = page.getByRole('region', {
      name: 'Contribution du panel au conseil régional',
    });
    for (const [title, need, action] of [
      ['Un car le samedi matin', 'Les villages sont coupés du marché.', 'Une ligne le samedi.'],
      ['Un médecin itinérant', 'Trop loin d’un cabinet.', 'Un cabinet mobile.'],
    ]) {
      await contribution.getByLabel('Titre', { exact: true }).fill(title);
      await contribution.getByLabel('Le besoin').fill(need);
      await contribution.getByLabel('L’action proposée').fill(action);
      await contribution.getByRole('button', { name: 'Ajouter à la contribution' }).click();
    }
    await contribution
      .getByRole('button', { name: 'Soumettre les 2 propositions au conseil' })
      .click();
    await expect(contribution.getByText('2 propositions publiées.')).toBeVisible();
    const proposalHref = await contribution
      .getByRole('link', { name: 'Proposition publiée n° 1' })
      .getAttribute('href');
    expect(proposalHref).toMatch(/^\/proposals\/[0-9a-f-]{36}$/);
    await expectAccessible(page);

    // The second member declines by phone: a replacement draw fills the seat.
    await page
      .getByRole('button', { name: /^Refusé/ })
      .nth(1)
      .click();
    await expect(page.getByRole('heading', { name: 'Désistements à remplacer : 1' })).toBeVisible();
    await page
      .getByRole('textbox', { name: 'Graine publique', exact: true })
      .fill('remplacement 1');
    await page.getByRole('button', { name: 'Tirer les remplaçants' }).click();
    await expect(page.getByText('Remplaçants tirés au sort.')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText('A décliné')).toHaveCount(1);
    await expect(page.getByText('Invitation envoyée, en attente de réponse')).toHaveCount(24);

    // The first member's personal link.
    await page
      .getByRole('button', { name: /^Lien d’invitation/ })
      .first()
      .click();
    const link = await page.locator('code').filter({ hasText: '/panel-invitation/' }).textContent();
    expect(link).toMatch(/\/panel-invitation\/[\w-]{20,}$/);

    await page.context().clearCookies();
    await page.goto(new URL(link!).pathname);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Invitation au panel citoyen');
    await expect(page.getByText('Invitation envoyée, en attente de réponse')).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'J’accepte' }).click();
    await expect(page.getByText('A accepté')).toBeVisible();
    await page
      .getByRole('button', { name: 'Rejoindre la séance « Première séance du panel »' })
      .click();
    await expect(page).toHaveURL(/\/w\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Première séance du panel');
    await expectAccessible(page);

    // The contribution is public, with the panel as its author.
    await page.goto(proposalHref!);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Un car le samedi matin');
    await expect(page.getByText('Panel citoyen — Cher').first()).toBeVisible();
  });
});
