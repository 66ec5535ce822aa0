import { Router } from 'express';
import { notFound } from '../../errors';
import type { ApiDeps } from '../../http/api-deps';
import { authOf, requireLevel, type AuthContext } from '../../http/auth.middleware';
import { openApiRegistry } from '../../http/openapi';
import { jsonBody, jsonResponse, signedIn } from '../../http/openapi-responses';
import { offsetOf, toPage } from '../../http/pagination';
import { workOf } from '../../http/unit-of-work';
import { listAssignmentsOfTicket } from '../assignments/assignment.repository';
import { listInboundOfTicket } from '../inbound/inbound-query.repository';
import { listMediaOfTicket } from '../media/media.repository';
import { listOutboundOfTicket } from '../outbox/outbox-query.repository';
import { classifyTicket } from '../categories/ticket-classification.service';
import { loadCalendar } from '../sla/working-calendar';
import { deskTicketRouter } from './desk-ticket.routes';
import { addTicketNote, changeTicketStatus } from './ticket-admin.service';
import { ticketPlaceRouter } from './ticket-place.routes';
import type { TicketFilter } from './ticket-filter.repository';
import { listTicketPage } from './ticket-list.service';
import { findTicketSummary } from './ticket-query.repository';
import { listTicketEvents } from './ticket.repository';
import { findMergeFacts } from '../followers/follower.repository';
import { presentMergeFacts } from './ticket-follower.presenter';
import { presentAssignment, presentEvent, presentInbound, presentTicketOutbound, presentTicketSummary } from './ticket.presenter';
import {
  classificationBody,
  noteBody,
  statusBody,
  ticketDetailSchema,
  ticketEventSchema,
  ticketFilterFrom,
  ticketListQuery,
  ticketPageSchema,
  ticketSummarySchema,
  trackingNoParam,
  type TicketDetailJson,
} from './ticket.schema';
import { stateErrorResponses } from '../../http/openapi-responses';

/** Administrators and Staf run the desk; technicians (TBO) see only their own tickets. */
export const deskOnly = requireLevel('Administrator', 'Staf');
const anyStaff = requireLevel('Administrator', 'Staf', 'TBO');

/** A technician sees the tickets actively assigned to them; everyone else sees all. */
const scopeOf = (auth: AuthContext): Pick<TicketFilter, 'visibleTo'> => (auth.level === 'TBO' ? { visibleTo: auth.staffId } : {});

/**
 * GET /tickets, GET /tickets/:trackingNo, POST /tickets/:trackingNo/events, PATCH /tickets/:trackingNo,
 * PATCH /tickets/:trackingNo/classification.
 * Assignments live in assignment.routes.ts, the export in ticket-export.routes.ts, the desk's
 * new tickets and messages to the reporter in desk-ticket.routes.ts.
 */
export function ticketRouter(deps: ApiDeps): Router {
  const { db, clock, config } = deps;
  const r = Router();
  r.use(deskTicketRouter(deps));
  r.use(ticketPlaceRouter(deps));

  r.get('/tickets', anyStaff, async (req, res) => {
    const q = ticketListQuery.parse(req.query);
    const now = clock.now();
    const filter = { ...ticketFilterFrom(q, { tz: config.timezone, now }), ...scopeOf(authOf(req)) };
    const sort = { key: q.sort, order: q.order };
    const list = await listTicketPage(db.kysely, filter, sort, { limit: q.pageSize, offset: offsetOf(q) });
    const ctx = { now, tz: config.timezone };
    res.json({ ...toPage(list.items, list.total, q, (t) => presentTicketSummary(t, ctx)), totalIsLowerBound: list.isLowerBound });
  });

  r.get('/tickets/:trackingNo', anyStaff, async (req, res) => {
    const { trackingNo } = trackingNoParam.parse(req.params);
    // Outside a technician's scope the ticket is simply not found: its existence is not revealed.
    const ticket = await findTicketSummary(db.kysely, trackingNo, scopeOf(authOf(req)));
    if (!ticket) throw notFound(`ticket ${trackingNo}`);
    const [assignments, events, inbound, outbound, media, calendar, merges] = await Promise.all([
      listAssignmentsOfTicket(db.kysely, ticket.id),
      listTicketEvents(db.kysely, ticket.id),
      listInboundOfTicket(db.kysely, ticket.id),
      listOutboundOfTicket(db.kysely, ticket.id),
      listMediaOfTicket(db.kysely, ticket.id),
      loadCalendar(db.kysely, config),
      findMergeFacts(db.kysely, ticket.id),
    ]);
    // Only the ticket page says how much working time is left: the lists would need the calendar per page.
    const workingMs = (from: number, to: number) => calendar.between(from, to);
    const body: TicketDetailJson = {
      ticket: presentTicketSummary(ticket, { now: clock.now(), tz: config.timezone, workingMs }),
      assignments: assignments.map((a) => presentAssignment(a, ticket.trackingNo)),
      events: events.map(presentEvent),
      inboundMessages: inbound.map(presentInbound),
      outboundMessages: outbound.map(presentTicketOutbound),
      media: media.map((m) => ({ ...m, createdAt: new Date(m.createdAt).toISOString() })),
      ...presentMergeFacts(merges),
    };
    res.json(body);
  });

  r.post('/tickets/:trackingNo/events', anyStaff, async (req, res) => {
    const { trackingNo } = trackingNoParam.parse(req.params);
    const { note } = noteBody.parse(req.body);
    const event = await addTicketNote(workOf(req, deps), { trackingNo, note, visibleTo: scopeOf(authOf(req)).visibleTo });
    res.status(201).json(presentEvent(event));
  });

  r.patch('/tickets/:trackingNo', deskOnly, async (req, res) => {
    const { trackingNo } = trackingNoParam.parse(req.params);
    const { status, note } = statusBody.parse(req.body);
    const ticket = await changeTicketStatus(workOf(req, deps), { trackingNo, to: status, note });
    res.json(presentTicketSummary(ticket, { now: clock.now(), tz: config.timezone }));
  });

  r.patch('/tickets/:trackingNo/classification', deskOnly, async (req, res) => {
    const { trackingNo } = trackingNoParam.parse(req.params);
    const body = classificationBody.parse(req.body);
    const ticket = await classifyTicket(workOf(req, deps), { trackingNo, ...body });
    res.json(presentTicketSummary(ticket, { now: clock.now(), tz: config.timezone }));
  });

  return r;
}

