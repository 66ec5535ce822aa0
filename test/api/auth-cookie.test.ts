import { createStaffWithPassword, login } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';

const START = Date.UTC(2024, 8, 16, 11, 26, 28);
const COOKIE = 'wa_ticketing_session';
const PROOF = ['x-requested-with', 'wa-ticketing'] as const;

/** The Set-Cookie line for the session cookie, split into its attributes. */
function sessionCookie(res: { headers: Record<string, unknown> }) {
  const lines = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  const line = lines.find((l) => l.startsWith(`${COOKIE}=`));
  if (!line) return undefined;
  const [pair, ...attrs] = line.split(';').map((p) => p.trim());
  return {
    value: decodeURIComponent(pair!.slice(COOKIE.length + 1)),
    attrs: attrs.map((a) => a.toLowerCase()),
    expires: attrs.find((a) => /^expires=/i.test(a))?.slice(8),
    maxAge: attrs.find((a) => /^max-age=/i.test(a))?.slice(8),
  };
}

describeEachDialect('The dashboard session cookie', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(() => app.close());
  beforeEach(() => app.clock.set(START));

  async function signedInByCookie() {
    const s = await createStaffWithPassword(app, { level: 'Staf' });
    const res = await login(app, s.username, s.password);
    expect(res.status).toBe(200);
    const cookie = sessionCookie(res)!;
    return { s, res, cookie, header: `${COOKIE}=${encodeURIComponent(cookie.value)}` };
  }

  test('When a staff member signs in, then the answer sets an HttpOnly, SameSite=Strict, Path=/ cookie with the token that lasts as long as the token', async () => {
    const { res, cookie } = await signedInByCookie();

    expect(cookie.value).toBe(res.body.token);
    expect(cookie.attrs).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/']));
    // The test app is plain HTTP: a Secure cookie would never come back to it.
    expect(cookie.attrs).not.toContain('secure');
    expect(Number(cookie.maxAge)).toBe(app.config.jwt.ttlMinutes * 60);
  });

  test('When the request came over https through the trusted proxy, then the cookie is Secure', async () => {
    const s = await createStaffWithPassword(app);
    const res = await login(app, s.username, s.password).set('x-forwarded-proto', 'https');
    expect(sessionCookie(res)!.attrs).toContain('secure');
  });

  test('When only the cookie is sent, then reads work without anything else', async () => {
    const { s, header } = await signedInByCookie();
    const me = await app.http.get('/api/auth/me').set('cookie', header);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: s.id });
  });

  test('When a cookie-only write lacks the same-origin header or comes from another site, then it is refused with 403 SAME_ORIGIN_REQUIRED and nothing changes', async () => {
    const { header } = await signedInByCookie();
    const bare = await app.http.post('/api/auth/logout').set('cookie', header);
    const wrongValue = await app.http.post('/api/auth/logout').set('cookie', header).set('x-requested-with', 'XMLHttpRequest');
    const crossSite = await app.http
      .post('/api/auth/logout')
      .set('cookie', header)
      .set(...PROOF)
      .set('sec-fetch-site', 'same-site');

    for (const res of [bare, wrongValue, crossSite]) {
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'SAME_ORIGIN_REQUIRED' } });
    }
    expect((await app.http.get('/api/auth/me').set('cookie', header)).status).toBe(200);
  });

  test('When a cookie-only write carries the same-origin proof, then it goes through; logout clears the cookie and the token stops working', async () => {
    const { res, header } = await signedInByCookie();
    const out = await app.http
      .post('/api/auth/logout')
      .set('cookie', header)
      .set(...PROOF)
      .set('sec-fetch-site', 'same-origin');

    expect(out.status).toBe(204);
    const cleared = sessionCookie(out)!;
    expect(cleared.value).toBe('');
    expect(Date.parse(cleared.expires!)).toBeLessThanOrEqual(Date.now());
    expect((await app.http.get('/api/auth/me').set('cookie', header)).status).toBe(401);
    expect((await app.http.get('/api/auth/me').set('authorization', `Bearer ${res.body.token}`)).status).toBe(401);
  });

  test('When the password is changed from the dashboard, then a fresh cookie replaces the old one, which stops working', async () => {
    const { s, header } = await signedInByCookie();
    const res = await app.http
      .post('/api/auth/password')
      .set('cookie', header)
      .set(...PROOF)
      .send({ currentPassword: s.password, newPassword: 'a brand new passphrase' });

    expect(res.status).toBe(200);
    const fresh = sessionCookie(res)!;
    expect(fresh.value).toBe(res.body.token);
    expect((await app.http.get('/api/auth/me').set('cookie', header)).status).toBe(401);
    expect((await app.http.get('/api/auth/me').set('cookie', `${COOKIE}=${fresh.value}`)).status).toBe(200);
  });

  test('When a Bearer header is sent, then it alone counts: a write needs no same-origin header, and a bad Bearer is not rescued by a good cookie', async () => {
    const { res, header } = await signedInByCookie();
    const other = await signedInByCookie();

    const bearerWrite = await app.http.post('/api/auth/logout').set('authorization', `Bearer ${res.body.token}`);
    expect(bearerWrite.status).toBe(204);
    const badBearer = await app.http.get('/api/auth/me').set('authorization', 'Bearer nonsense').set('cookie', other.header);
    expect(badBearer.status).toBe(401);
    expect((await app.http.get('/api/auth/me').set('cookie', header)).status).toBe(401);
  });
});
