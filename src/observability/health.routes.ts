import { Router, type Response } from 'express';
import type { Readiness } from './readiness';

/**
 * Probes, never logged per request:
 * - `GET /healthz` (liveness): the process answers; no database call, so a slow database never gets it restarted.
 * - `GET /readyz` (readiness): 200 when the database answers, no migration is pending and the
 *   process is not shutting down; 503 with `{ status, … }` saying which, so a load balancer stops sending.
 * - `GET /health`: the same check in the shape it always had (`{ status: 'ok' | 'unavailable', database }`),
 *   kept for compose files and monitors written before /readyz.
 */
export function healthRouter(readiness: Readiness): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    noStore(res).json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const { ready, ...report } = await readiness.check();
    noStore(res)
      .status(ready ? 200 : 503)
      .json(report);
  });
  router.get('/health', async (_req, res) => {
    const report = await readiness.check();
    if (report.ready) noStore(res).json({ status: 'ok', database: report.database });
    else noStore(res).status(503).json({ status: 'unavailable', database: report.database, reason: report.status });
  });
  return router;
}

function noStore(res: Response): Response {
  return res.set('Cache-Control', 'no-store');
}
