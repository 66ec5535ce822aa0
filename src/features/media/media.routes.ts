import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';

/** Placeholder: GET /api/media/:id. */
export function mediaRouter(_deps: ApiDeps): Router {
  return Router();
}
