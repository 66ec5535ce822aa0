import type { ZodType } from 'zod';
import { bearerAuth, errorBodySchema, sessionCookie } from './openapi';

const errorText: Record<number, string> = {
  400: 'VALIDATION_FAILED: the message names the field',
  401: 'UNAUTHORIZED: no token, or it is expired or revoked',
  403: 'FORBIDDEN: the signed-in level may not do this',
  404: 'NOT_FOUND',
  409: 'CONFLICT: details.field names the duplicate field',
  429: 'RATE_LIMITED: wait the Retry-After seconds',
};

/** The error answers a route may give, for `registerPath({ responses })`. */
export function errorResponses(...statuses: (keyof typeof errorText)[]) {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: errorText[s]!, content: { 'application/json': { schema: errorBodySchema } } }]),
  );
}

/** A 2xx answer with a JSON body. */
export const jsonResponse = (description: string, schema: ZodType) => ({ description, content: { 'application/json': { schema } } });

/** A JSON request body. */
export const jsonBody = (schema: ZodType) => ({ required: true, content: { 'application/json': { schema } } });

/** `security` of routes that need a bearer token. */
export const signedIn = [{ [bearerAuth.name]: [] }, { [sessionCookie.name]: [] }];

/**
 * The error answers of routes acting on a ticket's state, for `registerPath({ responses })`: 401 always;
 * a 409 here is a state conflict (it names the current status), not a duplicate field.
 */
export function stateErrorResponses(...statuses: (400 | 403 | 404 | 409)[]) {
  return {
    ...errorResponses(401, ...statuses.filter((s) => s !== 409)),
    ...(statuses.includes(409)
      ? {
          409: {
            description: 'CONFLICT: not possible in the current state; the message and details.status name it',
            content: { 'application/json': { schema: errorBodySchema } },
          },
        }
      : {}),
  };
}
