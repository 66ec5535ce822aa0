import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';
import { requireLevel } from '../../http/auth.middleware';
import { toIso } from '../../http/fields.schema';
import { openApiRegistry } from '../../http/openapi';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../../http/openapi-responses';
import { workOf } from '../../http/unit-of-work';
import { listHolidays, type Holiday } from './holiday.repository';
import { createHoliday, deleteHoliday, importHolidays } from './holiday.service';
import {
  holidayBody,
  holidayImportBody,
  holidayImportQuery,
  holidayImportSchema,
  holidayListQuery,
  holidayListSchema,
  holidayParams,
  holidaySchema,
} from './sla.schema';

const common = { tags: ['sla'], security: signedIn };
const denied = errorResponses(401, 403);
openApiRegistry.registerPath({
  ...common,
  method: 'get',
  path: '/api/holidays',
  summary: 'The holidays the SLA clocks skip (Administrator, Staf)',
  request: { query: holidayListQuery },
  responses: { 200: jsonResponse('Holidays by day', holidayListSchema), ...errorResponses(400), ...denied },
});
openApiRegistry.registerPath({
  ...common,
  method: 'post',
  path: '/api/holidays',
  summary: 'Add a holiday (Administrator)',
  request: { body: jsonBody(holidayBody) },
  responses: { 201: jsonResponse('Added', holidaySchema), ...errorResponses(400, 409), ...denied },
});
openApiRegistry.registerPath({
  ...common,
  method: 'delete',
  path: '/api/holidays/{day}',
  summary: 'Remove a holiday (Administrator)',
  request: { params: holidayParams },
  responses: { 200: jsonResponse('The removed holiday', holidaySchema), ...errorResponses(400, 404), ...denied },
});
openApiRegistry.registerPath({
  ...common,
  method: 'post',
  path: '/api/holidays/import',
  summary: 'Import the holidays of a CSV or iCalendar file, or preview it with dryRun=true (Administrator)',
  request: { query: holidayImportQuery, body: jsonBody(holidayImportBody) },
  responses: {
    200: jsonResponse('What was (or would be) added, what exists, what was refused', holidayImportSchema),
    ...errorResponses(400, 409),
    ...denied,
  },
});

const presentHoliday = (h: Holiday) => ({ day: h.day, name: h.name, createdAt: toIso(h.createdAt) });

/** /api/holidays: read by the desk, changed by the Administrator. */
export function holidayRouter(deps: ApiDeps): Router {
  const r = Router();
  const desk = requireLevel('Administrator', 'Staf');
  const admin = requireLevel('Administrator');

  r.get('/holidays', desk, async (req, res) => {
    const { year } = holidayListQuery.parse(req.query);
    res.json({ items: (await listHolidays(deps.db.kysely, year)).map(presentHoliday) });
  });

  r.post('/holidays/import', admin, async (req, res) => {
    const { dryRun } = holidayImportQuery.parse(req.query);
    const body = holidayImportBody.parse(req.body);
    res.json(await importHolidays(workOf(req, deps), { ...body, dryRun, timezone: deps.config.timezone }));
  });

  r.post('/holidays', admin, async (req, res) => {
    const body = holidayBody.parse(req.body);
    const created = await createHoliday(workOf(req, deps), body);
    res.status(201).location(`/api/holidays/${created.day}`).json(presentHoliday(created));
  });

  r.delete('/holidays/:day', admin, async (req, res) => {
    const { day } = holidayParams.parse(req.params);
    res.json(presentHoliday(await deleteHoliday(workOf(req, deps), day)));
  });

  return r;
}
