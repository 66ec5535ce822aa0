import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';

/** The working calendar and SLA targets: /api/holidays, /api/sla-targets (filled in with the clocks). */
export function slaRouter(_deps: ApiDeps): Router {
  return Router();
}
