import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { createServer, type Plugin, type UserConfig } from 'vite';

/**
 * The code the join page is prerendered with; the API puts the code of the address in its
 * place (or nothing on /join). Letters that no join code look-alike rule changes.
 */
export const JOIN_CODE_PLACEHOLDER = 'X9X9X9';
export const JOIN_SHELL_FILE = 'join.html';

/**
 * Prerenders the join page into `join.html` at build: the built index.html with the React
 * markup of /join/<placeholder> inside #root. The API sends it for /join and /join/<code>, so
 * the form shows (and can be typed in) before any JavaScript has arrived; main.tsx then
 * hydrates it instead of drawing it again.
 */
export function prerenderJoin(options: {
  alias: NonNullable<UserConfig['resolve']>['alias'];
}): Plugin {
  let outDir = '';
  let root = '';
  return {
    name: 'permanente:prerender-join',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
      root = config.root;
    },
    closeBundle: {
      sequential: true,
      async handler() {
        const server = await createServer({
          configFile: false,
          root,
          cacheDir: join(root, '../../node_modules/.vite/web-prerender'),
          logLevel: 'error',
          plugins: [react()],
          resolve: { alias: options.alias },
          server: { middlewareMode: true, hmr: false, ws: false },
          appType: 'custom',
          optimizeDeps: { noDiscovery: true, include: [] },
        });
        try {
          const { renderParticipantPage } = (await server.ssrLoadModule('/src/prerender.tsx')) as {
            renderParticipantPage(path: string): string;
          };
          const markup = renderParticipantPage(`/join/${JOIN_CODE_PLACEHOLDER}`);
          if (!markup.includes(`value="${JOIN_CODE_PLACEHOLDER}"`))
            throw new Error('The prerendered join page has no code field to fill');
          const index = readFileSync(join(outDir, 'index.html'), 'utf8');
          const shell = index.replace('<div id="root"></div>', `<div id="root">${markup}</div>`);
          if (shell === index) throw new Error('index.html has no empty <div id="root"></div>');
          writeFileSync(join(outDir, JOIN_SHELL_FILE), shell);
        } finally {
          await server.close();
        }
      },
    },
  };
}
