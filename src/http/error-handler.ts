import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { AppError, httpStatusOf } from '../errors';
import type { Logger } from '../logger';

/**
 * The only place errors become HTTP statuses. Bodies are `{ error: { code, message } }`;
 * internals (stacks, SQL) are logged once here and never sent.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    const status = httpStatusOf[appError.code];
    const log = (req as { log?: Logger }).log ?? logger;
    if (status >= 500) log.error({ err, code: appError.code }, appError.message);
    else log.info({ code: appError.code, details: appError.details }, appError.message);
    if (appError.code === 'DATABASE_UNAVAILABLE') res.set('Retry-After', '60');
    const retryAfter = appError.details?.retryAfterSeconds;
    if (appError.code === 'RATE_LIMITED' && typeof retryAfter === 'number') res.set('Retry-After', String(retryAfter));
    const exposeDetails = status < 500 && appError.details;
    res.status(status).json({
      error: { code: appError.code, message: appError.message, ...(exposeDetails ? { details: appError.details } : {}) },
    });
  };
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    const field = issue?.path.join('.') || 'body';
    return new AppError('VALIDATION_FAILED', `${field}: ${issue?.message ?? 'invalid'}`, { field });
  }
  // body-parser marks its errors with `type` and a status.
  const e = err as { type?: string; status?: number };
  if (e?.type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE', 'request body too large');
  if (e?.type === 'entity.parse.failed') return new AppError('VALIDATION_FAILED', 'body: malformed JSON', { field: 'body' });
  if (e?.status && e.status >= 400 && e.status < 500)
    return new AppError('VALIDATION_FAILED', 'body: unreadable request body', { field: 'body' });
  return new AppError('INTERNAL', 'internal error');
}
