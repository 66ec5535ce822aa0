import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';
import { requireLevel } from '../../http/auth.middleware';
import { openApiRegistry } from '../../http/openapi';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../../http/openapi-responses';
import { workOf } from '../../http/unit-of-work';
import { presentCategory } from './category.presenter';
import { categoryCreateBody, categoryIdParams, categoryListSchema, categorySchema, categoryUpdateBody } from './category.schema';
import { allCategories, createCategory, updateCategory } from './category.service';

const common = { tags: ['categories'], security: signedIn };
const denied = errorResponses(401, 403);
openApiRegistry.registerPath({
  ...common,
  method: 'get',
  path: '/api/categories',
  summary: 'Every category of fault, active ones first, in their order',
  description: 'Administrator and Staf.',
  responses: { 200: jsonResponse('The categories', categoryListSchema), ...denied },
});
openApiRegistry.registerPath({
  ...common,
  method: 'post',
  path: '/api/categories',
  summary: 'Add a category (audited as category.create)',
  description: 'Administrator only. A code already used is refused (409).',
  request: { body: jsonBody(categoryCreateBody) },
  responses: { 201: jsonResponse('Added', categorySchema), ...errorResponses(400, 409), ...denied },
});
openApiRegistry.registerPath({
  ...common,
  method: 'patch',
  path: '/api/categories/{id}',
  summary: 'Change a category; `active: false` retires it (there is no delete: tickets keep their category)',
  description: 'Administrator only. Audited as category.update with before and after.',
  request: { params: categoryIdParams, body: jsonBody(categoryUpdateBody) },
  responses: { 200: jsonResponse('The changed category', categorySchema), ...errorResponses(400, 404, 409), ...denied },
});

/** /api/categories: the categories of fault, their words, default priority and supervisor. */
export function categoryRouter(deps: ApiDeps): Router {
  const r = Router();
  const administrator = requireLevel('Administrator');

  r.get('/categories', requireLevel('Administrator', 'Staf'), async (_req, res) => {
    res.json({ items: (await allCategories(deps.db.kysely)).map(presentCategory) });
  });

  r.post('/categories', administrator, async (req, res) => {
    const body = categoryCreateBody.parse(req.body);
    const created = await createCategory(workOf(req, deps), body);
    res.status(201).location(`/api/categories/${created.id}`).json(presentCategory(created));
  });

  r.patch('/categories/:id', administrator, async (req, res) => {
    const { id } = categoryIdParams.parse(req.params);
    const body = categoryUpdateBody.parse(req.body);
    res.json(presentCategory(await updateCategory(workOf(req, deps), id, body)));
  });

  return r;
}
