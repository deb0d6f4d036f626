import { expect, test } from '@playwright/test';
import { expectAccessible } from '../support/axe';
import {
  addActivity,
  clusteringPanel,
  dragWithKeyboard,
  join,
  phone as newPhone,
  postIdea,
  signIn,
} from '../support/live-journey';

// The facilitator of the Cher; a workshop of its own, so that the other specs are not touched.
const FACILITATOR = { email: 'animation.cher@permanente.test', password: 'demo-animation-cher' };
const TITLE = 'Fabrik des bords du Cher';
const BOARD = 'Que faudrait-il changer au bord du Cher ?';
const VOTE = 'Quelles idées retenir en premier ?';

test('clustering: themes, a merged duplicate, and the printable summary', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const staff = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
  const console = await staff.newPage();
  await signIn(console, FACILITATOR);

  await console.goto('/facilitator');
  await console.getByLabel('Titre de l’atelier').fill(TITLE);
  await console.getByLabel('Bassin de vie').selectOption({ label: 'Vierzon (Cher)' });
  await console.getByRole('button', { name: 'Créer l’atelier' }).click();
  await expect(console).toHaveURL(/\/facilitator\/w\/[0-9a-f-]{36}$/);
  const workshopId = console.url().split('/').pop()!;
  const code = (await console.locator('.code-big').textContent())!.trim();
  await expect(
    console.getByRole('link', { name: 'Exporter toutes les contributions (CSV)' }),
  ).toHaveAttribute('href', `/api/workshops/${workshopId}/export.csv?lang=fr`);

  await addActivity(console, 'Mur d’idées', BOARD);
  await console.getByRole('button', { name: 'Démarrer' }).click();
  await expect(console.getByText('En cours', { exact: true })).toBeVisible();

  // A phone posts three ideas, two of them saying the same thing.
  const { context, page: phone } = await newPhone(browser, baseURL!);
  await join(phone, code);
  for (const text of [
    'Des bancs le long du canal',
    'Une navette le samedi',
    'Plus de bancs le long du canal',
  ]) {
    await postIdea(phone, text);
  }
  const { panel: clustering, streamCard, theme, createTheme } = clusteringPanel(console);
  await expect(streamCard('Plus de bancs le long du canal')).toBeVisible();

  // A theme, and an idea dropped in it with the keyboard alone.
  await createTheme('Mobilité');
  const mobility = theme('Mobilité');
  await expect(mobility.getByText('Aucune idée dans ce thème.')).toBeVisible();
  await dragWithKeyboard(
    console,
    'Déplacer « Une navette le samedi »',
    'Au-dessus du thème « Mobilité »',
  );
  await expect(mobility.locator('.idea-card-text')).toHaveText(['Une navette le samedi']);
  await expect(console.locator('[id^="DndLiveRegion"]')).toContainText(
    'Idée « Une navette le samedi » déposée dans le thème « Mobilité ».',
  );

  // The suggestions find the duplicate; merging puts the later note under the earlier one.
  await clustering.getByRole('button', { name: 'Suggestions' }).click();
  await clustering
    .getByRole('button', {
      name: 'Fusionner « Plus de bancs le long du canal » dans « Des bancs le long du canal »',
    })
    .click();
  await expect(streamCard('Plus de bancs le long du canal')).toContainText(
    'doublon de « Des bancs le long du canal »',
  );
  await expectAccessible(console);

  // A suggested group becomes a theme with its ideas.
  const createGroup = clustering.getByRole('button', { name: /^Créer le thème « / }).first();
  const label = /« (.+) »/.exec((await createGroup.textContent())!)![1];
  await createGroup.click();
  const suggested = theme(label);
  await expect(suggested.locator('.cluster-ideas > li > .idea-card .idea-card-text')).toHaveText([
    'Des bancs le long du canal',
  ]);
  await expect(suggested.locator('.cluster-duplicates .cluster-text')).toHaveText([
    'Plus de bancs le long du canal',
  ]);

  // A dot vote, for the summary's table.
  await addActivity(console, 'Vote par points', VOTE);
  await phone.getByRole('button', { name: 'Ajouter un point à « Une navette le samedi »' }).click();
  await expect(console.getByRole('article', { name: VOTE }).getByText('1 votant')).toBeVisible();

  // The printable summary.
  await console.getByRole('link', { name: 'Synthèse imprimable' }).click();
  await expect(console).toHaveURL(new RegExp(`/facilitator/w/${workshopId}/synthesis$`));
  await expect(console.getByRole('heading', { level: 1 })).toHaveText(`Synthèse : ${TITLE}`);
  await expect(
    console.getByRole('article', { name: 'Mobilité' }).getByText('Une navette le samedi'),
  ).toBeVisible();
  await expect(
    console
      .getByRole('article', { name: label })
      .getByText('Des bancs le long du canal (+1 similaire)'),
  ).toBeVisible();
  const votes = console.getByRole('table', {
    name: `Vote par points : ${VOTE} (10 premières idées)`,
  });
  await expect(votes.getByRole('row').filter({ hasText: 'Une navette le samedi' })).toContainText(
    '1',
  );
  await expect(console.getByRole('button', { name: 'Imprimer' })).toBeVisible();
  await expectAccessible(console);

  await context.close();
  await staff.close();
});
