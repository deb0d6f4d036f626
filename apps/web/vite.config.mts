import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = process.env['API_URL'] ?? 'http://localhost:3000';

export default defineConfig({
  root,
  cacheDir: '../../node_modules/.vite/web',
  plugins: [react()],
  resolve: {
    alias: {
      '@permanente/contracts': fileURLToPath(
        new URL('../../libs/contracts/src/index.ts', import.meta.url),
      ),
    },
  },
  server: {
    port: 4200,
    host: 'localhost',
    proxy: {
      '/api': apiTarget,
      '/live': { target: apiTarget, ws: true },
    },
  },
  build: {
    outDir: '../../dist/apps/web',
    emptyOutDir: true,
    // Old phones: keep the output plain ES2019 and the chunks small.
    target: 'es2019',
    sourcemap: true,
    reportCompressedSize: false,
  },
});
