import { Router } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../../http/api-deps';
import { requireLevel } from '../../http/auth.middleware';
import { openApiRegistry } from '../../http/openapi';
import { jsonBody, jsonResponse, signedIn, stateErrorResponses } from '../../http/openapi-responses';
import { workOf } from '../../http/unit-of-work';
import { mergeTicket } from './ticket-merge.service';
import { presentTicketSummary } from './ticket.presenter';
import { ticketSummarySchema, trackingNoParam } from './ticket.schema';

const deskOnly = requireLevel('Administrator', 'Staf');

const mergeBody = z
  .strictObject({
    into: z
      .string()
      .trim()
      .min(1)
      .max(32)
      .transform((s) => s.toUpperCase())
      .openapi({ description: 'the tracking number of the ticket to merge into (the main ticket)', example: 'BRT2612003' }),
  })
  .openapi('TicketMerge');

/** Followers of a ticket and the desk's merge of two tickets (issue 15 part 3). */
export function ticketFollowerRouter(deps: ApiDeps): Router {
  const { clock, config } = deps;
  const r = Router();
  r.post('/tickets/:trackingNo/merge', deskOnly, async (req, res) => {
    const { trackingNo } = trackingNoParam.parse(req.params);
    const { into } = mergeBody.parse(req.body);
    const ticket = await mergeTicket(workOf(req, deps), { trackingNo, into });
    res.json(presentTicketSummary(ticket, { now: clock.now(), tz: config.timezone }));
  });
  return r;
}

openApiRegistry.registerPath({
  method: 'post',
  path: '/api/tickets/{trackingNo}/merge',
  tags: ['Tickets'],
  summary: 'Merge a ticket into another about the same fault',
  description:
    'Administrators and Staf. The ticket keeps its history and status but is merged: its reporter and followers follow the other ticket ' +
    '(they hear what its reporter hears and may confirm or reopen it), both tickets get a history entry, both reporters are told by ' +
    'WhatsApp, its reminders stop, and it closes when the other closes. Audited as ticket.merge. 409 with details.reason: MERGE_SELF, ' +
    'ALREADY_MERGED, MERGE_CLOSED (either is closed), MERGE_INTO_MERGED (the other was merged: use its main ticket), MERGE_CYCLE, ' +
    'MERGE_HAS_ASSIGNMENTS (withdraw its technicians first). An unknown number, either one, is 404.',
  security: signedIn,
  request: { params: trackingNoParam, body: jsonBody(mergeBody) },
  responses: { 200: jsonResponse('the merged ticket', ticketSummarySchema), ...stateErrorResponses(400, 403, 404, 409) },
});
