import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';

/** Places by fault count: /api/repeat-faults (filled in with the repeat-fault signal). */
export function repeatFaultRouter(_deps: ApiDeps): Router {
  return Router();
}
