import { Router } from 'express';
import type { FonnteWebhookDeps } from './fonnte-webhook.routes';

/** Placeholder: POST /webhooks/fonnte/status and /webhooks/fonnte/device. */
export function fonnteStatusRouter(_deps: FonnteWebhookDeps): Router {
  return Router();
}
