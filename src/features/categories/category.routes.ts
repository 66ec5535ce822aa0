import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';

/** Categories of faults: /api/categories (filled in with the categories). */
export function categoryRouter(_deps: ApiDeps): Router {
  return Router();
}
