import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';
import { authenticate, authOf } from '../../http/auth.middleware';
import { toIso } from '../../http/fields.schema';
import { openApiRegistry } from '../../http/openapi';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../../http/openapi-responses';
import { AppError } from '../../errors';
import { writeContextOf } from '../audit/audit-context';
import { presentStaff } from '../staff/staff.presenter';
import { staffSchema } from '../staff/staff.schema';
import { loginBody, passwordChangeBody, sessionSchema } from './auth.schema';
import { changeOwnPassword, checkCredentials, closeSessions, currentStaff, openSession, type Session } from './auth.service';
import { LoginLimiter, type LoginLimits } from './login-limiter';
import { dummyHash } from './password';
import { clearSessionCookie, setSessionCookie } from './session-cookie';

const tags = ['auth'];
openApiRegistry.registerPath({
  method: 'post',
  path: '/api/auth/login',
  tags,
  summary: 'Sign in with username and password',
  description:
    'Limited per IP and per username, counted in the database across all instances. Unknown users and wrong passwords get the same 401. ' +
    'Also sets the dashboard’s session cookie (HttpOnly, SameSite=Strict, Path=/); a write authenticated by that cookie alone must send `X-Requested-With: wa-ticketing`.',
  request: { body: jsonBody(loginBody) },
  responses: { 200: jsonResponse('Signed in', sessionSchema), ...errorResponses(400, 401, 429) },
});
openApiRegistry.registerPath({
  method: 'get',
  path: '/api/auth/me',
  tags,
  summary: 'The signed-in staff member',
  security: signedIn,
  responses: { 200: jsonResponse('The staff member', staffSchema), ...errorResponses(401) },
});
openApiRegistry.registerPath({
  method: 'post',
  path: '/api/auth/logout',
  tags,
  summary: 'Sign out everywhere: every token of this staff member stops working, and the session cookie is cleared',
  security: signedIn,
  responses: { 204: { description: 'Signed out' }, ...errorResponses(401) },
});
openApiRegistry.registerPath({
  method: 'post',
  path: '/api/auth/password',
  tags,
  summary: 'Change one’s own password; every earlier token stops working, a new one is returned',
  security: signedIn,
  request: { body: jsonBody(passwordChangeBody) },
  responses: { 200: jsonResponse('Password changed; a fresh session', sessionSchema), ...errorResponses(400, 401, 429) },
});

/**
 * /api/auth: login is public, the rest authenticate themselves because this router is
 * mounted before the API-wide `authenticate`.
 */
export function authRouter(deps: ApiDeps, limits?: LoginLimits): Router {
  const r = Router();
  const limiter = new LoginLimiter(limits, deps.db);
  const signedInOnly = authenticate(deps.db, deps.tokens);
  // Made now so the first unknown-user login is not slower than the rest.
  void dummyHash();

  r.post('/auth/login', async (req, res) => {
    const body = loginBody.parse(req.body);
    const wait = await limiter.attempt(req.ip ?? 'unknown', body.username);
    if (wait) throw tooManyAttempts(wait);
    const checked = await checkCredentials(deps.db, body.username, body.password);
    if (!checked.ok) {
      await limiter.failed(body.username);
      req.log.info({ staffId: checked.staffId, ip: req.ip }, 'login failed');
      throw new AppError('UNAUTHORIZED', 'invalid username or password');
    }
    await limiter.succeeded(body.username);
    const session = await openSession(deps.db, deps.tokens, checked.creds, body.password, writeContextOf(req, deps.clock));
    setSessionCookie(req, res, session.token, session.expiresAt, deps.clock.now());
    res.json(presentSession(session));
  });

  r.get('/auth/me', signedInOnly, async (req, res) => {
    res.json(presentStaff(await currentStaff(deps.db, authOf(req).staffId)));
  });

  r.post('/auth/logout', signedInOnly, async (req, res) => {
    await closeSessions(deps.db, authOf(req).staffId, writeContextOf(req, deps.clock));
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  r.post('/auth/password', signedInOnly, async (req, res) => {
    const body = passwordChangeBody.parse(req.body);
    const me = authOf(req);
    // A stolen token must not become a way around the login limits.
    const wait = await limiter.attempt(req.ip ?? 'unknown', me.username);
    if (wait) throw tooManyAttempts(wait);
    const session = await changeOwnPassword(deps.db, deps.tokens, me.staffId, body, writeContextOf(req, deps.clock));
    if (!session) {
      await limiter.failed(me.username);
      throw new AppError('VALIDATION_FAILED', 'currentPassword: does not match', { field: 'currentPassword' });
    }
    await limiter.succeeded(me.username);
    setSessionCookie(req, res, session.token, session.expiresAt, deps.clock.now());
    res.json(presentSession(session));
  });

  return r;
}

function presentSession(s: Session) {
  return { token: s.token, tokenType: 'Bearer' as const, expiresAt: toIso(s.expiresAt), staff: presentStaff(s.staff) };
}

const tooManyAttempts = (seconds: number) =>
  new AppError('RATE_LIMITED', `too many attempts; try again in ${seconds} s`, { retryAfterSeconds: seconds });
