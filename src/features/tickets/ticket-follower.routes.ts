import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';

/** Followers of a ticket and the desk's merge of two tickets (issue 15 part 3). */
export function ticketFollowerRouter(_deps: ApiDeps): Router {
  return Router();
}
