import { Router } from 'express';
import { inTransaction } from '../../db/transaction';
import { notFound } from '../../errors';
import type { ApiDeps } from '../../http/api-deps';
import { authOf } from '../../http/auth.middleware';
import { openApiRegistry } from '../../http/openapi';
import { jsonBody, jsonResponse, signedIn } from '../../http/openapi-responses';
import { auditEntry, writeContextOf } from '../audit/audit-context';
import { recordAudit } from '../audit/audit.repository';
import { findTicketByTrackingNo } from '../tickets/ticket.repository';
import { presentAssignment } from '../tickets/ticket.presenter';
import { actorOf, deskOnly } from '../tickets/ticket.routes';
import { assignBody, assignmentParams, assignmentSchema, ticketErrors, trackingNoParam } from '../tickets/ticket.schema';
import type { Assignment } from './assignment.repository';
import { assignTechnician, withdrawAssignment } from './assignment.service';

const audited = (a: Assignment) => ({ id: a.id, staffId: a.staffId, staffName: a.staffName, note: a.note, status: a.status });

/** POST /tickets/:trackingNo/assignments and DELETE /tickets/:trackingNo/assignments/:id (Administrator, Staf). */
export function assignmentRouter(deps: ApiDeps): Router {
  const { db, clock } = deps;
  const r = Router();

  r.post('/tickets/:trackingNo/assignments', deskOnly, async (req, res) => {
    const auth = authOf(req);
    const { trackingNo } = trackingNoParam.parse(req.params);
    const { staffId, note } = assignBody.parse(req.body);
    const ctx = writeContextOf(req, clock);
    const { assignment, messages } = await inTransaction(db, async (trx) => {
      const ticket = await findTicketByTrackingNo(trx, trackingNo);
      if (!ticket) throw notFound(`ticket ${trackingNo}`);
      const done = await assignTechnician(trx, { ticket, staffId, note, by: actorOf(auth), now: ctx.now });
      const after = (await findTicketByTrackingNo(trx, trackingNo))!;
      await recordAudit(
        trx,
        auditEntry(ctx, {
          action: 'ticket.assign',
          entity: 'ticket',
          entityId: trackingNo,
          before: { status: ticket.status },
          after: { status: after.status, assignment: audited(done.assignment), notified: done.messages },
        }),
      );
      return done;
    });
    // The technician's and the reporter's messages are committed: wake the sender.
    if (messages > 0) deps.notifyOutbox();
    res.status(201).json(presentAssignment(assignment, trackingNo));
  });

  r.delete('/tickets/:trackingNo/assignments/:id', deskOnly, async (req, res) => {
    const auth = authOf(req);
    const { trackingNo, id } = assignmentParams.parse(req.params);
    const ctx = writeContextOf(req, clock);
    const { assignment, messages } = await inTransaction(db, async (trx) => {
      const ticket = await findTicketByTrackingNo(trx, trackingNo);
      if (!ticket) throw notFound(`ticket ${trackingNo}`);
      const done = await withdrawAssignment(trx, { ticket, assignmentId: id, by: actorOf(auth), now: ctx.now });
      await recordAudit(
        trx,
        auditEntry(ctx, {
          action: 'ticket.withdraw',
          entity: 'ticket',
          entityId: trackingNo,
          before: { assignment: { ...audited(done.assignment), status: 'active' } },
          after: { assignment: audited(done.assignment), notified: done.messages },
        }),
      );
      return done;
    });
    if (messages > 0) deps.notifyOutbox();
    res.json(presentAssignment(assignment, trackingNo));
  });

  return r;
}

openApiRegistry.registerPath({
  method: 'post',
  path: '/api/tickets/{trackingNo}/assignments',
  tags: ['Tickets'],
  summary: 'Assign a technician (TBO); several may share a ticket',
  description:
    'A new or pending ticket moves to proses. The technician gets the job by WhatsApp (with #start <no>) and the reporter is told who handles it. 409 when the ticket is selesai/ditutup or the technician is already on it.',
  security: signedIn,
  request: { params: trackingNoParam, body: jsonBody(assignBody) },
  responses: { 201: jsonResponse('the assignment', assignmentSchema), ...ticketErrors(400, 403, 404, 409) },
});

openApiRegistry.registerPath({
  method: 'delete',
  path: '/api/tickets/{trackingNo}/assignments/{id}',
  tags: ['Tickets'],
  summary: 'Withdraw an assignment; the technician is told',
  security: signedIn,
  request: { params: assignmentParams },
  responses: { 200: jsonResponse('the withdrawn assignment', assignmentSchema), ...ticketErrors(400, 403, 404, 409) },
});
