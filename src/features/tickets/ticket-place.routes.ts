import { Router } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../../http/api-deps';
import { requireLevel } from '../../http/auth.middleware';
import { openApiRegistry } from '../../http/openapi';
import { jsonBody, jsonResponse, signedIn, stateErrorResponses } from '../../http/openapi-responses';
import { workOf } from '../../http/unit-of-work';
import { setPlaceOfTicket } from '../places/ticket-place.service';
import { presentTicketSummary } from './ticket.presenter';
import { ticketSummarySchema, trackingNoParam } from './ticket.schema';

const deskOnly = requireLevel('Administrator', 'Staf');

const ticketPlaceBody = z
  .strictObject({
    placeId: z.number().int().positive().nullable().openapi({ description: 'an active place id; null: the place is unknown' }),
  })
  .openapi('TicketPlace');

/** PATCH /tickets/:trackingNo/place: the desk sets or corrects where the fault is. */
export function ticketPlaceRouter(deps: ApiDeps): Router {
  const { clock, config } = deps;
  const r = Router();
  r.patch('/tickets/:trackingNo/place', deskOnly, async (req, res) => {
    const { trackingNo } = trackingNoParam.parse(req.params);
    const { placeId } = ticketPlaceBody.parse(req.body);
    const ticket = await setPlaceOfTicket(workOf(req, deps), { trackingNo, placeId });
    res.json(presentTicketSummary(ticket, { now: clock.now(), tz: config.timezone }));
  });
  return r;
}

openApiRegistry.registerPath({
  method: 'patch',
  path: '/api/tickets/{trackingNo}/place',
  tags: ['Tickets'],
  summary: "Set or correct a ticket's place",
  description:
    'Administrators and Staf. Audited as ticket.place (before and after) and written into the history. An unknown or inactive place is 400. Nothing changing changes nothing.',
  security: signedIn,
  request: { params: trackingNoParam, body: jsonBody(ticketPlaceBody) },
  responses: { 200: jsonResponse('the ticket after the change', ticketSummarySchema), ...stateErrorResponses(400, 403, 404) },
});
