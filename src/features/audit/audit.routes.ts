import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';
import { requireLevel } from '../../http/auth.middleware';
import { openApiRegistry } from '../../http/openapi';
import { errorResponses, jsonResponse, signedIn } from '../../http/openapi-responses';
import { toPage } from '../../http/pagination';
import { presentAudit } from './audit.presenter';
import { auditListQuery, auditPageSchema } from './audit.schema';
import { listAuditPage } from './audit.service';

openApiRegistry.registerPath({
  method: 'get',
  path: '/api/audit',
  tags: ['audit'],
  security: signedIn,
  summary: 'Every write made through the API: who, what, when, before and after (Administrator only)',
  request: { query: auditListQuery },
  responses: { 200: jsonResponse('A page of audit entries, newest first', auditPageSchema), ...errorResponses(400, 401, 403) },
});

/** /api/audit: read-only, Administrator only. */
export function auditRouter(deps: ApiDeps): Router {
  const r = Router();
  r.get('/audit', requireLevel('Administrator'), async (req, res) => {
    const q = auditListQuery.parse(req.query);
    const page = await listAuditPage(deps.db, q);
    res.json(toPage(page.items, page.total, q, presentAudit));
  });
  return r;
}
