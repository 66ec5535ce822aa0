import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';

/** Export and erasure of everything held about one person (issue 16 part 4). */
export function personalDataRouter(_deps: ApiDeps): Router {
  return Router();
}
