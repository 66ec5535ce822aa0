import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';

/** Buildings, floors and rooms: /api/places (filled in with the places). */
export function placeRouter(_deps: ApiDeps): Router {
  return Router();
}
