import { Router } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../../http/api-deps';
import { bearerAuth, errorBodySchema, openApiRegistry } from '../../http/openapi';
import { findDeviceState } from './gateway-device.repository';
import { outboxHealth } from '../outbox/outbox-health.repository';

const gatewayHealthSchema = z
  .object({
    mode: z.enum(['live', 'dry_run']).openapi({ description: 'dry_run: no FONNTE_TOKEN, replies are logged, never sent' }),
    device: z.string().nullable().openapi({ description: 'FONNTE_DEVICE, or the device Fonnte reported last' }),
    connected: z.boolean().nullable().openapi({ description: 'null: Fonnte never reported the device state' }),
    reason: z.string().nullable(),
    reportedAt: z.string().nullable().openapi({ description: 'ISO time of Fonnte’s last device report' }),
    outbox: z.object({
      queued: z.number().int(),
      retry: z.number().int(),
      sending: z.number().int(),
      dead: z.number().int(),
      oldestDueAgeSeconds: z.number().int().nullable().openapi({ description: 'How long the longest-waiting due message has waited' }),
    }),
  })
  .openapi('GatewayHealth');

type GatewayHealth = z.infer<typeof gatewayHealthSchema>;

openApiRegistry.registerPath({
  method: 'get',
  path: '/api/health/gateway',
  summary: 'The WhatsApp device as Fonnte last reported it, and the outbox behind it',
  tags: ['health'],
  security: [{ [bearerAuth.name]: [] }],
  responses: {
    200: { description: 'Gateway state', content: { 'application/json': { schema: gatewayHealthSchema } } },
    401: { description: 'Not signed in', content: { 'application/json': { schema: errorBodySchema } } },
  },
});

/** `GET /api/health/gateway`, for any signed-in staff member. */
export function gatewayHealthRouter(deps: ApiDeps): Router {
  const router = Router();
  router.get('/health/gateway', async (_req, res) => {
    const ex = deps.db.kysely;
    const now = deps.clock.now();
    const state = await findDeviceState(ex, deps.config.fonnte.device);
    const body: GatewayHealth = {
      mode: deps.config.fonnte.dryRun ? 'dry_run' : 'live',
      device: state?.device ?? deps.config.fonnte.device ?? null,
      connected: state ? state.status === 'connect' : null,
      reason: state?.reason ?? null,
      reportedAt: state && state.reportedAt !== null ? new Date(state.reportedAt).toISOString() : null,
      outbox: await outboxHealth(ex, now),
    };
    res.json(body);
  });
  return router;
}
