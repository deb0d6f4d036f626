import { expect, test } from '@playwright/test';
import { expectAccessible } from '../support/axe';
import { join, phone, signIn } from '../support/live-journey';

// The demo data: a proposal built from the "Mobilité" theme of the closed Fabrik de Montargis
// (Loiret), waiting for an answer; the demo official's scope is the Loiret.
const OFFICIAL = { email: 'elu.loiret@permanente.test', password: 'demo-elu-loiret' };
const TITLE = 'Un transport à la demande pour les villages du Gâtinais';
const REASONS =
  'Un transport à la demande sera testé en 2027 sur deux communautés de communes du Gâtinais.';

test('an official filters the queue and answers; the public page shows the answer and the provenance', async ({
  page,
}) => {
  await signIn(page, OFFICIAL);
  await page.goto('/officials');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Espace des élus');
  const queue = page.getByRole('region', { name: /propositions? à suivre/ });
  // The scope: the Loiret only (the Cher's tiers-lieux proposal is not there).
  await expect(queue.getByRole('link', { name: TITLE })).toBeVisible();
  await expect(queue.getByRole('link', { name: /tiers-lieux et cafés associatifs/ })).toHaveCount(
    0,
  );
  await expectAccessible(page);

  // Filter: workshop proposals matching "mobilite" (no accent).
  const filters = page.getByRole('search');
  await filters.getByLabel('Rechercher').fill('mobilite');
  await filters.getByLabel('Origine').selectOption({ label: 'Atelier' });
  await filters.getByRole('button', { name: 'Afficher' }).click();
  await expect(page.getByRole('heading', { name: '1 proposition à suivre' })).toBeVisible();
  const item = queue.getByRole('listitem').filter({ hasText: TITLE });
  await expect(item).toContainText('14 idées d’origine');

  // Overdue filter: the overdue demo proposal (Pithiviers) is flagged.
  await filters.getByLabel('Rechercher').fill('');
  await filters.getByLabel('Origine').selectOption({ label: 'Tous' });
  await filters.getByLabel('Seulement les réponses en retard').check();
  await filters.getByRole('button', { name: 'Afficher' }).click();
  await expect(page.getByRole('heading', { name: '1 proposition à suivre' })).toBeVisible();
  await expect(queue.getByText('Réponse en retard')).toBeVisible();
  await expect(queue.getByRole('link', { name: /permanences itinérantes/ })).toBeVisible();

  await filters.getByLabel('Seulement les réponses en retard').uncheck();
  await filters.getByLabel('Rechercher').fill('transport demande');
  await filters.getByRole('button', { name: 'Afficher' }).click();
  const target = queue.getByRole('listitem').filter({ hasText: TITLE });
  await expect(target).toHaveCount(1);

  // Answering from the queue, keyboard only: "Répondre", a decision (none is chosen in
  // advance), the reasons, the preview, then publish.
  await target.getByRole('button', { name: 'Répondre' }).focus();
  await page.keyboard.press('Enter');
  for (const radio of await target.getByRole('radio').all()) await expect(radio).not.toBeChecked();
  await target.getByRole('radio', { name: 'Acceptée', exact: true }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(target.getByRole('radio', { name: 'Acceptée en partie' })).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(target.getByLabel('Motifs (publics)')).toBeFocused();
  await page.keyboard.type(REASONS);
  await expectAccessible(page);
  await page.keyboard.press('Tab');
  await expect(
    target.getByRole('button', { name: 'Voir la réponse avant de la publier' }),
  ).toBeFocused();
  await page.keyboard.press('Enter');
  const preview = target.getByRole('region', { name: /Aperçu/ });
  await expect(preview).toBeFocused();
  await expect(preview.getByTestId('answer-preview')).toContainText('Acceptée en partie');
  await expect(preview.getByTestId('answer-preview')).toContainText(REASONS);
  await page.keyboard.press('Tab');
  await expect(preview.getByRole('button', { name: 'Confirmer et publier' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText(`Réponse publiée pour « ${TITLE} ».`)).toBeVisible();
  await expect(target.getByText('Acceptée en partie')).toBeVisible();

  // The review page.
  await target.getByRole('link', { name: TITLE }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await expect(page.getByRole('heading', { name: /Soutiens dans le temps/ })).toBeVisible();
  await expectAccessible(page);

  // The public page, signed out.
  await page.getByRole('link', { name: 'Voir la page publique' }).click();
  await page.getByRole('navigation').getByRole('button', { name: 'Se déconnecter' }).click();
  await page.goto('/proposals');
  await page.getByRole('search').getByLabel('Rechercher').fill('transports à la demande');
  await page.getByRole('search').getByRole('button', { name: 'Afficher' }).click();
  await page.getByRole('link', { name: TITLE }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
  const answer = page.getByTestId('answer');
  await expect(answer).toContainText('Acceptée en partie');
  await expect(answer).toContainText(REASONS);
  await expect(answer).toContainText('Jean Exemple, Conseiller régional délégué au Loiret');
  await expect(page.getByTestId('provenance')).toContainText(
    'Construite à partir de 14 idées de l’atelier « Fabrik de Montargis »',
  );
  await page.getByText('Voir les 14 idées d’origine').click();
  await expect(page.getByText('Un bus le samedi matin vers le marché de Montargis')).toBeVisible();
  await expectAccessible(page);

  // The public supports it once, without an account.
  await page.getByRole('button', { name: 'Soutenir cette proposition' }).click();
  await expect(page.getByText('Merci, votre soutien est compté.')).toBeVisible();
  await expect(page.getByText('38 soutiens')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Soutenir cette proposition' })).toHaveCount(0);
});

test('the public list works with the keyboard and passes axe-core, figures included', async ({
  page,
}) => {
  await page.goto('/proposals');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Les propositions et leurs réponses',
  );
  await expect(page.getByRole('heading', { name: 'Les chiffres par territoire' })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'Pithiviers' })).toBeVisible();
  await expectAccessible(page);

  // Keyboard only: search, submit with Enter, then Tab to the first result and open it.
  await page.getByRole('search').getByLabel('Rechercher').focus();
  await page.keyboard.type('Mobilité');
  await page.keyboard.press('Enter');
  const results = page.getByRole('region', { name: /^\d+ propositions?$/ }).getByRole('link');
  await expect(results.first()).toBeVisible();
  await expect(page.getByRole('link', { name: /maisons de santé/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /tiers-lieux/ })).toHaveCount(0);
  await results.first().focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'D’où vient cette proposition' })).toBeVisible();
  await expectAccessible(page);

  await page.goto('/proposals/report');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Rapport : les propositions et les réponses',
  );
  await page.getByLabel('Territoire', { exact: true }).selectOption({ label: 'Cher' });
  await expect(page.getByRole('rowheader', { name: 'Vierzon' })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'Pithiviers' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: /tiers-lieux/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: /Gâtinais/ })).toHaveCount(0);
  await expectAccessible(page);
});

