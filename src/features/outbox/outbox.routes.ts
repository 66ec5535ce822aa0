import { Router } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../../http/api-deps';
import { openApiRegistry } from '../../http/openapi';
import { jsonResponse, signedIn } from '../../http/openapi-responses';
import { offsetOf, pageSchema, paginationQuery, toPage } from '../../http/pagination';
import { workOf } from '../../http/unit-of-work';
import { normalizePhone } from '../../shared/phone';
import { presentOutbound } from '../tickets/ticket.presenter';
import { deskOnly } from '../tickets/ticket.routes';
import { trackingNoParam } from '../tickets/ticket.schema';
import { countOutbound, listOutbound, type OutboundFilter } from './outbox-query.repository';
import { retryDeadMessage } from './outbox.service';
import { listOf, optionalQueryText } from '../../http/query.schema';
import { outboundMessageSchema, outboundStatuses } from './outbox.schema';
import { stateErrorResponses } from '../../http/openapi-responses';

const outboxListQuery = z.object({
  status: listOf(z.enum(outboundStatuses)).openapi({ description: 'one or several, comma-separated or repeated' }),
  kind: listOf(z.string().trim().min(1).max(24)).openapi({ description: 'reply, usage_hint, notification; one or several' }),
  target: optionalQueryText(64).openapi({ description: 'a phone in any format, or a group id' }),
  ticket: trackingNoParam.shape.trackingNo.optional().openapi({ description: 'tracking number the message is about' }),
  ...paginationQuery.shape,
});

const outboxIdParam = z.object({ id: z.coerce.number().int().positive() });

/** GET /outbox (delivery states) and POST /outbox/:id/retry (a dead message, again). Administrator and Staf. */
export function outboxRouter(deps: ApiDeps): Router {
  const { db } = deps;
  const r = Router();

  r.get('/outbox', deskOnly, async (req, res) => {
    const q = outboxListQuery.parse(req.query);
    const filter: OutboundFilter = {
      ...(q.status ? { statuses: q.status } : {}),
      ...(q.kind ? { kinds: q.kind } : {}),
      ...(q.target ? { target: normalizePhone(q.target) || q.target } : {}),
      ...(q.ticket ? { trackingNo: q.ticket } : {}),
    };
    const [items, total] = await Promise.all([
      listOutbound(db.kysely, filter, { limit: q.pageSize, offset: offsetOf(q) }),
      countOutbound(db.kysely, filter),
    ]);
    res.json(toPage(items, total, q, presentOutbound));
  });

  r.post('/outbox/:id/retry', deskOnly, async (req, res) => {
    const { id } = outboxIdParam.parse(req.params);
    const message = await retryDeadMessage(workOf(req, deps), id);
    res.json(presentOutbound(message));
  });

  return r;
}

openApiRegistry.registerPath({
  method: 'get',
  path: '/api/outbox',
  tags: ['Messages'],
  summary: 'Outgoing WhatsApp messages and their delivery state, newest first',
  security: signedIn,
  request: { query: outboxListQuery },
  responses: { 200: jsonResponse('a page of messages', pageSchema(outboundMessageSchema)), ...stateErrorResponses(400, 403) },
});

openApiRegistry.registerPath({
  method: 'post',
  path: '/api/outbox/{id}/retry',
  tags: ['Messages'],
  summary: 'Queue a dead message again with a fresh attempt budget',
  description: '409 when the message is not dead.',
  security: signedIn,
  request: { params: outboxIdParam },
  responses: { 200: jsonResponse('the message, queued', outboundMessageSchema), ...stateErrorResponses(400, 403, 404, 409) },
});
