import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';

/** Every route of this part of the API, as the document must describe it. */
const documented: [method: string, path: string, secured: boolean][] = [
  ['post', '/api/auth/login', false],
  ['get', '/api/auth/me', true],
  ['post', '/api/auth/logout', true],
  ['post', '/api/auth/password', true],
  ['get', '/api/employees', true],
  ['post', '/api/employees', true],
  ['get', '/api/employees/{id}', true],
  ['patch', '/api/employees/{id}', true],
  ['delete', '/api/employees/{id}', true],
  ['get', '/api/staff', true],
  ['post', '/api/staff', true],
  ['get', '/api/staff/{id}', true],
  ['patch', '/api/staff/{id}', true],
  ['delete', '/api/staff/{id}', true],
  ['get', '/api/audit', true],
];

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

describeEachDialect('/api/openapi.json, /api/docs, security headers and CORS', (dialect) => {
  let app: TestApp;
  let withCors: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
    withCors = await startTestApp(dialect, { CORS_ORIGINS: 'https://admin.kampus.example, https://ops.kampus.example' });
  });
  afterAll(async () => {
    await app.close();
    await withCors.close();
  });

  test('When the document is fetched without a token, then it is OpenAPI 3.1 and describes every route with its security', async () => {
    const res = await app.http.get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    for (const [method, path, secured] of documented) {
      const op = res.body.paths[path]?.[method];
      expect({ method, path, described: !!op }).toEqual({ method, path, described: true });
      expect({ method, path, security: op.security ?? null }).toEqual({
        method,
        path,
        security: secured ? [{ bearerAuth: [] }, { sessionCookie: [] }] : null,
      });
      if (secured)
        expect(Object.keys(op.responses)).toEqual(
          expect.arrayContaining(['401', '403'].filter((s) => !path.startsWith('/api/auth') || s === '401')),
        );
    }
  });

  test('When the request schemas are read, then they are the ones the routes validate with (lengths, enums, required fields)', async () => {
    const { body } = await app.http.get('/api/openapi.json');
    const schemas = body.components.schemas;
    expect(schemas.StaffCreate.properties.password).toMatchObject({ type: 'string', minLength: 10 });
    expect(schemas.StaffCreate.properties.level.enum).toEqual(['Administrator', 'Staf', 'TBO']);
    expect(schemas.StaffCreate.required).toEqual(expect.arrayContaining(['name', 'level', 'username', 'password']));
    expect(schemas.StaffCreate.additionalProperties).toBe(false);
    expect(schemas.EmployeeCreate.required).toEqual(['name', 'phone']);
    expect(schemas.Staff.properties).not.toHaveProperty('passwordHash');
    expect(schemas.Staff.properties).not.toHaveProperty('password');
    const list = body.paths['/api/employees'].get.parameters;
    expect(list).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'pageSize', in: 'query', schema: expect.objectContaining({ maximum: 100, default: 20 }) }),
      ]),
    );
  });

  test('When /api/docs is opened, then it is served from this origin with no inline script, and the initializer points at the document', async () => {
    const page = await app.http.get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, content] of scripts) {
      expect(attrs).toMatch(/src="\/api\/docs\/[\w.-]+\.js"/);
      expect(content!.trim()).toBe('');
    }
    expect(page.text).not.toMatch(/https?:\/\//);

    const init = await app.http.get('/api/docs/init.js');
    expect(init.headers['content-type']).toMatch(/javascript/);
    expect(init.text).toContain("url: '/api/openapi.json'");
    for (const asset of ['swagger-ui-bundle.js', 'swagger-ui.css']) expect((await app.http.get(`/api/docs/${asset}`)).status).toBe(200);
    expect((await app.http.get('/api/docs/swagger-initializer.js')).status).not.toBe(200);
  });

  if (CHROMIUM) {
    test('When a real browser opens /api/docs under the CSP, then Swagger UI renders the API', async () => {
      const profile = mkdtempSync(join(tmpdir(), 'wa-docs-'));
      try {
        const { stdout } = await promisify(execFile)(
          CHROMIUM,
          [
            '--headless=new',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-dev-shm-usage',
            `--user-data-dir=${profile}`,
            '--virtual-time-budget=15000',
            '--dump-dom',
            `${app.baseUrl}/api/docs`,
          ],
          { timeout: 60_000, maxBuffer: 20 * 1024 * 1024 },
        );
        expect(stdout).toContain('wa-ticketing admin API');
        expect(stdout).toContain('/api/employees/{id}');
        expect(stdout).toContain('/api/auth/login');
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    }, 90_000);
  }

  test('When any API answer is sent, then helmet’s headers are on it', async () => {
    const res = await app.http.get('/api/auth/me');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers).not.toHaveProperty('x-powered-by');
  });

  test('When CORS_ORIGINS is empty, then no origin gets Access-Control-Allow-Origin, not even on a preflight', async () => {
    const res = await app.http.get('/api/openapi.json').set('origin', 'https://admin.kampus.example');
    expect(res.headers).not.toHaveProperty('access-control-allow-origin');
    const pre = await app.http
      .options('/api/employees')
      .set('origin', 'https://admin.kampus.example')
      .set('access-control-request-method', 'POST');
    expect(pre.headers).not.toHaveProperty('access-control-allow-origin');
  });

  test('When CORS_ORIGINS lists origins, then a listed origin is allowed and any other gets no Access-Control-Allow-Origin', async () => {
    const listed = await withCors.http.get('/api/openapi.json').set('origin', 'https://ops.kampus.example');
    expect(listed.headers['access-control-allow-origin']).toBe('https://ops.kampus.example');
    const pre = await withCors.http
      .options('/api/employees')
      .set('origin', 'https://admin.kampus.example')
      .set('access-control-request-method', 'POST')
      .set('access-control-request-headers', 'authorization,content-type');
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('https://admin.kampus.example');

    const other = await withCors.http.get('/api/openapi.json').set('origin', 'https://evil.example');
    expect(other.headers).not.toHaveProperty('access-control-allow-origin');
    const otherPre = await withCors.http
      .options('/api/employees')
      .set('origin', 'https://evil.example')
      .set('access-control-request-method', 'POST');
    expect(otherPre.headers).not.toHaveProperty('access-control-allow-origin');
  });
});
