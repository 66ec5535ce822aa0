import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';
import { openApiRegistry } from '../../http/openapi';
import { signedIn } from '../../http/openapi-responses';
import { exportFilename, writeCsv } from './ticket-export';
import { writeXlsx } from './ticket-export-xlsx';
import { iterateTickets } from './ticket-batches.repository';
import { deskOnly } from './ticket.routes';
import { ticketExportQuery, ticketFilterFrom } from './ticket.schema';
import { stateErrorResponses } from '../../http/openapi-responses';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Rows read from the database per query; what the export holds in memory at once. */
const EXPORT_BATCH_SIZE = 500;

/**
 * GET /tickets/export?format=xlsx|csv with the list's filters and sort (Administrator, Staf).
 * Mounted before the ticket router, so `export` is never read as a tracking number.
 */
export function ticketExportRouter(deps: ApiDeps): Router {
  const { db, clock, config } = deps;
  const r = Router();

  r.get('/tickets/export', deskOnly, async (req, res) => {
    const q = ticketExportQuery.parse(req.query);
    const ctx = { now: clock.now(), tz: config.timezone };
    const rows = iterateTickets(db.kysely, ticketFilterFrom(q, ctx), { key: q.sort, order: q.order }, EXPORT_BATCH_SIZE);
    // Read the first batch before anything is written: a failure now is still a proper JSON error.
    const head = await rows.next();
    let first = head.done ? undefined : head.value;
    async function* batches() {
      if (first === undefined) return;
      const batch = first;
      first = undefined; // not held for the rest of the download
      yield batch;
      yield* rows;
    }
    res.status(200).set({
      'Content-Type': q.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE,
      'Content-Disposition': `attachment; filename="${exportFilename(q.format, ctx)}"`,
      // Names and phone numbers: not for shared caches.
      'Cache-Control': 'no-store',
    });
    try {
      await (q.format === 'csv' ? writeCsv : writeXlsx)(res, batches(), ctx);
    } catch (err) {
      // Part of the file may be out (or queued in the zip writer): cut the connection so the
      // client sees a failed download rather than a short file that looks complete.
      req.log.error({ err }, 'ticket export failed mid-stream');
      res.destroy(err as Error);
    }
  });

  return r;
}

openApiRegistry.registerPath({
  method: 'get',
  path: '/api/tickets/export',
  tags: ['Tickets'],
  summary: 'Download the filtered tickets as XLSX or CSV',
  description:
    'Same filters and sort as GET /api/tickets, without pagination; streamed. Columns: tracking number, created, reporter, unit, phone, complaint, status, technicians, age H+n, finished at, duration, channel, category, priority, finish due (Batas waktu), finished by its due (Tepat waktu: Ya/Tidak/empty), the reporter rating (Nilai). Cells starting with = + - @ tab or CR are prefixed with a single quote.',
  security: signedIn,
  request: { query: ticketExportQuery },
  responses: {
    200: {
      description: 'the file, as an attachment named tickets-YYYY-MM-DD.xlsx or .csv',
      content: {
        [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } },
        'text/csv': { schema: { type: 'string' } },
      },
    },
    ...stateErrorResponses(400, 403),
  },
});
