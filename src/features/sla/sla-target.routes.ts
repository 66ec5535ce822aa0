import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';
import { requireLevel } from '../../http/auth.middleware';
import { toIso } from '../../http/fields.schema';
import { openApiRegistry } from '../../http/openapi';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../../http/openapi-responses';
import { workOf } from '../../http/unit-of-work';
import { listTargets, type SlaTargetRecord } from './sla-target.repository';
import { putTarget, removeTarget } from './sla-target.service';
import { slaTargetBody, slaTargetListSchema, slaTargetParams, slaTargetSchema } from './sla.schema';

const common = { tags: ['sla'], security: signedIn };
const denied = errorResponses(401, 403);
openApiRegistry.registerPath({
  ...common,
  method: 'get',
  path: '/api/sla-targets',
  summary: 'Every SLA target, category × priority, with the defaults (Administrator, Staf)',
  responses: { 200: jsonResponse('The targets', slaTargetListSchema), ...denied },
});
openApiRegistry.registerPath({
  ...common,
  method: 'put',
  path: '/api/sla-targets',
  summary: 'Set the target of a category × priority, or the default of a priority (Administrator)',
  request: { body: jsonBody(slaTargetBody) },
  responses: {
    200: jsonResponse('Changed', slaTargetSchema),
    201: jsonResponse('Created for the category', slaTargetSchema),
    ...errorResponses(400, 409),
    ...denied,
  },
});
openApiRegistry.registerPath({
  ...common,
  method: 'delete',
  path: '/api/sla-targets/{id}',
  summary: "Remove a category's own target, so the default applies again (Administrator; a default row is 409)",
  request: { params: slaTargetParams },
  responses: { 200: jsonResponse('The removed target', slaTargetSchema), ...errorResponses(400, 404, 409), ...denied },
});

const presentTarget = (t: SlaTargetRecord) => ({
  id: t.id,
  categoryId: t.categoryId,
  categoryName: t.categoryName,
  priority: t.priority,
  assignMinutes: t.assignMinutes,
  startMinutes: t.startMinutes,
  finishMinutes: t.finishMinutes,
  wallClock: t.priority === 'darurat',
  updatedAt: toIso(t.updatedAt),
});

/** /api/sla-targets: read by the desk, set by the Administrator. */
export function slaTargetRouter(deps: ApiDeps): Router {
  const r = Router();

  r.get('/sla-targets', requireLevel('Administrator', 'Staf'), async (_req, res) => {
    res.json({ items: (await listTargets(deps.db.kysely)).map(presentTarget) });
  });

  r.put('/sla-targets', requireLevel('Administrator'), async (req, res) => {
    const body = slaTargetBody.parse(req.body);
    const { target, created } = await putTarget(workOf(req, deps), body);
    res.status(created ? 201 : 200).json(presentTarget(target));
  });

  r.delete('/sla-targets/:id', requireLevel('Administrator'), async (req, res) => {
    const { id } = slaTargetParams.parse(req.params);
    res.json(presentTarget(await removeTarget(workOf(req, deps), id)));
  });

  return r;
}
