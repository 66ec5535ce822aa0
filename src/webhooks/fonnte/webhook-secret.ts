import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { AppError } from '../../errors';

/**
 * Fonnte signs nothing, so its webhook URL carries a shared secret (`?secret=`).
 * Both sides are hashed first: timingSafeEqual needs equal lengths, and the
 * comparison then leaks neither the secret nor its length.
 */
export function requireWebhookSecret(secret: string): RequestHandler {
  const expected = createHash('sha256').update(secret).digest();
  return (req, _res, next) => {
    const given = req.query.secret ?? req.get('x-webhook-secret');
    const digest = createHash('sha256')
      .update(typeof given === 'string' ? given : '')
      .digest();
    if (typeof given === 'string' && timingSafeEqual(digest, expected)) return next();
    next(new AppError('UNAUTHORIZED', 'missing or wrong webhook secret'));
  };
}