test('a facilitator turns a closed workshop theme into a draft, then publishes it', async ({
  page,
}) => {
  // The vice-presidency's account facilitates everywhere (no scope) and is an official.
  await signIn(page, {
    email: 'vice-presidence@permanente.test',
    password: 'demo-vice-presidence',
  });
  const workshops = (await (await page.request.get('/api/workshops')).json()) as Array<{
    id: string;
    title: string;
  }>;
  const montargis = workshops.find((w) => w.title === 'Fabrik de Montargis')!;
  await page.goto(`/facilitator/w/${montargis.id}/synthesis`);
  await expect(page.getByRole('heading', { name: 'Jeunesse' })).toBeVisible();
  await expectAccessible(page);
  await page
    .getByRole('button', { name: 'Faire un brouillon de proposition avec le thème « Jeunesse »' })
    .click();
  await expect(page.getByText('Brouillon créé, avec ses idées d’origine.')).toBeVisible();
  await page.getByRole('link', { name: 'Relire et publier le brouillon' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Jeunesse');
  await expect(page.getByTestId('provenance')).toContainText(
    'Construite à partir de 3 idées de l’atelier « Fabrik de Montargis »',
  );
  await expect(page.getByText('Brouillon', { exact: true })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Publier (l’échéance de réponse démarre)' }).click();
  await expect(page.getByText('Publiée', { exact: true })).toBeVisible();
  await expect(page.getByText('Réponse attendue au plus tard le')).toBeVisible();
});

test('an organiser edits the answer states with the keyboard; a state still answered cannot be removed', async ({
  page,
}) => {
  await signIn(page, { email: 'organisation@permanente.test', password: 'demo-organisation' });
  await page.getByRole('link', { name: 'États de réponse des propositions' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Les états de réponse');
  const states = page.getByRole('textbox', { name: /^État n° \d+$/ });
  await expect(states).toHaveCount(5);
  await expect(
    page.getByText(/affiché « Acceptée » · réponse actuelle de \d+ proposition/),
  ).toBeVisible();
  await expectAccessible(page);

  // Keyboard only: add a state, move it up one place, save.
  await page.getByLabel('Nouvel état').focus();
  await page.keyboard.type('transmise_a_l_etat');
  await page.keyboard.press('Enter');
  await expect(states).toHaveCount(6);
  await expect(page.getByLabel('État n° 6')).toHaveValue('transmise_a_l_etat');
  const up = page.getByRole('button', { name: 'Monter « transmise_a_l_etat »' });
  await up.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('État n° 5')).toHaveValue('transmise_a_l_etat');
  await expect(up).toBeFocused();
  await page.getByRole('button', { name: 'Enregistrer les états' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('États enregistrés.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('État n° 5')).toHaveValue('transmise_a_l_etat');
  await expect(page.getByLabel('État n° 6')).toHaveValue('already_existing');

  // "accepted" is the current answer of a demo proposal: removing it is refused, and said.
  await page.getByRole('button', { name: 'Retirer « accepted »' }).click();
  await expect(states).toHaveCount(5);
  await page.getByRole('button', { name: 'Enregistrer les états' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Enregistrement refusé' })).toContainText(
    /« Acceptée » \(\d+ propositions?\)/,
  );
  await expectAccessible(page);

  // Back to the defaults: the added state is used by no answer, it goes.
  await page.reload();
  await page.getByRole('button', { name: 'Retirer « transmise_a_l_etat »' }).click();
  await page.getByRole('button', { name: 'Enregistrer les états' }).click();
  await expect(page.getByText('États enregistrés.')).toBeVisible();
  await expect(states).toHaveCount(5);
});

test('the phone’s workshop page tells a participant that a proposal they support was answered', async ({
  browser,
  baseURL,
}) => {
  const { context, page } = await phone(browser, baseURL!);
  await join(page, 'K7P2QX');
  const workshopUrl = page.url();
  await expect(page.getByRole('heading', { name: 'Des réponses à vos propositions' })).toHaveCount(
    0,
  );

  // From the phone, the participant supports a proposal waiting for its answer.
  const title = 'Des maisons de santé près des gares du Giennois';
  await page.goto('/proposals');
  await page.getByRole('search').getByLabel('Rechercher').fill('maisons de santé');
  await page.getByRole('search').getByRole('button', { name: 'Afficher' }).click();
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('button', { name: 'Soutenir cette proposition' }).click();
  await expect(page.getByText('Merci, votre soutien est compté.')).toBeVisible();
  const proposalId = page.url().split('/').pop()!;

  // An official answers it.
  const official = await browser.newContext({ baseURL });
  const login = await official.request.post('/api/auth/login', {
    data: { email: 'vice-presidence@permanente.test', password: 'demo-vice-presidence' },
  });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const answered = await official.request.post(`/api/proposals/${proposalId}/answers`, {
    headers: { 'x-csrf-token': csrfToken },
    data: { state: 'under_study', reasons: 'Étude lancée avec l’agence régionale de santé.' },
  });
  expect(answered.status()).toBe(201);
  await official.close();

  // Back on the workshop page (it asks on load): the notice, its state, its link.
  await page.goto(workshopUrl);
  const notice = page.getByRole('region', { name: 'Des réponses à vos propositions' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('réponse des élus : « À l’étude »');
  await expect(notice).toContainText('que vous soutenez ou suivez');
  await expect(page.getByText('En ligne', { exact: true })).toBeVisible();
  await expectAccessible(page);
  await notice.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByTestId('answer')).toContainText('À l’étude');

  // Seen: it does not come back.
  await page.goto(workshopUrl);
  await notice.getByRole('button', { name: 'J’ai vu ces réponses' }).click();
  await expect(notice).toHaveCount(0);
  await page.reload();
  await expect(page.getByText('En ligne', { exact: true })).toBeVisible();
  await expect(notice).toHaveCount(0);
  await context.close();
});

test('the answer form has no pre-set decision, shows a preview before publishing, and editing starts from the current decision', async ({
  page,
}) => {
  const title = 'Des permanences itinérantes de services publics';
  await signIn(page, OFFICIAL);
  await page.goto('/officials');
  const queue = page.getByRole('region', { name: /à suivre/ });
  await queue.getByRole('link', { name: new RegExp(title.slice(0, 30)) }).click();
  const form = page.getByRole('region', { name: /^Répondre|^Modifier la réponse/ });
  // No decision is chosen in advance.
  await expect(form.getByRole('radio')).not.toHaveCount(0);
  for (const radio of await form.getByRole('radio').all()) await expect(radio).not.toBeChecked();
  await form.getByLabel('Motifs (publics)').fill('Un premier bilan sera publié en juin.');
  await form.getByRole('button', { name: 'Voir la réponse avant de la publier' }).click();
  await expect(
    form.getByRole('alert').filter({
      hasText: 'Choisissez une décision : aucune n’est choisie d’avance.',
    }),
  ).toBeVisible();
  await expect(page.getByTestId('answer-preview')).toHaveCount(0);
  await expectAccessible(page);

  // The preview shows the answer as the public will read it; nothing is public yet.
  await form.getByRole('radio', { name: 'Acceptée en partie' }).check();
  await form.getByRole('button', { name: 'Voir la réponse avant de la publier' }).click();
  const preview = form.getByRole('region', { name: /Aperçu/ });
  await expect(preview.getByTestId('answer-preview')).toContainText('Acceptée en partie');
  await expect(page.getByTestId('answer')).toHaveCount(0);
  await expectAccessible(page);
  // "Modifier" goes back to the form, as it was.
  await preview.getByRole('button', { name: 'Modifier' }).click();
  await expect(form.getByRole('radio', { name: 'Acceptée en partie' })).toBeChecked();
  await form.getByRole('button', { name: 'Voir la réponse avant de la publier' }).click();
  await preview.getByRole('button', { name: 'Confirmer et publier' }).click();
  await expect(page.getByTestId('answer')).toContainText('Acceptée en partie');

  // Editing the answer starts from the current decision, not from "Acceptée".
  const edit = page.getByRole('region', { name: /Modifier la réponse/ });
  await expect(edit.getByRole('radio', { name: 'Acceptée en partie' })).toBeChecked();
  await expect(edit.getByRole('radio', { name: 'Acceptée', exact: true })).not.toBeChecked();
  await expect(edit.getByLabel('Motifs (publics)')).toHaveValue(
    'Un premier bilan sera publié en juin.',
  );
  await expectAccessible(page);
});
