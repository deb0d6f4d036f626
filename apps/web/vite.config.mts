import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { participantFiles, readViteManifest } from './build/participant-chunks.mjs';
import { precompress } from './build/precompress.mts';
import { prerenderJoin } from './build/prerender-join.mts';

const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../../dist/apps/web', import.meta.url));
const apiTarget = process.env['API_URL'] ?? 'http://localhost:3000';
const alias = {
  // The app's own sources: `@web/shared/...` instead of `../../../shared/...`.
  '@web': fileURLToPath(new URL('./src', import.meta.url)),
  '@permanente/contracts': fileURLToPath(
    new URL('../../libs/contracts/src/index.ts', import.meta.url),
  ),
  '@permanente/live-client': fileURLToPath(
    new URL('../../libs/live-client/src/index.ts', import.meta.url),
  ),
};

export default defineConfig({
  root,
  cacheDir: '../../node_modules/.vite/web',
  plugins: [
    react(),
    prerenderJoin({ alias }),
    VitePWA({
      // main.tsx registers the worker itself (workbox-window) and picks the moment to update.
      injectRegister: false,
      includeManifestIcons: false,
      registerType: 'prompt',
      manifest: {
        name: 'Permanente',
        short_name: 'Permanente',
        description: 'Participation citoyenne permanente, en présentiel et en ligne.',
        lang: 'fr',
        start_url: '/join',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1f4e79',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          {
            src: '/icons/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      workbox: {
        // Every page address is the app: answered from the precached index.html, offline too.
        // The API and the live socket are never answered from a cache.
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/api(\/|$)/, /^\/live(\/|$)/, /^\/join(\/[^/]*)?\/?$/],
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        globIgnores: ['**/*.map'],
        // Only the participant path is precached (a phone never downloads the staff screens);
        // the lazy chunks of the other screens are cached when they are first used.
        manifestTransforms: [
          async (entries) => {
            const participant = participantFiles(readViteManifest(outDir));
            const keep = new Set([...participant.js, ...participant.later, ...participant.css]);
            return {
              manifest: entries.filter(
                (entry) => !entry.url.startsWith('assets/') || keep.has(entry.url),
              ),
              warnings: [],
            };
          },
        ],
        runtimeCaching: [
          {
            // /join and /join/<code>: the prerendered join page from the precache, its code
            // filled in as the API does (web-app.ts), so the form shows before the script runs
            // on a warm visit too, and offline. Serialised into sw.js: self-contained.
            urlPattern: ({ request, url, sameOrigin }) =>
              sameOrigin &&
              request.mode === 'navigate' &&
              /^\/join(\/[^/]*)?\/?$/.test(url.pathname),
            handler: async ({ request, url }) => {
              const shell = await caches.match('/join.html', { ignoreSearch: true });
              if (!shell) return fetch(request);
              let raw = url.pathname.split('/')[2] ?? '';
              try {
                raw = decodeURIComponent(raw);
              } catch {
                // kept as written
              }
              // Look-alikes (O as 0...) are read by the page's script, which always runs here.
              const code = raw
                .replace(/[\s-]+/g, '')
                .toUpperCase()
                .replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
              const html = (await shell.text()).replace('value="X9X9X9"', `value="${code}"`);
              return new Response(html, {
                headers: { 'Content-Type': 'text/html; charset=utf-8' },
              });
            },
          },
          {
            urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/assets/'),
            handler: 'CacheFirst',
            options: {
              cacheName: 'permanente-assets',
              expiration: { maxEntries: 80, maxAgeSeconds: 60 * 60 * 24 * 30 },
            },
          },
        ],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
      },
    }),
    precompress(),
  ],
  resolve: { alias },
  server: {
    port: 4200,
    host: 'localhost',
    proxy: {
      '/api': apiTarget,
      '/live': { target: apiTarget, ws: true },
    },
  },
  build: {
    outDir,
    emptyOutDir: true,
    // Old phones: keep the output plain ES2019 and the chunks small.
    target: 'es2019',
    // No source maps in the built app: a production server must not hand them out, and
    // the phone must not download them. `WEB_SOURCEMAP=true` makes them for debugging.
    sourcemap: process.env['WEB_SOURCEMAP'] === 'true',
    // .vite/manifest.json: the participant chunks for the service worker and the size budget.
    manifest: true,
    reportCompressedSize: false,
  },
});
