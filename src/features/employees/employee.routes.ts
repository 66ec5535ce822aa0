import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';
import { requireLevel } from '../../http/auth.middleware';
import { idParams } from '../../http/fields.schema';
import { openApiRegistry } from '../../http/openapi';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../../http/openapi-responses';
import { toPage } from '../../http/pagination';
import { writeContextOf } from '../audit/audit-context';
import { presentEmployee } from './employee.presenter';
import { employeeCreateBody, employeeListQuery, employeePageSchema, employeeSchema, employeeUpdateBody } from './employee.schema';
import { createEmployee, deactivateEmployee, getEmployee, listEmployeePage, updateEmployee } from './employee.service';

const common = { tags: ['employees'], security: signedIn };
const denied = errorResponses(401, 403);
openApiRegistry.registerPath({
  ...common,
  method: 'get',
  path: '/api/employees',
  summary: 'Search the employee directory',
  request: { query: employeeListQuery },
  responses: { 200: jsonResponse('A page of employees', employeePageSchema), ...errorResponses(400), ...denied },
});
openApiRegistry.registerPath({
  ...common,
  method: 'post',
  path: '/api/employees',
  summary: 'Register an employee',
  request: { body: jsonBody(employeeCreateBody) },
  responses: { 201: jsonResponse('Registered', employeeSchema), ...errorResponses(400, 409), ...denied },
});
openApiRegistry.registerPath({
  ...common,
  method: 'get',
  path: '/api/employees/{id}',
  summary: 'One employee',
  request: { params: idParams },
  responses: { 200: jsonResponse('The employee', employeeSchema), ...errorResponses(404), ...denied },
});
openApiRegistry.registerPath({
  ...common,
  method: 'patch',
  path: '/api/employees/{id}',
  summary: 'Change an employee (including status)',
  request: { params: idParams, body: jsonBody(employeeUpdateBody) },
  responses: { 200: jsonResponse('The changed employee', employeeSchema), ...errorResponses(400, 404, 409), ...denied },
});
openApiRegistry.registerPath({
  ...common,
  method: 'delete',
  path: '/api/employees/{id}',
  summary: 'Deactivate an employee (the record is kept)',
  request: { params: idParams },
  responses: { 200: jsonResponse('The deactivated employee', employeeSchema), ...errorResponses(404), ...denied },
});

/** /api/employees: the directory of people who report problems; Administrator and Staf. */
export function employeeRouter(deps: ApiDeps): Router {
  const r = Router();
  const admins = requireLevel('Administrator', 'Staf');

  r.get('/employees', admins, async (req, res) => {
    const query = employeeListQuery.parse(req.query);
    const page = await listEmployeePage(deps.db, query);
    res.json(toPage(page.items, page.total, query, presentEmployee));
  });

  r.post('/employees', admins, async (req, res) => {
    const body = employeeCreateBody.parse(req.body);
    const created = await createEmployee(deps.db, body, writeContextOf(req, deps.clock), deps.config.timezone);
    res
      .status(201)
      .location(`/api/employees/${encodeURIComponent(created.id)}`)
      .json(presentEmployee(created));
  });

  r.get('/employees/:id', admins, async (req, res) => {
    const { id } = idParams.parse(req.params);
    res.json(presentEmployee(await getEmployee(deps.db, id)));
  });

  r.patch('/employees/:id', admins, async (req, res) => {
    const { id } = idParams.parse(req.params);
    const body = employeeUpdateBody.parse(req.body);
    res.json(presentEmployee(await updateEmployee(deps.db, id, body, writeContextOf(req, deps.clock))));
  });

  r.delete('/employees/:id', admins, async (req, res) => {
    const { id } = idParams.parse(req.params);
    res.json(presentEmployee(await deactivateEmployee(deps.db, id, writeContextOf(req, deps.clock))));
  });

  return r;
}