const tag = ['Tickets'];

openApiRegistry.registerPath({
  method: 'patch',
  path: '/api/tickets/{trackingNo}/classification',
  tags: tag,
  summary: "Change a ticket's category and/or priority; its SLA dues are computed again",
  description:
    'Administrators and Staf. Audited as ticket.classify (before and after) and written into the history. An unknown or inactive category is 400. Nothing changing changes nothing.',
  security: signedIn,
  request: { params: trackingNoParam, body: jsonBody(classificationBody) },
  responses: { 200: jsonResponse('the ticket after the change', ticketSummarySchema), ...stateErrorResponses(400, 403, 404) },
});

openApiRegistry.registerPath({
  method: 'get',
  path: '/api/tickets',
  tags: tag,
  summary: 'List tickets',
  description:
    'Filtered, sorted and paginated. A technician (TBO) sees only tickets actively assigned to them. `total` is exact up to 10,000; beyond, it is 10000 with `totalIsLowerBound: true`; on MySQL a common word is counted among the 2,000 newest matching tickets, also with `totalIsLowerBound: true`. A tracking-number prefix lists by tracking number.',
  security: signedIn,
  request: { query: ticketListQuery },
  responses: { 200: jsonResponse('a page of tickets', ticketPageSchema), ...stateErrorResponses(400) },
});

openApiRegistry.registerPath({
  method: 'get',
  path: '/api/tickets/{trackingNo}',
  tags: tag,
  summary: 'One ticket with its assignments, history and messages',
  description: 'A technician gets 404 for a ticket not assigned to them.',
  security: signedIn,
  request: { params: trackingNoParam },
  responses: { 200: jsonResponse('the ticket', ticketDetailSchema), ...stateErrorResponses(400, 404) },
});

openApiRegistry.registerPath({
  method: 'post',
  path: '/api/tickets/{trackingNo}/events',
  tags: tag,
  summary: 'Add a progress note; the reporter gets it by WhatsApp',
  description: 'Administrators and Staf on any ticket; a technician (TBO) on tickets assigned to them.',
  security: signedIn,
  request: { params: trackingNoParam, body: jsonBody(noteBody) },
  responses: { 201: jsonResponse('the new history entry', ticketEventSchema), ...stateErrorResponses(400, 404) },
});

openApiRegistry.registerPath({
  method: 'patch',
  path: '/api/tickets/{trackingNo}',
  tags: tag,
  summary: 'Change the status; the reporter is told',
  description:
    'Allowed moves: baru→proses|pending|ditutup, proses→pending|selesai|ditutup, pending→proses|selesai|ditutup, selesai→proses|ditutup, ditutup→proses. Any other is 409 naming the current status.',
  security: signedIn,
  request: { params: trackingNoParam, body: jsonBody(statusBody) },
  responses: { 200: jsonResponse('the ticket after the change', ticketSummarySchema), ...stateErrorResponses(400, 403, 404, 409) },
});
