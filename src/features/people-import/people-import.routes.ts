import express, { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';
import { requireLevel } from '../../http/auth.middleware';
import { toIso } from '../../http/fields.schema';
import { openApiRegistry } from '../../http/openapi';
import { errorResponses, jsonBody, jsonResponse, signedIn } from '../../http/openapi-responses';
import { workOf } from '../../http/unit-of-work';
import { AppError } from '../../errors';
import { setPasswordLinkRouter } from '../auth/set-password-link.routes';
import { issueSetPasswordLink } from '../auth/set-password-link.service';
import {
  peopleImportBody,
  peopleImportQuery,
  peopleImportReportSchema,
  peopleTemplateQuery,
  setPasswordLinkSchema,
  staffIdParams,
} from './people-import.schema';
import { applyPeopleImport, previewPeopleImport, type PeopleImportInput, type PeopleImportReport } from './people-import.service';
import { peopleTemplate } from './people-template';

const common = { tags: ['people import'], security: signedIn };
const denied = errorResponses(401, 403);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A raw upload may be large (20,000 employees); the JSON body stays under the API-wide 100 kB. */
const RAW_LIMIT = '20mb';

openApiRegistry.registerPath({
  ...common,
  method: 'post',
  path: '/api/people/import',
  summary: 'Add and change employees or staff from a CSV or XLSX file (audited as employee.import / staff.import)',
  description:
    'Administrator. The file comes as JSON `{ kind, filename, content (base64) }` (up to 100 kB), or as the raw file ' +
    '(Content-Type text/csv, application/octet-stream or the XLSX type, up to 20 MB) with kind and filename in the query. ' +
    'Headers are matched loosely, Indonesian or English. A person is matched by id, else by phone (staff: else by username); ' +
    'an empty cell keeps what is stored. Units must be in the directory already unless allowNewUnits. Every row is reported: ' +
    'create, update, unchanged or refused with reason codes. A real import applies everything in one transaction, or nothing ' +
    'when a row is refused; the same file again changes nothing. New staff get no password but a one-time set-password link, ' +
    'returned once in `links`.',
  request: {
    query: peopleImportQuery,
    body: { ...jsonBody(peopleImportBody), content: { ...jsonBody(peopleImportBody).content, 'text/csv': { schema: { type: 'string' } } } },
  },
  responses: { 200: jsonResponse('The row report', peopleImportReportSchema), ...errorResponses(400, 409, 413), ...denied },
});
openApiRegistry.registerPath({
  ...common,
  method: 'get',
  path: '/api/people/import-template.xlsx',
  summary: 'An XLSX template for the import of employees or staff: the columns and an example',
  description: 'Administrator.',
  request: { query: peopleTemplateQuery },
  responses: { 200: { description: 'The workbook', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } }, ...denied },
});
openApiRegistry.registerPath({
  ...common,
  method: 'post',
  path: '/api/staff/{id}/set-password-link',
  summary: 'A fresh one-time set-password link for a staff member (audited as staff.set_password_link)',
  description: 'Administrator. Earlier unused links of that person stop working. The URL is shown once and never stored.',
  request: { params: staffIdParams },
  responses: { 201: jsonResponse('The link', setPasswordLinkSchema), ...errorResponses(404, 409), ...denied },
});

/**
 * Bulk import of employees and staff from XLSX/CSV (issue 16 part 1). `publicRoutes` come before
 * authentication: a set-password link is used by someone who cannot sign in yet.
 */
export function peopleImportRouter(deps: ApiDeps): { routes: Router; publicRoutes: Router } {
  const r = Router();
  const administrator = requireLevel('Administrator');
  const raw = express.raw({ type: ['text/csv', 'text/plain', 'application/octet-stream', XLSX], limit: RAW_LIMIT });
  const settings = { publicUrl: deps.config.publicUrl, setPasswordLinkMs: deps.config.setPasswordLinkMs, timezone: deps.config.timezone };

  r.get('/people/import-template.xlsx', administrator, async (req, res) => {
    const { kind } = peopleTemplateQuery.parse(req.query);
    res
      .type(XLSX)
      .attachment(kind === 'staff' ? 'template-staf.xlsx' : 'template-pegawai.xlsx')
      .send(await peopleTemplate(kind));
  });

  r.post('/people/import', administrator, raw, async (req, res) => {
    const query = peopleImportQuery.parse(req.query);
    const input = inputOf(req.body, query);
    const report = query.dryRun
      ? await previewPeopleImport(deps.db.kysely, input)
      : await applyPeopleImport(workOf(req, deps), input, settings);
    res.json(present(report));
  });

  r.post('/staff/:id/set-password-link', administrator, async (req, res) => {
    const { id } = staffIdParams.parse(req.params);
    const link = await issueSetPasswordLink(workOf(req, deps), id, { ttlMs: settings.setPasswordLinkMs, publicUrl: settings.publicUrl });
    res.status(201).json({ ...link, expiresAt: toIso(link.expiresAt) });
  });

  return { routes: r, publicRoutes: setPasswordLinkRouter(deps) };
}

/** The import from a JSON body (base64) or a raw upload (a Buffer from express.raw). */
function inputOf(body: unknown, query: ReturnType<typeof peopleImportQuery.parse>): PeopleImportInput {
  if (Buffer.isBuffer(body)) {
    if (!query.kind) throw new AppError('VALIDATION_FAILED', 'kind: required with a raw upload', { field: 'kind' });
    if (body.length === 0) throw new AppError('VALIDATION_FAILED', 'content: empty file', { field: 'content' });
    return { kind: query.kind, filename: query.filename ?? null, content: body, allowNewUnits: query.allowNewUnits };
  }
  const b = peopleImportBody.parse(body);
  return {
    kind: b.kind,
    filename: b.filename ?? null,
    content: Buffer.from(b.content, 'base64'),
    allowNewUnits: b.allowNewUnits ?? query.allowNewUnits,
  };
}

function present(report: PeopleImportReport) {
  return { ...report, links: report.links.map((l) => ({ ...l, expiresAt: toIso(l.expiresAt) })) };
}
