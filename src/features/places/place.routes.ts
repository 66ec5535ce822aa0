import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';
import { requireLevel } from '../../http/auth.middleware';
import { openApiRegistry } from '../../http/openapi';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../../http/openapi-responses';
import { workOf } from '../../http/unit-of-work';
import { presentPlace } from './place.presenter';
import { importTemplate } from './place-import';
import {
  placeCreateBody,
  placeIdParams,
  placeImportBody,
  placeImportQuery,
  placeImportReportSchema,
  placeListQuery,
  placeListSchema,
  placeSchema,
  placeUpdateBody,
} from './place.schema';
import { createPlace, getPlace, importPlaces, searchPlaces, updatePlace } from './place.service';

const common = { tags: ['places'], security: signedIn };
const denied = errorResponses(401, 403);
openApiRegistry.registerPath({
  ...common,
  method: 'get',
  path: '/api/places',
  summary: 'Buildings, floors and rooms as one flat list, each with its path ("Gedung B › Lantai 2 › Ruang 3.2")',
  description: 'Administrator and Staf.',
  request: { query: placeListQuery },
  responses: { 200: jsonResponse('The places, in code order', placeListSchema), ...errorResponses(400), ...denied },
});
openApiRegistry.registerPath({
  ...common,
  method: 'get',
  path: '/api/places/{id}',
  summary: 'One place with its path',
  description: 'Administrator and Staf.',
  request: { params: placeIdParams },
  responses: { 200: jsonResponse('The place', placeSchema), ...errorResponses(404), ...denied },
});
openApiRegistry.registerPath({
  ...common,
  method: 'post',
  path: '/api/places',
  summary: 'Add a building, floor or room (audited as place.create)',
  description:
    'Administrator and Staf. A code already used is refused (409, field code); a parent that does not fit the kind ' +
    '(a room under a floor or building, a floor under a building, a building under nothing) is a 400 naming parentId.',
  request: { body: jsonBody(placeCreateBody) },
  responses: { 201: jsonResponse('Added', placeSchema), ...errorResponses(400, 409), ...denied },
});
openApiRegistry.registerPath({
  ...common,
  method: 'patch',
  path: '/api/places/{id}',
  summary: 'Change a place; `active: false` deactivates it (there is no delete: tickets keep their place)',
  description: 'Administrator and Staf. Audited as place.update with before and after. Same rules as adding.',
  request: { params: placeIdParams, body: jsonBody(placeUpdateBody) },
  responses: { 200: jsonResponse('The changed place', placeSchema), ...errorResponses(400, 404, 409), ...denied },
});
openApiRegistry.registerPath({
  ...common,
  method: 'post',
  path: '/api/places/import',
  summary: 'Add and change places from a CSV or XLSX file (audited as place.import)',
  description:
    'Administrator and Staf. Columns by their header, Indonesian or English: kode/code, nama/name, jenis/kind ' +
    '(gedung, lantai, ruang or building, floor, room), induk/parent (a code existing or on an earlier row), alias/aliases ' +
    '(separated by ";" or ","). The answer reports every row: created, updated, unchanged or refused with the reason. ' +
    'A real import applies all rows in one transaction, or nothing when a row is refused; the same file again changes nothing. ' +
    'The file travels in the JSON body, so it must fit the /api body limit of 100 kB: a campus of a few thousand rooms fits as CSV.',
  request: { query: placeImportQuery, body: jsonBody(placeImportBody) },
  responses: { 200: jsonResponse('The row report', placeImportReportSchema), ...errorResponses(400, 413), ...denied },
});
openApiRegistry.registerPath({
  ...common,
  method: 'get',
  path: '/api/places/import-template.xlsx',
  summary: 'An XLSX template for the import: the columns and two example rows',
  description: 'Administrator and Staf.',
  responses: {
    200: {
      description: 'The workbook',
      content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } },
    },
    ...denied,
  },
});

/** Buildings, floors and rooms: /api/places. */
export function placeRouter(deps: ApiDeps): Router {
  const r = Router();
  const desk = requireLevel('Administrator', 'Staf');

  r.get('/places', desk, async (req, res) => {
    const filter = placeListQuery.parse(req.query);
    res.json({ items: (await searchPlaces(deps.db.kysely, filter)).map(presentPlace) });
  });

  // Before /places/:id, which would read these as an id.
  r.get('/places/import-template.xlsx', desk, async (_req, res) => {
    res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .attachment('template-tempat.xlsx')
      .send(await importTemplate());
  });

  r.post('/places/import', desk, async (req, res) => {
    const { dryRun } = placeImportQuery.parse(req.query);
    const body = placeImportBody.parse(req.body);
    res.json(await importPlaces(workOf(req, deps), deps.db.kysely, body, dryRun ?? false));
  });

  r.get('/places/:id', desk, async (req, res) => {
    const { id } = placeIdParams.parse(req.params);
    res.json(presentPlace(await getPlace(deps.db.kysely, id)));
  });

  r.post('/places', desk, async (req, res) => {
    const body = placeCreateBody.parse(req.body);
    const created = await createPlace(workOf(req, deps), body);
    res.status(201).location(`/api/places/${created.id}`).json(presentPlace(created));
  });

  r.patch('/places/:id', desk, async (req, res) => {
    const { id } = placeIdParams.parse(req.params);
    const body = placeUpdateBody.parse(req.body);
    res.json(presentPlace(await updatePlace(workOf(req, deps), id, body)));
  });

  return r;
}
