import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { Metrics } from './metrics';

/**
 * `GET /metrics`, Prometheus text. Off (404, as if absent) unless METRICS_TOKEN is set; then it
 * needs `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise), compared in constant time
 * (both sides hashed, so neither the token nor its length leaks).
 */
export function metricsRouter(metrics: Metrics, token: string | undefined): Router {
  const router = Router();
  if (!token) return router;
  const expected = createHash('sha256').update(token).digest();
  router.get('/metrics', async (req, res) => {
    const match = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '');
    const given = createHash('sha256')
      .update(match?.[1]?.trim() ?? '')
      .digest();
    if (!match || !timingSafeEqual(given, expected)) {
      res
        .set('WWW-Authenticate', 'Bearer realm="metrics"')
        .status(401)
        .json({ error: { code: 'UNAUTHORIZED', message: 'missing or wrong metrics token' } });
      return;
    }
    const body = await metrics.scrape();
    res.set('Content-Type', metrics.contentType).set('Cache-Control', 'no-store').send(body);
  });
  return router;
}
