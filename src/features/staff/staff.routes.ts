import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';
import { requireLevel } from '../../http/auth.middleware';
import { idParams } from '../../http/fields.schema';
import { openApiRegistry } from '../../http/openapi';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../../http/openapi-responses';
import { toPage } from '../../http/pagination';
import { writeContextOf } from '../audit/audit-context';
import { presentStaff } from './staff.presenter';
import { staffCreateBody, staffListQuery, staffPageSchema, staffSchema, staffUpdateBody } from './staff.schema';
import { createStaff, deactivateStaff, getStaff, listStaffPage, updateStaff } from './staff.service';

const common = { tags: ['staff'], security: signedIn, description: 'Administrator only. Password hashes are never returned.' };
const denied = errorResponses(401, 403);
openApiRegistry.registerPath({
  ...common,
  method: 'get',
  path: '/api/staff',
  summary: 'Search the staff',
  request: { query: staffListQuery },
  responses: { 200: jsonResponse('A page of staff', staffPageSchema), ...errorResponses(400), ...denied },
});
openApiRegistry.registerPath({
  ...common,
  method: 'post',
  path: '/api/staff',
  summary: 'Add a staff member with a password',
  request: { body: jsonBody(staffCreateBody) },
  responses: { 201: jsonResponse('Added', staffSchema), ...errorResponses(400, 409), ...denied },
});
openApiRegistry.registerPath({
  ...common,
  method: 'get',
  path: '/api/staff/{id}',
  summary: 'One staff member',
  request: { params: idParams },
  responses: { 200: jsonResponse('The staff member', staffSchema), ...errorResponses(404), ...denied },
});
openApiRegistry.registerPath({
  ...common,
  method: 'patch',
  path: '/api/staff/{id}',
  summary: 'Change a staff member; a new password or deactivation signs them out everywhere',
  description: `${common.description} Deactivating or demoting the last active Administrator is refused (409).`,
  request: { params: idParams, body: jsonBody(staffUpdateBody) },
  responses: { 200: jsonResponse('The changed staff member', staffSchema), ...errorResponses(400, 404, 409), ...denied },
});
openApiRegistry.registerPath({
  ...common,
  method: 'delete',
  path: '/api/staff/{id}',
  summary: 'Deactivate a staff member (the record is kept; their tokens stop working)',
  request: { params: idParams },
  responses: { 200: jsonResponse('The deactivated staff member', staffSchema), ...errorResponses(404, 409), ...denied },
});

/** /api/staff: admins and technicians with their sign-in accounts; Administrator only. */
export function staffRouter(deps: ApiDeps): Router {
  const r = Router();
  const administrator = requireLevel('Administrator');

  r.get('/staff', administrator, async (req, res) => {
    const query = staffListQuery.parse(req.query);
    const page = await listStaffPage(deps.db, query);
    res.json(toPage(page.items, page.total, query, presentStaff));
  });

  r.post('/staff', administrator, async (req, res) => {
    const body = staffCreateBody.parse(req.body);
    const created = await createStaff(deps.db, body, writeContextOf(req, deps.clock));
    res
      .status(201)
      .location(`/api/staff/${encodeURIComponent(created.id)}`)
      .json(presentStaff(created));
  });

  r.get('/staff/:id', administrator, async (req, res) => {
    const { id } = idParams.parse(req.params);
    res.json(presentStaff(await getStaff(deps.db, id)));
  });

  r.patch('/staff/:id', administrator, async (req, res) => {
    const { id } = idParams.parse(req.params);
    const body = staffUpdateBody.parse(req.body);
    res.json(presentStaff(await updateStaff(deps.db, id, body, writeContextOf(req, deps.clock))));
  });

  r.delete('/staff/:id', administrator, async (req, res) => {
    const { id } = idParams.parse(req.params);
    res.json(presentStaff(await deactivateStaff(deps.db, id, writeContextOf(req, deps.clock))));
  });

  return r;
}
