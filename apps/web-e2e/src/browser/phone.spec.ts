import { devices, expect, test, type Page } from '@playwright/test';
import { expectAccessible } from '../support/axe';
import { addActivity, join, phone, postIdea, signIn } from '../support/live-journey';

// Issue 13, the phone in the field: what reaches it over the wire, the join form in the HTML,
// and a workshop page that reloads with no network at all.
const DEMO_CODE = 'K7P2QX';
const FACILITATOR = { email: 'animation.cher@permanente.test', password: 'demo-animation-cher' };
const BOARD = 'Que garder de la fête du village ?';

/** Resolves once the service worker controls the page (it claims it on its first install). */
async function controlledByServiceWorker(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, {
    timeout: 30_000,
  });
}

/**
 * Resolves once the board kept on the phone (modules/live/board-store.ts) holds this idea as the
 * phone's own: the broadcast event may be written first, without the mark its ack adds.
 */
async function boardKept(page: Page, idea: string) {
  // Polled from here: waitForFunction does not wait for the promise its function returns.
  const kept = () =>
    page.evaluate(
      (text) =>
        new Promise<boolean>((resolve) => {
          const open = indexedDB.open('permanente-boards', 1);
          // Never create the app's database from here: it would have no store.
          open.onupgradeneeded = () => open.transaction?.abort();
          open.onerror = () => resolve(false);
          open.onsuccess = () => {
            const all = open.result.transaction('boards').objectStore('boards').getAll();
            all.onsuccess = () => {
              open.result.close();
              const boards = all.result as {
                state: { ideas: { text: string; mine?: boolean }[] };
              }[];
              resolve(
                boards.some((board) =>
                  board.state.ideas.some((kept) => kept.text === text && kept.mine === true),
                ),
              );
            };
            all.onerror = () => resolve(false);
          };
        }),
      idea,
    );
  await expect.poll(kept, { timeout: 10_000 }).toBe(true);
}

