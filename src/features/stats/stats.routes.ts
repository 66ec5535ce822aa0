import { Router } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../../http/api-deps';
import { openApiRegistry } from '../../http/openapi';
import { jsonResponse, signedIn } from '../../http/openapi-responses';
import { deskOnly } from '../tickets/ticket.routes';
import { ticketStatusSchema } from '../tickets/ticket.schema';
import { serviceLevelShape } from './stats.schema';
import { periodStats } from './stats-summary.service';
import { DEFAULT_DAYS, statsPeriod } from './stats.service';
import { dateRangeShape, epochRange, refineDateRange } from '../../http/query.schema';
import { stateErrorResponses } from '../../http/openapi-responses';

const statsQuery = z.object({ ...dateRangeShape }).superRefine(refineDateRange);

const durationSchema = z.object({
  count: z.number().int(),
  medianMs: z.number().int().nullable(),
  p90Ms: z.number().int().nullable(),
});

const statsSchema = z
  .object({
    from: z.string().openapi({ description: 'first day of the period (YYYY-MM-DD in timezone), as asked or by default' }),
    to: z.string().openapi({ description: 'last day of the period, included' }),
    timezone: z.string(),
    total: z.number().int().openapi({ description: 'tickets created in the period; those merged into another are demand, not tickets' }),
    demand: z
      .object({
        requests: z.number().int().openapi({ description: 'tickets + mergedTickets + followers: how many times people asked' }),
        tickets: z.number().int(),
        mergedTickets: z.number().int().openapi({ description: 'tickets merged into another (their reporters asked too)' }),
        followers: z.number().int().openapi({ description: 'people who followed a ticket with #ikut' }),
      })
      .openapi({ description: 'permintaan: a fault reported by five people is one ticket and five requests' }),
    byStatus: z.record(ticketStatusSchema, z.number().int()),
    perMonth: z.array(z.object({ month: z.string().openapi({ example: '2024-09' }), tickets: z.number().int() })),
    timeToFirstAssignment: durationSchema.openapi({ description: 'first_assigned_at − created_at of tickets ever assigned' }),
    timeToFinish: durationSchema.openapi({ description: 'finished_at − created_at of finished tickets' }),
    technicians: z.array(z.object({ staffId: z.string(), name: z.string(), open: z.number().int(), finished: z.number().int() })),
    ...serviceLevelShape,
  })
  .openapi('TicketStats');

/** GET /stats?from&to: the data of the dashboard's charts. Administrator and Staf. */
export function statsRouter(deps: ApiDeps): Router {
  const { db, clock, config } = deps;
  const r = Router();

  r.get('/stats', deskOnly, async (req, res) => {
    const q = statsQuery.parse(req.query);
    const period = statsPeriod(q, clock.now(), config.timezone);
    const range = epochRange(period, config.timezone) as Required<ReturnType<typeof epochRange>>;
    const stats = await periodStats(db.kysely, range, config, clock.now());
    const body: z.infer<typeof statsSchema> = { ...period, timezone: config.timezone, ...stats };
    res.json(body);
  });

  return r;
}

openApiRegistry.registerPath({
  method: 'get',
  path: '/api/stats',
  tags: ['Statistics'],
  summary: 'Ticket statistics for the charts',
  description: `Over tickets created from \`from\` to \`to\` (days in APP_TIMEZONE, both included). Without \`to\` the period ends today; without \`from\` it starts ${DEFAULT_DAYS - 1} days before \`to\` (by default: the last ${DEFAULT_DAYS} days). Percentiles interpolate linearly between ranks. The service levels (rating, reopens, SLA compliance, working times) cover the same tickets. Whole days before today are added up from a stored summary of each day, made again when its tickets changed; today is read from the tickets: the answer is the same as reading every ticket of the period, and a year costs little more than a month.`,
  security: signedIn,
  request: { query: statsQuery },
  responses: { 200: jsonResponse('the statistics', statsSchema), ...stateErrorResponses(400, 403) },
});
