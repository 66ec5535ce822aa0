import express, { Router } from 'express';
import { auditRouter } from '../features/audit/audit.routes';
import { assignmentRouter } from '../features/assignments/assignment.routes';
import { authRouter } from '../features/auth/auth.routes';
import { categoryRouter } from '../features/categories/category.routes';
import { conversationRouter } from '../features/conversations/conversation.routes';
import { placeQrRouter } from '../features/places/place-qr.routes';
import { placeRouter } from '../features/places/place.routes';
import { repeatFaultRouter } from '../features/places/repeat-fault.routes';
import { slaRouter } from '../features/sla/sla.routes';
import { employeeRouter } from '../features/employees/employee.routes';
import { messageRouter } from '../features/inbound/inbound.routes';
import { outboxRouter } from '../features/outbox/outbox.routes';
import { staffRouter } from '../features/staff/staff.routes';
import { technicianRouter } from '../features/staff/technician.routes';
import { statsRouter } from '../features/stats/stats.routes';
import { mediaRouter } from '../features/media/media.routes';
import { gatewayHealthRouter } from '../features/gateway/gateway.routes';
import { simulatorRouter } from '../features/simulator/simulator.routes';
import { ticketExportRouter } from '../features/tickets/ticket-export.routes';
import { ticketRouter } from '../features/tickets/ticket.routes';
import { ticketFollowerRouter } from '../features/tickets/ticket-follower.routes';
import { peopleImportRouter } from '../features/people-import/people-import.routes';
import { retentionRouter } from '../features/retention/retention.routes';
import { personalDataRouter } from '../features/personal-data/personal-data.routes';
import type { ApiDeps } from './api-deps';
import { authenticate } from './auth.middleware';
import { openApiRouter } from './openapi.routes';

/** Everything under /api. Routers before `authenticate` are public (login, the API description). */
export function apiRouter(deps: ApiDeps): Router {
  const api = Router();
  const people = peopleImportRouter(deps);
  api.use(express.json({ limit: '100kb' }));
  api.use(openApiRouter(deps));
  api.use(authRouter(deps));
  // Public: a set-password link is used by someone who cannot sign in yet (the token is the proof).
  api.use(people.publicRoutes);
  api.use(authenticate(deps.db, deps.tokens));
  // Before the employee and staff routers: /employees/import is not read as an employee id.
  api.use(people.routes);
  api.use(employeeRouter(deps));
  api.use(staffRouter(deps));
  api.use(technicianRouter(deps));
  api.use(auditRouter(deps));
  // Before the ticket router: /tickets/export must not be read as a tracking number.
  api.use(ticketExportRouter(deps));
  api.use(ticketFollowerRouter(deps));
  api.use(ticketRouter(deps));
  api.use(assignmentRouter(deps));
  api.use(messageRouter(deps));
  api.use(conversationRouter(deps));
  api.use(categoryRouter(deps));
  api.use(slaRouter(deps));
  // Before the place router: /places/:id/qr… and /repeat-faults are not read as a place's own routes.
  api.use(placeQrRouter(deps));
  api.use(repeatFaultRouter(deps));
  api.use(placeRouter(deps));
  api.use(outboxRouter(deps));
  api.use(statsRouter(deps));
  api.use(mediaRouter(deps));
  api.use(gatewayHealthRouter(deps));
  api.use(simulatorRouter(deps));
  api.use(retentionRouter(deps));
  api.use(personalDataRouter(deps));
  return api;
}