test.describe('the phone over a weak network', () => {
  test('the join page: its form is in the HTML, the JavaScript comes brotli-compressed and immutable', async ({
    page,
    browser,
    baseURL,
  }) => {
    // Without any JavaScript, the form is there with the code of the address.
    const noScript = await browser.newContext({
      ...devices['Pixel 5'],
      baseURL,
      javaScriptEnabled: false,
    });
    const bare = await noScript.newPage();
    await bare.goto(`/join/${DEMO_CODE.toLowerCase()}`);
    await expect(bare.getByRole('heading', { level: 1 })).toHaveText('Participer à un atelier');
    await expect(bare.getByLabel('Code de l’atelier')).toHaveValue(DEMO_CODE);
    await expect(bare.getByRole('button', { name: 'Rejoindre' })).toBeVisible();
    await expect(bare.locator('html')).toHaveAttribute('lang', 'fr');
    await noScript.close();

    const errors: string[] = [];
    // Failed requests (the signed-out session check answers 401) are not the page's errors.
    page.on(
      'console',
      (message) =>
        message.type() === 'error' &&
        !message.text().startsWith('Failed to load resource') &&
        errors.push(message.text()),
    );
    page.on('pageerror', (error) => errors.push(error.message));
    const scripts: Array<{ url: string; headers: Record<string, string> }> = [];
    page.on('response', async (response) => {
      if (response.request().resourceType() === 'script')
        scripts.push({ url: response.url(), headers: await response.allHeaders() });
    });
    const html = await page.goto(`/join/${DEMO_CODE}`);
    const documentHeaders = await html!.allHeaders();
    expect(documentHeaders['content-encoding']).toBe('br');
    expect(documentHeaders['cache-control']).toBe('no-cache');
    await expect(page.getByLabel('Code de l’atelier')).toHaveValue(DEMO_CODE);
    // React took the prerendered form over (hydration): the form now reacts.
    await page.waitForFunction(() =>
      Object.keys(document.querySelector('form')!).some((key) => key.startsWith('__react')),
    );
    const entry = scripts.find((script) => /\/assets\/index-[\w-]+\.js$/.test(script.url));
    expect(entry, 'the entry chunk was loaded').toBeTruthy();
    expect(entry!.headers['content-encoding']).toBe('br');
    expect(entry!.headers['vary']).toContain('Accept-Encoding');
    expect(entry!.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // The participant path never fetches a staff screen.
    expect(scripts.map((script) => script.url).join(' ')).not.toMatch(
      /Facilitator|Panel|Official|Proposal|Tour|Territor/,
    );
    await expectAccessible(page);

    // A gzip-only client gets gzip; a client that accepts neither gets the plain file.
    const gzip = await page.request.get(entry!.url, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzip.headers()['content-encoding']).toBe('gzip');
    const plain = await page.request.get(entry!.url, {
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers()['content-encoding']).toBeUndefined();
    expect((await plain.body()).length).toBeGreaterThan(100_000);

    // The installable app: its manifest and worker are always revalidated.
    const manifest = await page.request.get('/manifest.webmanifest');
    expect(manifest.headers()['cache-control']).toBe('no-cache');
    const app = await manifest.json();
    expect(app).toMatchObject({ name: 'Permanente', lang: 'fr', display: 'standalone' });
    expect(app.icons.map((icon: { sizes: string }) => icon.sizes)).toContain('512x512');
    const worker = await page.request.get('/sw.js');
    expect(worker.headers()['cache-control']).toBe('no-cache');

    await page.getByRole('button', { name: 'Rejoindre' }).click();
    await expect(page).toHaveURL(/\/w\/[0-9a-f-]{36}$/);
    expect(errors).toEqual([]);
  });

  test('what is typed in the join form before the JavaScript arrives is kept when React takes over', async ({
    page,
  }) => {
    // The entry chunk arrives 2 s late, as on a weak network.
    let release: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/assets\/index-[\w-]+\.js$/, async (route) => {
      await arrived;
      await route.continue();
    });
    await page.goto('/join', { waitUntil: 'commit' });
    await page.getByLabel('Code de l’atelier').fill('k7p2qx');
    await page.getByLabel('Votre prénom ou un pseudonyme (facultatif)').fill('Odette');
    release();
    await page.waitForFunction(() =>
      Object.keys(document.querySelector('form')!).some((key) => key.startsWith('__react')),
    );
    await expect(page.getByLabel('Votre prénom ou un pseudonyme (facultatif)')).toHaveValue(
      'Odette',
    );
    await page.getByRole('button', { name: 'Rejoindre' }).click();
    await expect(page).toHaveURL(/\/w\/[0-9a-f-]{36}$/);
    // The name typed before hydration reached the server: "Mes données" shows it.
    await page.getByRole('banner').getByRole('link', { name: 'Mes données' }).click();
    await expect(page.getByText('Vous participez sous le nom « Odette ».')).toBeVisible();
  });

  test('a warm visit gets the join form in the HTML from the service worker, offline too', async ({
    page,
  }) => {
    await page.goto('/join');
    await controlledByServiceWorker(page);
    for (const offline of [false, true]) {
      await page.context().setOffline(offline);
      const response = await page.goto('/join/k7p2-qx');
      expect(response!.fromServiceWorker()).toBe(true);
      // The form and its code are in the HTML the worker answers with (no script needed).
      const html = await response!.text();
      expect(html).toContain('value="K7P2QX"');
      expect(html).toContain('join-form');
      await expect(page.getByLabel('Code de l’atelier')).toHaveValue(DEMO_CODE);
      await expect(page.getByRole('button', { name: 'Rejoindre' })).toBeVisible();
    }
    // Whatever is in the address is written into the page as text, never as markup.
    const hostile = await page.goto('/join/%22%3E%3Cb%3Ex');
    expect(await hostile!.text()).toContain('value="&#34;&#62;&#60;B&#62;X"');
    await page.context().setOffline(false);
    await expectAccessible(page);
  });

  test('a phone that opened its workshop once reloads it with no network, then sends what waited, once', async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(150_000);
    const staff = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
    const console = await staff.newPage();
    await signIn(console, FACILITATOR);
    await console.goto('/facilitator');
    await console.getByLabel('Titre de l’atelier').fill('Fabrik sans réseau');
    await console.getByLabel('Bassin de vie').selectOption({ label: 'Vierzon (Cher)' });
    await console.getByRole('button', { name: 'Créer l’atelier' }).click();
    await expect(console).toHaveURL(/\/facilitator\/w\/[0-9a-f-]{36}$/);
    const code = (await console.locator('.code-big').textContent())!.trim();
    await addActivity(console, 'Mur d’idées', BOARD);
    await console.getByRole('button', { name: 'Démarrer' }).click();
    await expect(console.getByText('En cours', { exact: true })).toBeVisible();
    const received = console.getByRole('list', { name: 'Idées reçues' });

    const odile = await phone(browser, baseURL!);
    await join(odile.page, code, 'Odile');
    await controlledByServiceWorker(odile.page);
    await postIdea(odile.page, 'Le bal du samedi soir');
    const ideas = odile.page.getByRole('list', { name: 'Idées' });
    await expect(
      ideas
        .getByRole('listitem')
        .filter({ hasText: 'Le bal du samedi soir' })
        .filter({ hasText: 'Mon idée' }),
    ).toBeVisible();
    await expect(received.getByText('Le bal du samedi soir')).toBeVisible();

    // The phone keeps the board of its last sync (IndexedDB, a moment after each change).
    await boardKept(odile.page, 'Le bal du samedi soir');
    // The network goes; an idea waits; the page is reloaded with no network at all.
    await odile.context.setOffline(true);
    await postIdea(odile.page, 'La course de brouettes');
    await expect(
      ideas
        .getByRole('listitem')
        .filter({ hasText: 'La course de brouettes' })
        .filter({ hasText: 'en attente d’envoi' }),
    ).toBeVisible();
    await odile.page.reload();
    await expect(odile.page.getByRole('heading', { level: 1 })).toHaveText('Fabrik sans réseau');
    // The board of the last sync, and the idea still waiting.
    await expect(odile.page.getByRole('heading', { name: BOARD })).toBeVisible();
    const offlineIdeas = odile.page.getByRole('list', { name: 'Idées' });
    await expect(
      offlineIdeas
        .getByRole('listitem')
        .filter({ hasText: 'Le bal du samedi soir' })
        .filter({ hasText: 'Mon idée' }),
    ).toBeVisible();
    await expect(
      offlineIdeas
        .getByRole('listitem')
        .filter({ hasText: 'La course de brouettes' })
        .filter({ hasText: 'en attente d’envoi' }),
    ).toBeVisible();
    await expectAccessible(odile.page);
    await expect(received.getByText('La course de brouettes')).toHaveCount(0);

    // The network returns: the waiting idea is sent, once.
    await odile.context.setOffline(false);
    await expect(odile.page.getByText('En ligne', { exact: true })).toBeVisible({
      timeout: 20_000,
    });
    await expect(
      offlineIdeas
        .getByRole('listitem')
        .filter({ hasText: 'La course de brouettes' })
        .filter({ hasText: 'Mon idée' }),
    ).toBeVisible();
    await expect(received.getByText('La course de brouettes')).toHaveCount(1);
    // A fresh snapshot from the database, not the console's memory: stored once.
    await console.reload();
    await expect(
      console.getByRole('list', { name: 'Idées reçues' }).getByText('La course de brouettes'),
    ).toHaveCount(1);
    await expect(
      console.getByRole('list', { name: 'Idées reçues' }).getByText('Le bal du samedi soir'),
    ).toHaveCount(1);
    await odile.context.close();
    await staff.close();
  });
});
