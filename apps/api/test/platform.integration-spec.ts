import type { HealthResponse } from '@permanente/contracts';
import { startTestApp, TestApp } from './support/test-app';

describe('platform basics (integration)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(() => t.close());

  it('GET /api/health reports the database it reaches, its version and the migrations', async () => {
    const response = await t.http().get('/api/health').expect(200);
    const body = response.body as HealthResponse;
    expect(body.status).toBe('ok');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(body.database.reachable).toBe(true);
    expect(body.database.kind).toBe(process.env['TEST_DATABASE_KIND']);
    expect(body.database.serverVersion).toMatch(/^PostgreSQL \d+/);
    expect(body.database.migrations).toBeGreaterThanOrEqual(1);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('answers an unknown API route with a JSON 404', async () => {
    const response = await t
      .http()
      .post('/api/no-such-thing')
      .expect(404)
      .expect('content-type', /json/);
    expect(response.body).toMatchObject({
      statusCode: 404,
      error: 'not_found',
      message: 'Cannot POST /api/no-such-thing',
    });
  });

  it('answers a malformed JSON body with a JSON 400 and no stack trace', async () => {
    const response = await t
      .http()
      .post('/api/health')
      .set('content-type', 'application/json')
      .send('{"broken": ')
      .expect(400)
      .expect('content-type', /json/);
    expect(response.body).toMatchObject({
      statusCode: 400,
      error: 'bad_request',
      message: 'The request body is not valid JSON',
    });
    expect(JSON.stringify(response.body)).not.toMatch(/SyntaxError|node_modules/);
  });

  it('sends security headers and a request id', async () => {
    const response = await t.http().get('/api/health').set('x-request-id', 'proxy-abc-123');
    expect(response.headers['x-request-id']).toBe('proxy-abc-123');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['x-powered-by']).toBeUndefined();
    // A malformed incoming id is replaced, never echoed.
    const replaced = await t.http().get('/api/health').set('x-request-id', 'bad id <script>');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI document generated from the code at /api/docs', async () => {
    const page = await t.http().get('/api/docs').redirects(1).expect(200);
    expect(page.text).toContain('swagger');
    const document = await t.http().get('/api/openapi.json').expect(200);
    expect(document.body.openapi).toMatch(/^3\./);
    expect(Object.keys(document.body.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/territories', '/api/territories/{id}']),
    );
    expect(document.body.paths['/api/territories/{id}'].get.responses).toHaveProperty('404');
  });
});
