import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';

/** Placeholder: GET /api/health/gateway. */
export function gatewayHealthRouter(_deps: ApiDeps): Router {
  return Router();
}
