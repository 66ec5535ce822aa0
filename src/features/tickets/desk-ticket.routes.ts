import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';
import { requireLevel } from '../../http/auth.middleware';
import { openApiRegistry } from '../../http/openapi';
import { jsonBody, jsonResponse, signedIn, stateErrorResponses } from '../../http/openapi-responses';
import { workOf } from '../../http/unit-of-work';
import { deskMessageBody, deskTicketBody } from './desk-ticket.schema';
import { openDeskTicket, sendDeskMessage } from './desk-ticket.service';
import { presentTicketOutbound, presentTicketSummary } from './ticket.presenter';
import { ticketOutboundSchema, ticketSummarySchema, trackingNoParam } from './ticket.schema';

const deskOnly = requireLevel('Administrator', 'Staf');

/** POST /tickets (a report taken by phone, in person or by letter) and POST /tickets/:trackingNo/messages. Desk only. */
export function deskTicketRouter(deps: ApiDeps): Router {
  const { db, clock, config } = deps;
  const r = Router();

  r.post('/tickets', deskOnly, async (req, res) => {
    const body = deskTicketBody.parse(req.body);
    const settings = { prefix: config.ticketPrefix, timezone: config.timezone, adminTarget: config.adminNotifyTarget };
    const ticket = await openDeskTicket(db, workOf(req, deps), body, settings);
    res.status(201).json(presentTicketSummary(ticket, { now: clock.now(), tz: config.timezone }));
  });

  r.post('/tickets/:trackingNo/messages', deskOnly, async (req, res) => {
    const { trackingNo } = trackingNoParam.parse(req.params);
    const { text } = deskMessageBody.parse(req.body);
    const message = await sendDeskMessage(workOf(req, deps), { trackingNo, text });
    res.status(201).json(presentTicketOutbound(message));
  });

  return r;
}

const tag = ['Tickets'];

openApiRegistry.registerPath({
  method: 'post',
  path: '/api/tickets',
  tags: tag,
  summary: 'Open a ticket for a report taken by phone, in person or by letter',
  description:
    'Administrators and Staf. The reporter is an employee of the directory (`employeeId`) or typed in (`name`, optional `phone`, `unit`). The ticket is opened as `#request` opens one, with its channel; a reporter with a phone gets the WhatsApp confirmation with the tracking number and every later notification, one without a phone is never written to. 400 names the field (an unknown employee id is `reporter.employeeId`).',
  security: signedIn,
  request: { body: jsonBody(deskTicketBody) },
  responses: { 201: jsonResponse('the new ticket', ticketSummarySchema), ...stateErrorResponses(400, 403) },
});

openApiRegistry.registerPath({
  method: 'post',
  path: '/api/tickets/{trackingNo}/messages',
  tags: tag,
  summary: 'Write to the reporter by WhatsApp (not a history entry)',
  description:
    'Administrators and Staf. Queued in the outbox as a `desk_message` with the writer; its delivery state shows in the ticket detail. 409 with `details.reason: NO_REPORTER_PHONE` when the ticket has no phone.',
  security: signedIn,
  request: { params: trackingNoParam, body: jsonBody(deskMessageBody) },
  responses: {
    201: jsonResponse('the queued message', ticketOutboundSchema),
    ...stateErrorResponses(400, 403, 404, 409),
  },
});
