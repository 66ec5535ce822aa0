import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';

/** Room QR codes: /api/places/:id/qr… (filled in with the QR sheets). */
export function placeQrRouter(_deps: ApiDeps): Router {
  return Router();
}
