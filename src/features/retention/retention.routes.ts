import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';

/** What the next retention run would remove, and the runs so far (issue 16 part 3). */
export function retentionRouter(_deps: ApiDeps): Router {
  return Router();
}
