import { expect, test, type APIRequestContext } from '@playwright/test';
import { expectAccessible } from '../support/axe';
import { signIn } from '../support/live-journey';

// The test server runs without SMTP_URL: mails are kept in the outbox and shown to organisers.
const ORGANISER = { email: 'organisation@permanente.test', password: 'demo-organisation' };
const OFFICIAL = { email: 'elu.loiret@permanente.test', password: 'demo-elu-loiret' };

async function staffApi(request: APIRequestContext, account: typeof ORGANISER) {
  const login = await request.post('/api/auth/login', { data: account });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return { 'x-csrf-token': csrfToken };
}

test('a visitor asks to hear of the answer by mail; the organiser sees the mail kept on the outgoing-mail page', async ({
  browser,
  baseURL,
  page,
}) => {
  // A proposal of this test's own, in the Loiret, published by the organiser.
  const organiserContext = await browser.newContext({ baseURL });
  const organiserHeaders = await staffApi(organiserContext.request, ORGANISER);
  const [campaign] = (await (
    await organiserContext.request.get('/api/campaigns')
  ).json()) as Array<{
    id: string;
  }>;
  interface Node {
    id: string;
    code: string;
    children?: Node[];
  }
  const tree = (await (await organiserContext.request.get('/api/territories')).json()) as Node[];
  const flat = (nodes: Node[]): Node[] => nodes.flatMap((n) => [n, ...flat(n.children ?? [])]);
  const montargis = flat(tree).find((territory) => territory.code === 'bv-45-montargis')!;
  const title = 'Un abri vélo fermé à la gare de Montargis';
  const draft = await organiserContext.request.post('/api/proposals', {
    headers: organiserHeaders,
    data: {
      campaignId: campaign.id,
      territoryId: montargis.id,
      title,
      need: 'Les vélos sont volés à la gare.',
      action: 'Construire un abri fermé.',
      source: 'public',
    },
  });
  expect(draft.status()).toBe(201);
  const { id } = (await draft.json()) as { id: string };
  const published = await organiserContext.request.post(`/api/proposals/${id}/publish`, {
    headers: organiserHeaders,
  });
  expect(published.status()).toBe(200);
  await organiserContext.close();

  // A visitor gives an address, with consent, on the proposal's page.
  await page.goto(`/proposals/${id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  const optIn = page.getByRole('region', { name: 'Être prévenu·e par courriel' });
  await optIn.getByLabel('Adresse électronique').fill('camille.velo@example.org');
  await optIn
    .getByLabel('J’accepte de recevoir par courriel la réponse et le suivi de cette proposition')
    .check();
  await optIn.getByRole('button', { name: 'Me prévenir' }).click();
  await expect(
    optIn.getByText('C’est noté : vous serez prévenu·e à camille.velo@example.org.'),
  ).toBeVisible();
  await expectAccessible(page);

  // The official answers.
  const officialContext = await browser.newContext({ baseURL });
  const answered = await officialContext.request.post(`/api/proposals/${id}/answers`, {
    headers: await staffApi(officialContext.request, OFFICIAL),
    data: { state: 'accepted', reasons: 'L’abri sera construit cet été.' },
  });
  expect(answered.status()).toBe(201);
  await officialContext.close();

  // The organiser finds the mail, kept and not sent, on the outgoing-mail page.
  await signIn(page, ORGANISER);
  await page.getByRole('main').getByRole('link', { name: 'Courriels sortants' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Courriels sortants');
  await expect(page.getByText('Aucun serveur d’envoi n’est configuré (SMTP_URL)')).toBeVisible();
  const mail = page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: `Réponse à la proposition « ${title} »` }) });
  await expect(mail).toHaveCount(1);
  await expect(mail).toContainText('À camille.velo@example.org');
  await expect(mail).toContainText('En attente');
  await mail.getByText('Voir le texte').click();
  await expect(mail).toContainText('L’abri sera construit cet été.');
  await expectAccessible(page);
});

test('a stop’s page offers its iCalendar file, and the tour its feed', async ({ page }) => {
  await page.goto('/tour');
  const feed = page.getByRole('link', { name: 'S’abonner à l’agenda de la tournée' });
  await expect(feed).toBeVisible();
  const response = await page.request.get((await feed.getAttribute('href'))!);
  expect(response.headers()['content-type']).toMatch(/^text\/calendar/);
  expect((await response.text()).match(/BEGIN:VEVENT/g)).toHaveLength(23);

  await page.locator('svg.tour-map-svg').getByRole('link').first().click();
  const add = page.getByRole('link', { name: 'Ajouter à mon agenda' });
  await expect(add).toBeVisible();
  const stop = await page.request.get((await add.getAttribute('href'))!);
  expect(stop.status()).toBe(200);
  expect((await stop.text()).match(/BEGIN:VEVENT/g)).toHaveLength(1);
  await expectAccessible(page);
});
