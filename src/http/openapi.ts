import { OpenAPIRegistry, OpenApiGeneratorV31, extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

/**
 * The one registry every /api route describes itself in, next to its zod schemas,
 * so the OpenAPI document can never drift from what the routes validate.
 */
export const openApiRegistry = new OpenAPIRegistry();

export const bearerAuth = openApiRegistry.registerComponent('securitySchemes', 'bearerAuth', {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
});

/**
 * The dashboard's session: the same token in an HttpOnly cookie set by login. Writes authenticated by it
 * also need `X-Requested-With: wa-ticketing` (403 SAME_ORIGIN_REQUIRED otherwise).
 */
export const sessionCookie = openApiRegistry.registerComponent('securitySchemes', 'sessionCookie', {
  type: 'apiKey',
  in: 'cookie',
  name: 'wa_ticketing_session',
  description: 'Set by POST /api/auth/login for the dashboard. A write authenticated by it must carry `X-Requested-With: wa-ticketing`.',
});

/** `{ error: { code, message } }`, the body of every non-2xx answer. */
export const errorBodySchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }) })
  .openapi('Error');

export function openApiDocument(): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  return new OpenApiGeneratorV31(openApiRegistry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'wa-ticketing admin API',
      version: '1.0.0',
      description: 'Tickets, people, assignments and statistics of the WhatsApp facilities service.',
    },
    servers: [{ url: '/' }],
  });
}
