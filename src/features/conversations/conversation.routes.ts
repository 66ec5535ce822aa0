import { Router } from 'express';
import { notFound } from '../../errors';
import type { ApiDeps } from '../../http/api-deps';
import { toIsoOrNull } from '../../http/fields.schema';
import { openApiRegistry } from '../../http/openapi';
import { jsonBody, jsonResponse, signedIn, stateErrorResponses } from '../../http/openapi-responses';
import { offsetOf, pageSchema, toPage } from '../../http/pagination';
import { workOf } from '../../http/unit-of-work';
import { deskOnly } from '../tickets/ticket.routes';
import { findPersonByPhone, listChatTickets } from './conversation-card.repository';
import { listChatEntries } from './conversation-history.repository';
import { countConversations, findConversation, listConversations, waitingSummary } from './conversation.repository';
import { cursorOf, presentChatEntry, presentChatTicket, presentConversation } from './conversation.presenter';
import {
  chatIdParam,
  conversationDetailQuery,
  conversationDetailSchema,
  conversationListQuery,
  conversationSchema,
  conversationSummarySchema,
  outboundEntrySchema,
  replyBody,
  ticketFromMessageBody,
  ticketFromMessageSchema,
  type ConversationDetailJson,
  type ConversationSummaryJson,
} from './conversation.schema';
import { markHandled, markRead, replyToChat, ticketFromMessage } from './conversation.service';

/** A chat's card lists at most this many of its tickets, newest first. */
const TICKETS_SHOWN = 20;

/**
 * The desk's inbox: /api/conversations. Administrator and Staf; a technician (TBO) gets 403.
 * Reading a conversation (GET) changes nothing; the page marks it read with POST …/read.
 */
export function conversationRouter(deps: ApiDeps): Router {
  const { db } = deps;
  const r = Router();

  r.get('/conversations/summary', deskOnly, async (_req, res) => {
    const s = await waitingSummary(db.kysely);
    const body: ConversationSummaryJson = { waiting: s.waiting, unread: s.unread, latestAt: toIsoOrNull(s.latestAt) };
    res.json(body);
  });

  r.get('/conversations', deskOnly, async (req, res) => {
    const q = conversationListQuery.parse(req.query);
    const [items, total] = await Promise.all([
      listConversations(db.kysely, q.state, { limit: q.pageSize, offset: offsetOf(q) }),
      countConversations(db.kysely, q.state),
    ]);
    res.json(toPage(items, total, q, presentConversation));
  });

  r.get('/conversations/:chatId', deskOnly, async (req, res) => {
    const { chatId } = chatIdParam.parse(req.params);
    const q = conversationDetailQuery.parse(req.query);
    const conversation = await findConversation(db.kysely, chatId);
    if (!conversation) throw notFound(`conversation ${chatId}`);
    const [page, tickets, person] = await Promise.all([
      listChatEntries(db.kysely, chatId, q.before ?? null, q.limit),
      listChatTickets(db.kysely, chatId, conversation.phone, TICKETS_SHOWN),
      conversation.phone && !conversation.isGroup ? findPersonByPhone(db.kysely, conversation.phone) : null,
    ]);
    const oldest = page.entries[0];
    const body: ConversationDetailJson = {
      conversation: presentConversation(conversation),
      messages: page.entries.map(presentChatEntry),
      olderCursor: page.hasOlder && oldest ? cursorOf(oldest) : null,
      tickets: tickets.map(presentChatTicket),
      person,
    };
    res.json(body);
  });

  r.post('/conversations/:chatId/read', deskOnly, async (req, res) => {
    const { chatId } = chatIdParam.parse(req.params);
    res.json(presentConversation(await markRead(workOf(req, deps), chatId)));
  });

  r.post('/conversations/:chatId/replies', deskOnly, async (req, res) => {
    const { chatId } = chatIdParam.parse(req.params);
    const { text } = replyBody.parse(req.body);
    res.status(201).json(presentChatEntry(await replyToChat(workOf(req, deps), { chatId, text })));
  });

  r.post('/conversations/:chatId/tickets', deskOnly, async (req, res) => {
    const { chatId } = chatIdParam.parse(req.params);
    const body = ticketFromMessageBody.parse(req.body ?? {});
    const ticket = await ticketFromMessage(workOf(req, deps), deps, { chatId, ...body });
    res.status(201).json({ ...presentChatTicket(ticket), photos: ticket.photos });
  });

  r.post('/conversations/:chatId/handled', deskOnly, async (req, res) => {
    const { chatId } = chatIdParam.parse(req.params);
    res.json(presentConversation(await markHandled(workOf(req, deps), chatId)));
  });

  return r;
}

