import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';
import { requireLevel } from '../../http/auth.middleware';
import { openApiRegistry } from '../../http/openapi';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../../http/openapi-responses';
import { workOf } from '../../http/unit-of-work';
import { eraseBody, eraseResultSchema, personQuery, summarySchema } from './personal-data.schema';
import { erasePersonalData, exportPersonalData, personalDataSummary } from './personal-data.service';

const common = { tags: ['personal-data'], security: signedIn };
const denied = errorResponses(401, 403);
openApiRegistry.registerPath({
  ...common,
  method: 'get',
  path: '/api/personal-data',
  summary: 'What is held about one phone number or employee, as counts',
  description:
    'Administrator. Give `phone` (any usual form) or `employeeId`. An unknown employee id is a 404; an unknown phone has zero counts.',
  request: { query: personQuery },
  responses: { 200: jsonResponse('The summary', summarySchema), ...errorResponses(400, 404), ...denied },
});
openApiRegistry.registerPath({
  ...common,
  method: 'get',
  path: '/api/personal-data/export',
  summary: 'Everything held about one person as a ZIP: data.json, data.xlsx and photos/ (audited as personal_data.export)',
  description: 'Administrator. The audit entry holds a random reference and the counts, nothing that names the person.',
  request: { query: personQuery },
  responses: {
    200: { description: 'The ZIP', content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } } },
    ...errorResponses(400, 404),
    ...denied,
  },
});
openApiRegistry.registerPath({
  ...common,
  method: 'post',
  path: '/api/personal-data/erase',
  summary: 'Erase one person (audited as personal_data.erase, without personal data)',
  description:
    'Administrator. `confirm` repeats the phone or employee id (400 naming confirm otherwise). Their messages in and out, ' +
    'inbox entry, drafts, follows and held complaints are deleted; their tickets stay, anonymised ("Pelapor dihapus", no phone); ' +
    'their photos are deleted from MEDIA_DIR; rating comments are blanked; the employee entry is removed. A phone of an active ' +
    'staff account is refused (409): deactivate the account first; an inactive one is anonymised.',
  request: { body: jsonBody(eraseBody) },
  responses: { 200: jsonResponse('Erased', eraseResultSchema), ...errorResponses(400, 404, 409), ...denied },
});

/** Export and erasure of everything held about one person (issue 16 part 4). */
export function personalDataRouter(deps: ApiDeps): Router {
  const r = Router();
  const admin = requireLevel('Administrator');

  r.get('/personal-data', admin, async (req, res) => {
    res.json(await personalDataSummary(deps.db, personQuery.parse(req.query)));
  });

  r.get('/personal-data/export', admin, async (req, res) => {
    const q = personQuery.parse(req.query);
    const { reference, zip } = await exportPersonalData(workOf(req, deps), deps.db, q, deps.config.media.dir);
    // The file name carries the reference, not the phone: downloads folders are not private.
    res
      .type('application/zip')
      .attachment(`data-pribadi-${reference.slice(0, 8)}.zip`)
      .send(zip);
  });

  r.post('/personal-data/erase', admin, async (req, res) => {
    const { confirm, ...q } = eraseBody.parse(req.body);
    res.json(await erasePersonalData(workOf(req, deps), q, confirm, { mediaDir: deps.config.media.dir, logger: deps.logger }));
  });

  return r;
}
