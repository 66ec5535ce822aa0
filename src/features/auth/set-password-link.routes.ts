import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';
import { toIso } from '../../http/fields.schema';
import { errorBodySchema, openApiRegistry } from '../../http/openapi';
import { errorResponses, jsonBody, jsonResponse } from '../../http/openapi-responses';
import { AppError } from '../../errors';
import { writeContextOf } from '../audit/audit-context';
import { LoginLimiter } from './login-limiter';
import { setPasswordBody, setPasswordLinkInfoSchema, setPasswordTokenParams } from './set-password-link.schema';
import { inspectSetPasswordLink, useSetPasswordLink } from './set-password-link.service';

const tags = ['auth'];
const gone = {
  409: {
    description: 'CONFLICT: the link cannot be used any more; details.reason is link_expired, link_used, link_replaced or staff_inactive',
    content: { 'application/json': { schema: errorBodySchema } },
  },
};
openApiRegistry.registerPath({
  method: 'get',
  path: '/api/auth/set-password/{token}',
  tags,
  summary: 'Whose set-password link this is (public: the token is the proof)',
  request: { params: setPasswordTokenParams },
  responses: { 200: jsonResponse('The link works', setPasswordLinkInfoSchema), ...errorResponses(400, 404, 429), ...gone },
});
openApiRegistry.registerPath({
  method: 'post',
  path: '/api/auth/set-password',
  tags,
  summary: 'Choose a password through a one-time link (public); the link is used up and earlier sessions end',
  description: 'Counted per IP like sign-ins. Afterwards the staff member signs in with their username and the new password.',
  request: { body: jsonBody(setPasswordBody) },
  responses: {
    200: jsonResponse('Password set', setPasswordLinkInfoSchema.pick({ username: true })),
    ...errorResponses(400, 404, 429),
    ...gone,
  },
});

/** The public set-password link endpoints, mounted before authentication. */
export function setPasswordLinkRouter(deps: ApiDeps): Router {
  const r = Router();
  const limiter = new LoginLimiter(undefined, deps.db);
  // Tokens are 256 random bits, so guessing is hopeless; the limit keeps a script from trying anyway.
  const limited = async (ip: string | undefined, fn: () => Promise<void>) => {
    const key = `#set-password@${ip ?? 'unknown'}`;
    const wait = await limiter.attempt(ip ?? 'unknown', key);
    if (wait) throw new AppError('RATE_LIMITED', `too many attempts; try again in ${wait} s`, { retryAfterSeconds: wait });
    try {
      await fn();
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') await limiter.failed(key);
      throw err;
    }
  };

  r.get('/auth/set-password/:token', async (req, res) => {
    const { token } = setPasswordTokenParams.parse(req.params);
    await limited(req.ip, async () => {
      const info = await inspectSetPasswordLink(deps.db, token, deps.clock.now());
      res.json({ name: info.name, username: info.username, expiresAt: toIso(info.expiresAt) });
    });
  });

  r.post('/auth/set-password', async (req, res) => {
    const body = setPasswordBody.parse(req.body);
    await limited(req.ip, async () => {
      res.json(await useSetPasswordLink(deps.db, body.token, body.password, writeContextOf(req, deps.clock)));
    });
  });

  return r;
}
