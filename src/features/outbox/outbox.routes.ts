import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';

/** Placeholder: filled in by the admin API work. */
export function outboxRouter(_deps: ApiDeps): Router {
  return Router();
}
