import { Router } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../../http/api-deps';
import { openApiRegistry } from '../../http/openapi';
import { jsonResponse, signedIn } from '../../http/openapi-responses';
import { offsetOf, pageSchema, paginationQuery, toPage } from '../../http/pagination';
import { normalizePhone } from '../../shared/phone';
import { presentInbound } from '../tickets/ticket.presenter';
import { deskOnly } from '../tickets/ticket.routes';
import { trackingNoParam } from '../tickets/ticket.schema';
import { countInbound, listInbound, type InboundFilter } from './inbound-query.repository';
import { dateRangeShape, epochRange, listOf, optionalQueryText, refineDateRange } from '../../http/query.schema';
import { inboundMessageSchema } from './inbound.schema';
import { stateErrorResponses } from '../../http/openapi-responses';

const messageListQuery = z
  .object({
    sender: optionalQueryText(64).openapi({
      description: "the sender's phone, any format (a group member's own number for group messages)",
    }),
    status: listOf(z.enum(['pending', 'processed', 'ignored', 'failed'])).openapi({
      description: 'one or several, comma-separated or repeated',
    }),
    command: optionalQueryText(32)
      .transform((v) => v?.replace(/^#/, '').toLowerCase())
      .openapi({ description: 'the command that handled it, e.g. request' }),
    ticket: trackingNoParam.shape.trackingNo.optional().openapi({ description: 'tracking number the message was about' }),
    ...dateRangeShape,
    q: optionalQueryText(200).openapi({ description: 'substring of the message body' }),
    ...paginationQuery.shape,
  })
  .superRefine(refineDateRange);

/** GET /messages: the incoming WhatsApp log (the book's tb_in), newest first. Administrator and Staf. */
export function messageRouter(deps: ApiDeps): Router {
  const { db, config } = deps;
  const r = Router();

  r.get('/messages', deskOnly, async (req, res) => {
    const q = messageListQuery.parse(req.query);
    const range = epochRange(q, config.timezone);
    const filter: InboundFilter = {
      ...(q.sender ? { senderPhone: normalizePhone(q.sender) } : {}),
      ...(q.status ? { statuses: q.status } : {}),
      ...(q.command ? { command: q.command } : {}),
      ...(q.ticket ? { trackingNo: q.ticket } : {}),
      ...(range.from !== undefined ? { receivedFrom: range.from } : {}),
      ...(range.to !== undefined ? { receivedTo: range.to } : {}),
      ...(q.q ? { q: q.q } : {}),
    };
    const [items, total] = await Promise.all([
      listInbound(db.kysely, filter, { limit: q.pageSize, offset: offsetOf(q) }),
      countInbound(db.kysely, filter),
    ]);
    res.json(toPage(items, total, q, presentInbound));
  });

  return r;
}

openApiRegistry.registerPath({
  method: 'get',
  path: '/api/messages',
  tags: ['Messages'],
  summary: 'Incoming WhatsApp messages, newest first',
  security: signedIn,
  request: { query: messageListQuery },
  responses: { 200: jsonResponse('a page of messages', pageSchema(inboundMessageSchema)), ...stateErrorResponses(400, 403) },
});
