import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';

/** The desk's inbox: /api/conversations (filled in with the inbox). */
export function conversationRouter(_deps: ApiDeps): Router {
  return Router();
}
