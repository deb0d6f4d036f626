import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expectAccessible } from '../support/axe';
import { liveCable } from '../support/live-cable';
import {
  addActivity,
  clusteringPanel,
  join,
  phone,
  postIdea,
  signIn,
} from '../support/live-journey';

// The facilitator of the Cher (Vierzon is one of its bassins de vie). The staff spec signs
// the same account in; this test never fails a login, so the lock-out cannot hit either.
const FACILITATOR = { email: 'animation.cher@permanente.test', password: 'demo-animation-cher' };
const BOARD = 'Que faudrait-il changer à Vierzon ?';
const VOTE = 'Quelles idées retenir ?';
const THEME_VOTE = 'Quel thème en priorité ?';
const SPECTRUM = 'Le centre-ville est agréable à pied.';

test('a live workshop: phones, the console and the wall, with an offline phone', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const staff = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
  const console = await staff.newPage();
  await signIn(console, FACILITATOR);

  // A new workshop in Vierzon.
  await console.goto('/facilitator');
  await expect(console.getByRole('heading', { level: 1 })).toHaveText('Espace d’animation');
  await expect(console.getByRole('link', { name: 'Fabrik de Vierzon' })).toBeVisible();
  await expectAccessible(console);
  await console.getByLabel('Titre de l’atelier').fill('Fabrik du quartier de la gare');
  await console.getByLabel('Bassin de vie').selectOption({ label: 'Vierzon (Cher)' });
  await console.getByLabel('Lieu (facultatif)').fill('Médiathèque, Vierzon');
  await console.getByRole('button', { name: 'Créer l’atelier' }).click();
  await expect(console).toHaveURL(/\/facilitator\/w\/[0-9a-f-]{36}$/);
  const workshopId = console.url().split('/').pop()!;
  await expect(console.getByRole('heading', { level: 1 })).toHaveText(
    'Fabrik du quartier de la gare',
  );
  const code = (await console.locator('.code-big').textContent())!.trim();
  expect(code).toMatch(/^[A-HJKMNP-Z0-9]{6}$/);
  await expect(console.getByText(`${baseURL}/join/${code}`)).toBeVisible();
  await expect(console.getByText('Connecté en direct')).toBeVisible();

  await addActivity(console, 'Mur d’idées', BOARD);
  await console.getByRole('button', { name: 'Démarrer' }).click();
  await expect(console.getByText('En cours', { exact: true })).toBeVisible();
  await expectAccessible(console);

  // The wall, on the projector.
  const wall = await staff.newPage();
  await wall.goto(`/wall/${workshopId}`);
  await expect(wall.getByRole('heading', { level: 2 })).toHaveText(BOARD);
  await expect(wall.getByText(`${baseURL}/join/${code}`)).toBeVisible();

  // Three phones join with the code and post ideas.
  const lucie = await phone(browser, baseURL!);
  // Lucie's /live connection goes through a cable the test can cut (see below); it must be in
  // place before her page opens its websocket.
  const cable = await liveCable(lucie.context);
  const marc = await phone(browser, baseURL!);
  const nadia = await phone(browser, baseURL!);
  await join(lucie.page, code, 'Lucie');
  await join(marc.page, code, 'Marc');
  await join(nadia.page, code, 'Nadia');
  await expect(console.getByText('3 participants connectés')).toBeVisible();

  // The facilitator closes the door: a fourth phone cannot join, the wall says so.
  await console.getByRole('button', { name: 'Fermer les entrées' }).click();
  await expect(
    console.getByText('Entrées fermées : personne d’autre ne peut rejoindre.'),
  ).toBeVisible();
  await expect(wall.getByText('Les entrées de l’atelier sont fermées.')).toBeVisible();
  await expect(wall.getByText(`${baseURL}/join/${code}`)).toBeHidden();
  const late = await phone(browser, baseURL!);
  await late.page.goto(`/join/${code}`);
  await late.page.getByRole('button', { name: 'Rejoindre' }).click();
  await expect(late.page.getByRole('alert')).toContainText('fermé les entrées');
  await expectAccessible(late.page);
  await late.context.close();
  await console.getByRole('button', { name: 'Rouvrir les entrées' }).click();
  await expect(wall.getByText(`${baseURL}/join/${code}`)).toBeVisible();
  await postIdea(nadia.page, 'Un jardin partagé');
  await expect(
    console.getByRole('list', { name: 'Idées reçues' }).getByText('Un jardin partagé'),
  ).toBeVisible();
  await expect(lucie.page.getByRole('heading', { name: BOARD })).toBeVisible();
  await postIdea(lucie.page, 'Des bancs le long du canal');
  await postIdea(marc.page, 'Une navette le samedi');
  const lucieIdeas = lucie.page.getByRole('list', { name: 'Idées' });
  await expect(lucieIdeas.getByText('Une navette le samedi')).toBeVisible();
  await expect(
    lucieIdeas.getByRole('listitem').filter({ hasText: 'Des bancs le long du canal' }),
  ).toContainText('Mon idée');
  await expectAccessible(lucie.page);
  const board = console.getByRole('list', { name: 'Idées reçues' });
  await expect(board.getByText('Des bancs le long du canal')).toBeVisible();
  await expect(board.getByText('Une navette le samedi')).toBeVisible();
  await expect(wall.getByText('Des bancs le long du canal')).toBeVisible();
  await expect(wall.getByText('Une navette le samedi')).toBeVisible();
  await expectAccessible(wall);

  // Offline: the idea waits on the phone, in IndexedDB.
  await lucie.context.setOffline(true);
  await expect(
    lucie.page.getByText(/Hors ligne, vos contributions partiront dès le retour du réseau/),
  ).toBeVisible();
  await postIdea(lucie.page, 'Un marché de producteurs');
  const waiting = lucieIdeas.getByRole('listitem').filter({ hasText: 'Un marché de producteurs' });
  await expect(waiting).toContainText('en attente d’envoi');
  await expect(lucie.page.getByText('1 contribution en attente d’envoi')).toBeVisible();
  await expectAccessible(lucie.page);

  // A reload (a page load needs the network: the live connection stays cut instead, over
  // both of its transports).
  await cable.cut();
  await lucie.context.setOffline(false);
  await lucie.page.reload();
  await expect(lucie.page.getByRole('heading', { level: 1 })).toHaveText(
    'Fabrik du quartier de la gare',
  );
  // No live state yet, but the waiting idea is read back from IndexedDB.
  await expect(
    lucie.page.getByRole('listitem').filter({ hasText: 'Un marché de producteurs' }),
  ).toContainText('en attente d’envoi');
  await expect(lucie.page.getByText('1 contribution en attente d’envoi')).toBeVisible();
  await expect(board.getByText('Un marché de producteurs')).toHaveCount(0);

  // Back online: sent once, seen by the facilitator and the wall.
  cable.restore();
  await expect(lucie.page.getByText('En ligne', { exact: true })).toBeVisible({
    timeout: 15_000,
  });
  await expect(board.getByText('Un marché de producteurs')).toHaveCount(1);
  await expect(wall.getByText('Un marché de producteurs')).toBeVisible();
  await expect(lucie.page.getByText('1 contribution en attente d’envoi')).toHaveCount(0);
  await expect(
    lucieIdeas.getByRole('listitem').filter({ hasText: 'Un marché de producteurs' }),
  ).toContainText('Mon idée');

  // A paper idea typed in by the facilitator.
  await console.getByLabel('Texte de l’idée').fill('Plus de poubelles au parc');
  await console.getByRole('button', { name: 'Ajouter l’idée papier' }).click();
  await expect(board.getByRole('listitem').filter({ hasText: 'Plus de poubelles' })).toContainText(
    'papier',
  );

  // A dot vote.
  await addActivity(console, 'Vote par points', VOTE);
  await expect(lucie.page.getByRole('heading', { name: VOTE })).toBeVisible();
  await expect(lucie.page.getByText('Il vous reste 3 points sur 3')).toBeVisible();
  const addDot = lucie.page.getByRole('button', {
    name: 'Ajouter un point à « Une navette le samedi »',
  });
  await addDot.click();
  await addDot.click();
  await expect(lucie.page.getByText('Il vous reste 1 point sur 3')).toBeVisible();
  await marc.page
    .getByRole('button', { name: 'Ajouter un point à « Des bancs le long du canal »' })
    .click();
  await expectAccessible(lucie.page);
  const voteResults = console.getByRole('article', { name: VOTE });
  await expect(voteResults.getByText('2 votants')).toBeVisible();
  await expect(
    voteResults.getByRole('listitem').filter({ hasText: 'Une navette le samedi' }),
  ).toContainText('2');
  await expect(wall.getByRole('heading', { level: 2 })).toHaveText(VOTE);
  await expect(wall.getByText('2 votants')).toBeVisible();

  // Clustering: the facilitator groups the ideas into two themes.
  const clustering = clusteringPanel(console);
  await clustering.createTheme('Mobilité');
  await clustering.createTheme('Cadre de vie');
  await clustering.putInTheme('Une navette le samedi', 'Mobilité');
  await clustering.putInTheme('Des bancs le long du canal', 'Cadre de vie');
  await clustering.putInTheme('Un jardin partagé', 'Cadre de vie');
  await expectAccessible(console);

  // A dot vote on the themes.
  await addActivity(console, 'Vote par points', THEME_VOTE, { voteOnThemes: true });
  await expect(nadia.page.getByRole('heading', { name: THEME_VOTE })).toBeVisible();
  const nadiaDot = nadia.page.getByRole('button', { name: 'Ajouter un point à « Mobilité »' });
  await nadiaDot.click();
  await nadiaDot.click();
  await marc.page.getByRole('button', { name: 'Ajouter un point à « Cadre de vie »' }).click();
  await expectAccessible(nadia.page);
  const themeResults = wall.locator('.bars > li');
  await expect(wall.getByRole('heading', { level: 2 })).toHaveText(THEME_VOTE);
  await expect(themeResults.filter({ hasText: 'Mobilité' })).toContainText('2');
  await expect(themeResults.filter({ hasText: 'Cadre de vie' })).toContainText('1');
  await expect(
    console.getByRole('article', { name: THEME_VOTE }).getByText('2 votants'),
  ).toBeVisible();

  // A spectrum.
  await addActivity(console, 'Positionnement', SPECTRUM);
  await lucie.page.getByRole('radio', { name: 'Tout à fait d’accord' }).check();
  await marc.page.getByRole('radio', { name: 'Plutôt pas d’accord' }).check();
  const columns = wall.locator('.spectrum-columns > li');
  await expect(wall.getByRole('heading', { level: 2 })).toHaveText(SPECTRUM);
  await expect(columns.filter({ hasText: 'Tout à fait d’accord' })).toContainText('1');
  await expect(columns.filter({ hasText: 'Plutôt pas d’accord' })).toContainText('1');
  await expect(
    lucie.page.locator('.spectrum-columns > li').filter({ hasText: 'Plutôt pas d’accord' }),
  ).toContainText('1');
  await expectAccessible(lucie.page);
  await expectAccessible(marc.page);
  await expectAccessible(console);
  await expectAccessible(wall);

  // Close the workshop: phones can no longer contribute; the record is exported.
  await console.getByRole('button', { name: 'Clore', exact: true }).click();
  await console.getByRole('button', { name: 'Oui, clore l’atelier' }).click();
  await expect(nadia.page.getByRole('radio', { name: 'Tout à fait d’accord' })).toHaveCount(0);
  const downloading = console.waitForEvent('download');
  await console.getByRole('link', { name: 'Exporter toutes les contributions (CSV)' }).click();
  const csv = readFileSync((await (await downloading).path())!, 'utf8');
  for (const text of [
    'Des bancs le long du canal',
    'Une navette le samedi',
    'Un jardin partagé',
    'Un marché de producteurs',
  ]) {
    expect(csv).toContain(text);
  }
  // In the interface's language (French): headers and words.
  expect(csv).toContain('type,activité,type d’activité,question,heure,origine');
  expect(csv).toContain(',papier,');
  // Dots: Lucie's and Marc's on ideas, Nadia's and Marc's on themes.
  expect(csv.split('\n').filter((line) => line.startsWith('points,'))).toHaveLength(4);
  expect(csv).toContain(',Nadia,,,Mobilité,2,');
  expect(csv.split('\n').filter((line) => line.startsWith('position,'))).toHaveLength(2);
  await expectAccessible(console);

  // The printable synthesis: themes with their ideas, and the vote on themes.
  await console.getByRole('link', { name: 'Synthèse imprimable' }).click();
  await expect(
    console.getByRole('article', { name: 'Cadre de vie' }).getByText('Un jardin partagé'),
  ).toBeVisible();
  const themeVotes = console.getByRole('table', {
    name: `Vote par points sur les thèmes : ${THEME_VOTE}`,
  });
  await expect(themeVotes.getByRole('row').nth(1)).toContainText('Mobilité');
  await expect(themeVotes.getByRole('row').nth(1)).toContainText('2');
  await expectAccessible(console);

  await lucie.context.close();
  await marc.context.close();
  await nadia.context.close();
  await staff.close();
});
