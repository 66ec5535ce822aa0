import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';
import { requireLevel } from '../../http/auth.middleware';
import { openApiRegistry } from '../../http/openapi';
import { errorResponses, jsonResponse, signedIn } from '../../http/openapi-responses';
import { retentionPreviewSchema, retentionRunsQuery, retentionRunsSchema } from './retention.schema';
import { previewRetention, retentionRuns } from './retention.service';

const common = { tags: ['retention'], security: signedIn };
const denied = errorResponses(401, 403);
openApiRegistry.registerPath({
  ...common,
  method: 'get',
  path: '/api/retention/preview',
  summary: 'The retention settings and what a run now would change, rule by rule (reads only)',
  description: 'Administrator. The same counts as `wa-ticketing retention --dry-run`.',
  responses: { 200: jsonResponse('The settings, cut-offs and counts', retentionPreviewSchema), ...denied },
});
openApiRegistry.registerPath({
  ...common,
  method: 'get',
  path: '/api/retention/runs',
  summary: 'The last retention runs, newest first, with their counts',
  description: 'Administrator.',
  request: { query: retentionRunsQuery },
  responses: { 200: jsonResponse('The runs', retentionRunsSchema), ...errorResponses(400), ...denied },
});

/** What the next retention run would remove, and the runs so far (issue 16 part 3). */
export function retentionRouter(deps: ApiDeps): Router {
  const r = Router();
  const admin = requireLevel('Administrator');

  r.get('/retention/preview', admin, async (_req, res) => {
    const settings = deps.config.retention;
    const at = deps.clock.now();
    res.json({ settings, at, ...(await previewRetention(deps.db, settings, at)) });
  });

  r.get('/retention/runs', admin, async (req, res) => {
    const { limit } = retentionRunsQuery.parse(req.query);
    res.json({ items: await retentionRuns(deps.db, limit) });
  });

  return r;
}
