import express from 'express';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import request from 'supertest';
import { dynamicCompression, IMMUTABLE, JOIN_CODE_PLACEHOLDER, webAppHandler } from './web-app';

const SCRIPT = 'console.log("participant");'.repeat(100);

/** A built web app in miniature: the layout `vite build` writes (apps/web/build). */
function webRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'permanente-web-app-'));
  mkdirSync(join(dir, 'assets'));
  mkdirSync(join(dir, '.vite'));
  writeFileSync(join(dir, 'index.html'), '<div id="root"></div>');
  writeFileSync(
    join(dir, 'join.html'),
    `<div id="root"><input name="code" value="${JOIN_CODE_PLACEHOLDER}"/></div>`,
  );
  writeFileSync(join(dir, 'assets/index-abc.js'), SCRIPT);
  writeFileSync(join(dir, 'assets/index-abc.js.br'), brotliCompressSync(SCRIPT));
  writeFileSync(join(dir, 'assets/index-abc.js.gz'), gzipSync(SCRIPT));
  writeFileSync(join(dir, 'assets/index-abc.js.map'), '{"version":3}');
  writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(join(dir, '.vite/manifest.json'), '{}');
  return dir;
}

function app(dir: string, production: boolean) {
  const server = express();
  server.use(dynamicCompression());
  server.get('/api/ping', (_request, response) => {
    response.json({ text: 'x'.repeat(2000) });
  });
  server.use(webAppHandler(dir, { production })!);
  server.use((_request, response) => {
    response.status(404).json({ error: 'not_found' });
  });
  return server;
}

describe('the web app on the wire', () => {
  let dir: string;
  beforeEach(() => (dir = webRoot()));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('sends the brotli file to a browser that accepts br, whatever the order of its header', async () => {
    const response = await request(app(dir, true))
      .get('/assets/index-abc.js')
      .set('accept-encoding', 'gzip, deflate, br')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['vary']).toContain('Accept-Encoding');
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe(IMMUTABLE);
    expect(Number(response.headers['content-length'])).toBe(brotliCompressSync(SCRIPT).length);
  });

  it('sends gzip to a gzip-only client, the plain file to the others', async () => {
    const gzip = await request(app(dir, true))
      .get('/assets/index-abc.js')
      .set('accept-encoding', 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.text).toBe(SCRIPT);
    const plain = await request(app(dir, true))
      .get('/assets/index-abc.js')
      .set('accept-encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe(SCRIPT);
  });

  it('revalidates what has no hash in its name', async () => {
    const worker = await request(app(dir, true)).get('/sw.js');
    expect(worker.headers['cache-control']).toBe('no-cache');
    const page = await request(app(dir, true)).get('/w/some-workshop');
    expect(page.status).toBe(200);
    expect(page.text).toBe('<div id="root"></div>');
    expect(page.headers['cache-control']).toBe('no-cache');
  });

  it('answers /join/<code> with the prerendered form holding the code, escaped', async () => {
    const server = app(dir, true);
    const withCode = await request(server).get('/join/k7p-2qx');
    expect(withCode.text).toContain('value="K7P2QX"');
    expect(withCode.headers['cache-control']).toBe('no-cache');
    expect((await request(server).get('/join')).text).toContain('value=""');
    const hostile = await request(server).get(
      `/join/${encodeURIComponent('"><script>x</script>')}`,
    );
    expect(hostile.text).not.toContain('<script>');
    // Normalised as a code is (upper case, I read as 1), then escaped.
    expect(hostile.text).toContain('value="&quot;&gt;&lt;SCR1PT&gt;X&lt;/SCR1PT&gt;"');
  });

  it('keeps source maps, precompressed copies and build data private', async () => {
    const production = app(dir, true);
    expect((await request(production).get('/assets/index-abc.js.map')).status).toBe(404);
    expect((await request(production).get('/assets/index-abc.js.br')).status).toBe(404);
    expect((await request(production).get('/.vite/manifest.json')).status).toBe(404);
    // Outside production a map a debug build wrote is served, for the developer's tools.
    expect((await request(app(dir, false)).get('/assets/index-abc.js.map')).status).toBe(200);
  });

  it('leaves the API to its routes, compressing their JSON, and /live to socket.io', async () => {
    const server = app(dir, true);
    const json = await request(server).get('/api/ping').set('accept-encoding', 'gzip');
    expect(json.headers['content-encoding']).toBe('gzip');
    expect(json.body.text).toHaveLength(2000);
    expect((await request(server).get('/api/unknown')).body).toEqual({ error: 'not_found' });
    expect((await request(server).get('/live/')).body).toEqual({ error: 'not_found' });
  });
});
