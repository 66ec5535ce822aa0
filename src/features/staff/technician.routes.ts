import { Router } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../../http/api-deps';
import { requireLevel } from '../../http/auth.middleware';
import { openApiRegistry } from '../../http/openapi';
import { errorResponses, jsonResponse, signedIn } from '../../http/openapi-responses';
import { listActiveTechnicians } from './staff.repository';

const technicianSchema = z
  .object({ id: z.string(), name: z.string(), phone: z.string().nullable(), openJobs: z.number().int() })
  .openapi('Technician');

openApiRegistry.registerPath({
  tags: ['staff'],
  security: signedIn,
  method: 'get',
  path: '/api/technicians',
  summary: 'Active technicians with their open jobs (Administrator, Staf): whom a ticket can be assigned to',
  responses: { 200: jsonResponse('Technicians by name', z.object({ items: z.array(technicianSchema) })), ...errorResponses(401, 403) },
});

/**
 * `GET /api/technicians`: the read-only list a Staf needs to assign work, since the staff
 * directory itself is for Administrators only.
 */
export function technicianRouter(deps: ApiDeps): Router {
  const r = Router();
  r.get('/technicians', requireLevel('Administrator', 'Staf'), async (_req, res) => {
    res.json({ items: await listActiveTechnicians(deps.db.kysely) });
  });
  return r;
}
