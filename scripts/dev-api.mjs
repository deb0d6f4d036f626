// `npm run dev` (API half): recompiles on change with tsc --watch and restarts the server
// with node --watch. The web half is Vite's dev server on :4200, proxying /api here.
import { spawn } from 'node:child_process';

const main = 'dist/apps/api/apps/api/src/main.js';
const tsc = spawn(
  'npx',
  ['tsc', '-p', 'apps/api/tsconfig.app.json', '--watch', '--preserveWatchOutput'],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
let server = null;
tsc.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (!server && /Found 0 errors/.test(String(chunk))) {
    server = spawn(process.execPath, ['--watch', main], {
      stdio: 'inherit',
      env: { ...process.env, WEB_ROOT: 'none' },
    });
  }
});
const stop = () => {
  server?.kill('SIGTERM');
  tsc.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
