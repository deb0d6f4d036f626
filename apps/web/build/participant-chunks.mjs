// The participant path's files, read from Vite's build manifest (`build.manifest: true`,
// `.vite/manifest.json`). Used by the service worker's precache list (vite.config.mts), the
// size budget (check-budget.mjs) and bench:phone. Plain JavaScript so that Node runs it as is.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @typedef {{ file: string, src?: string, isEntry?: boolean, imports?: string[],
 *   dynamicImports?: string[], css?: string[] }} ManifestChunk
 * @typedef {Record<string, ManifestChunk>} ViteManifest
 */

/** @param {string} outDir @returns {ViteManifest} */
export function readViteManifest(outDir) {
  return JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8'));
}

/**
 * The files a phone needs for the participant path (join, workshop, my data): the entry chunk
 * and everything it imports statically, with their CSS. The staff and public screens are
 * dynamic imports (React.lazy) and are not in it. `later`: the entry's other dynamic imports
 * (the English catalogue, workbox-window, the participant's "my data" page), fetched after
 * the first drawing: precached, but
 * not part of the first download the budget counts.
 * @param {ViteManifest} manifest
 * @returns {{ js: string[], css: string[], later: string[] }}
 */
export function participantFiles(manifest) {
  const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry);
  if (!entry) throw new Error('The Vite manifest has no entry chunk');
  const js = new Set();
  const css = new Set();
  /** @param {string} key */
  const visit = (key) => {
    const chunk = manifest[key];
    if (!chunk || js.has(chunk.file)) return;
    js.add(chunk.file);
    for (const file of chunk.css ?? []) css.add(file);
    for (const next of chunk.imports ?? []) visit(next);
  };
  visit(entry[0]);
  const first = [...js];
  for (const key of entry[1].dynamicImports ?? [])
    if (
      key.includes('/modules/participant/') ||
      (!key.includes('/components/') && !key.endsWith('Page.tsx'))
    )
      visit(key);
  return { js: first, css: [...css], later: [...js].filter((file) => !first.includes(file)) };
}
