import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';
import { openApiRegistry } from '../../http/openapi';
import { jsonBody, jsonResponse, signedIn } from '../../http/openapi-responses';
import { workOf } from '../../http/unit-of-work';
import { presentAssignment } from '../tickets/ticket.presenter';
import { deskOnly } from '../tickets/ticket.routes';
import { assignBody, assignmentParams, assignmentSchema, trackingNoParam } from '../tickets/ticket.schema';
import { assignTechnician, withdrawAssignment } from './assignment.service';
import { stateErrorResponses } from '../../http/openapi-responses';

/** POST /tickets/:trackingNo/assignments and DELETE /tickets/:trackingNo/assignments/:id (Administrator, Staf). */
export function assignmentRouter(deps: ApiDeps): Router {
  const r = Router();

  r.post('/tickets/:trackingNo/assignments', deskOnly, async (req, res) => {
    const { trackingNo } = trackingNoParam.parse(req.params);
    const { staffId, note } = assignBody.parse(req.body);
    const assignment = await assignTechnician(workOf(req, deps), { trackingNo, staffId, note });
    res.status(201).json(presentAssignment(assignment, trackingNo));
  });

  r.delete('/tickets/:trackingNo/assignments/:id', deskOnly, async (req, res) => {
    const { trackingNo, id } = assignmentParams.parse(req.params);
    const assignment = await withdrawAssignment(workOf(req, deps), { trackingNo, assignmentId: id });
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
  responses: { 201: jsonResponse('the assignment', assignmentSchema), ...stateErrorResponses(400, 403, 404, 409) },
});

openApiRegistry.registerPath({
  method: 'delete',
  path: '/api/tickets/{trackingNo}/assignments/{id}',
  tags: ['Tickets'],
  summary: 'Withdraw an assignment; the technician is told',
  description:
    'With nobody left on it, a ticket in proses waits for an assignment again (baru); when every technician left has already finished, it becomes selesai and the reporter is asked to confirm, as after the last #finish.',
  security: signedIn,
  request: { params: assignmentParams },
  responses: { 200: jsonResponse('the withdrawn assignment', assignmentSchema), ...stateErrorResponses(400, 403, 404, 409) },
});
