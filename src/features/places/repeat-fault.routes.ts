import { Router } from 'express';
import { notFound } from '../../errors';
import type { ApiDeps } from '../../http/api-deps';
import { requireLevel } from '../../http/auth.middleware';
import { openApiRegistry } from '../../http/openapi';
import { errorResponses, jsonResponse, signedIn } from '../../http/openapi-responses';
import { epochRange } from '../../http/query.schema';
import { writeRepeatFaultsXlsx } from './repeat-fault-export';
import { buildingFaultsSchema, buildingParams, repeatFaultListSchema, repeatFaultQuery } from './repeat-fault.schema';
import { buildingFaults, defaultPeriod, listRepeatFaults, type Period } from './repeat-fault.service';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const deskOnly = requireLevel('Administrator', 'Staf');

/** GET /repeat-faults, /repeat-faults/buildings/:id, /repeat-faults/export.xlsx (Administrator, Staf). */
export function repeatFaultRouter(deps: ApiDeps): Router {
  const { db, clock, config } = deps;
  const r = Router();
  const { threshold, days } = config.repeatFaults;

  /** The asked days, or the last REPEAT_FAULT_DAYS days; one side given keeps the default of the other. */
  const periodOf = (q: { from?: string | undefined; to?: string | undefined }): Period => {
    const fallback = defaultPeriod(clock.now(), days);
    const asked = epochRange(q, config.timezone);
    return { from: asked.from ?? fallback.from, to: asked.to ?? fallback.to };
  };

  r.get('/repeat-faults', deskOnly, async (req, res) => {
    const q = repeatFaultQuery.parse(req.query);
    const period = periodOf(q);
    const items = await listRepeatFaults(db.kysely, { period, threshold, ...(q.building ? { building: q.building } : {}) });
    res.json({ period, threshold, items });
  });

  r.get('/repeat-faults/export.xlsx', deskOnly, async (req, res) => {
    const q = repeatFaultQuery.parse(req.query);
    const period = periodOf(q);
    const items = await listRepeatFaults(db.kysely, { period, threshold, ...(q.building ? { building: q.building } : {}) });
    res.status(200).set({
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': 'attachment; filename="kerusakan-berulang.xlsx"',
      'Cache-Control': 'no-store',
    });
    await writeRepeatFaultsXlsx(res, items);
  });

  r.get('/repeat-faults/buildings/:id', deskOnly, async (req, res) => {
    const { id } = buildingParams.parse(req.params);
    const period = periodOf(repeatFaultQuery.parse(req.query));
    const view = await buildingFaults(db.kysely, { period, building: id });
    if (!view) throw notFound('building');
    res.json({ period, ...view });
  });

  return r;
}

const common = { tags: ['Places'], security: signedIn };
const denied = errorResponses(401, 403);

openApiRegistry.registerPath({
  ...common,
  method: 'get',
  path: '/api/repeat-faults',
  summary: 'Places by fault count: per place × category the tickets, open ones, mean finish hours and the repeat flag',
  description: 'Administrator and Staf. Default period: the last REPEAT_FAULT_DAYS days. Only tickets with a place and a category count.',
  request: { query: repeatFaultQuery },
  responses: { 200: jsonResponse('The list, most tickets first', repeatFaultListSchema), ...errorResponses(400), ...denied },
});
openApiRegistry.registerPath({
  ...common,
  method: 'get',
  path: '/api/repeat-faults/buildings/{id}',
  summary: "A building's tickets per floor and room in the period (rooms roll up to their floor)",
  description: 'Administrator and Staf. 404 when the id is no building.',
  request: { params: buildingParams, query: repeatFaultQuery },
  responses: { 200: jsonResponse('Counts per floor and room', buildingFaultsSchema), ...errorResponses(400, 404), ...denied },
});
openApiRegistry.registerPath({
  ...common,
  method: 'get',
  path: '/api/repeat-faults/export.xlsx',
  summary: 'The repeat-fault list as a spreadsheet for the maintenance plan',
  description:
    'Administrator and Staf. Same query as GET /api/repeat-faults. Columns: Tempat, Kode, Kategori, Jumlah laporan, Masih terbuka, Rata-rata selesai (jam), Berulang (Ya/Tidak), Nomor laporan.',
  request: { query: repeatFaultQuery },
  responses: {
    200: { description: 'the file, as an attachment', content: { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } } },
    ...errorResponses(400),
    ...denied,
  },
});
