import { Router } from 'express';
import type { ApiDeps } from './api-deps';

/** Placeholder: /api/openapi.json and /api/docs. */
export function openApiRouter(_deps: ApiDeps): Router {
  return Router();
}