const tags = ['Inbox'];
const path = '/api/conversations/{chatId}';

openApiRegistry.registerPath({
  method: 'get',
  path: '/api/conversations/summary',
  tags,
  summary: 'How many chats wait for a person, their unread messages and the newest one',
  description: 'One indexed query; the dashboard polls it every few seconds.',
  security: signedIn,
  responses: { 200: jsonResponse('the waiting chats in numbers', conversationSummarySchema), ...stateErrorResponses(403) },
});

openApiRegistry.registerPath({
  method: 'get',
  path: '/api/conversations',
  tags,
  summary: 'Chats with messages nobody has acted on (or handled ones), newest message first',
  security: signedIn,
  request: { query: conversationListQuery },
  responses: { 200: jsonResponse('a page of conversations', pageSchema(conversationSchema)), ...stateErrorResponses(400, 403) },
});

openApiRegistry.registerPath({
  method: 'get',
  path,
  tags,
  summary: 'Everything said in and out with a chat, its tickets and the person from the directory',
  description: 'The newest 200 messages (or `limit`), oldest first; `olderCursor` pages back. Reading does not mark it read.',
  security: signedIn,
  request: { params: chatIdParam, query: conversationDetailQuery },
  responses: { 200: jsonResponse('the conversation', conversationDetailSchema), ...stateErrorResponses(400, 403, 404) },
});

openApiRegistry.registerPath({
  method: 'post',
  path: `${path}/read`,
  tags,
  summary: 'Mark every message of the chat read (unread = 0); it still waits until handled',
  security: signedIn,
  request: { params: chatIdParam },
  responses: { 200: jsonResponse('the conversation', conversationSchema), ...stateErrorResponses(403, 404) },
});

openApiRegistry.registerPath({
  method: 'post',
  path: `${path}/replies`,
  tags,
  summary: 'Write to the chat through the outbox (desk_message), audited as conversation.reply',
  description: 'Marks the chat read, not handled.',
  security: signedIn,
  request: { params: chatIdParam, body: jsonBody(replyBody) },
  responses: { 201: jsonResponse('the queued message', outboundEntrySchema), ...stateErrorResponses(400, 403, 404) },
});

openApiRegistry.registerPath({
  method: 'post',
  path: `${path}/tickets`,
  tags,
  summary: 'Buat tiket dari pesan ini: a ticket reported by the chat, audited as conversation.ticket',
  description:
    'The reporter is the directory employee with that phone, else the WhatsApp name; the complaint is the message text unless given; the message photo is attached; the reporter gets the #request confirmation; the chat is marked handled. 409 (details.reason GROUP_CHAT) for a group.',
  security: signedIn,
  request: { params: chatIdParam, body: jsonBody(ticketFromMessageBody) },
  responses: {
    201: jsonResponse('the new ticket', ticketFromMessageSchema),
    ...stateErrorResponses(400, 403, 404, 409),
  },
});

openApiRegistry.registerPath({
  method: 'post',
  path: `${path}/handled`,
  tags,
  summary: 'Nothing waits any more (until the next message), audited as conversation.handled',
  security: signedIn,
  request: { params: chatIdParam },
  responses: { 200: jsonResponse('the conversation', conversationSchema), ...stateErrorResponses(403, 404) },
});
