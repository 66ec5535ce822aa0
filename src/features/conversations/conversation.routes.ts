import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';
import { toIsoOrNull } from '../../http/fields.schema';
import { openApiRegistry } from '../../http/openapi';
import { jsonResponse, signedIn, stateErrorResponses } from '../../http/openapi-responses';
import { deskOnly } from '../tickets/ticket.routes';
import { waitingSummary } from './conversation.repository';
import { conversationSummarySchema, type ConversationSummaryJson } from './conversation.schema';

/** The desk's inbox: /api/conversations. Administrator and Staf; a technician (TBO) gets 403. */
export function conversationRouter(deps: ApiDeps): Router {
  const { db } = deps;
  const r = Router();

  r.get('/conversations/summary', deskOnly, async (_req, res) => {
    const s = await waitingSummary(db.kysely);
    const body: ConversationSummaryJson = { waiting: s.waiting, unread: s.unread, latestAt: toIsoOrNull(s.latestAt) };
    res.json(body);
  });

  return r;
}

const tag = ['Inbox'];

openApiRegistry.registerPath({
  method: 'get',
  path: '/api/conversations/summary',
  tags: tag,
  summary: 'How many chats wait for a person, their unread messages and the newest one',
  description: 'One indexed query; the dashboard polls it every few seconds.',
  security: signedIn,
  responses: { 200: jsonResponse('the waiting chats in numbers', conversationSummarySchema), ...stateErrorResponses(403) },
});
