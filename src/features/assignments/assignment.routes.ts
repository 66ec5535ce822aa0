import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';

/** Placeholder: filled in by the admin API work. */
export function assignmentRouter(_deps: ApiDeps): Router {
  return Router();
}
