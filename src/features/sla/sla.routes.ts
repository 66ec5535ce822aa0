import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';
import { requireLevel } from '../../http/auth.middleware';
import { openApiRegistry } from '../../http/openapi';
import { errorResponses, jsonResponse, signedIn } from '../../http/openapi-responses';
import { holidayRouter } from './holiday.routes';
import { slaTargetRouter } from './sla-target.routes';
import { calendarSchema } from './sla.schema';

openApiRegistry.registerPath({
  tags: ['sla'],
  security: signedIn,
  method: 'get',
  path: '/api/sla/calendar',
  summary: 'The working week the SLA clocks count (WORK_WEEK) and the time zone (Administrator, Staf)',
  responses: { 200: jsonResponse('The working week', calendarSchema), ...errorResponses(401, 403) },
});

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The working calendar and SLA targets: /api/sla/calendar, /api/holidays, /api/sla-targets. */
export function slaRouter(deps: ApiDeps): Router {
  const r = Router();
  const { week } = deps.config.sla;
  const calendar = {
    timezone: deps.config.timezone,
    week: week.map((spans, day) => ({ day, spans: spans.map((s) => ({ from: hhmm(s.from), to: hhmm(s.to) })) })),
  };
  r.get('/sla/calendar', requireLevel('Administrator', 'Staf'), (_req, res) => {
    res.json(calendar);
  });
  r.use(holidayRouter(deps));
  r.use(slaTargetRouter(deps));
  return r;
}
