import { dirname, join } from 'node:path';
import { Router } from 'express';
import { projectRoot } from '../shared/paths';
import type { ApiDeps } from './api-deps';
import { openApiDocument, openApiRegistry } from './openapi';

const swaggerUiDir = dirname(require.resolve('swagger-ui-dist/package.json'));
const docsDir = join(projectRoot, 'public', 'api-docs');
/** The only files of swagger-ui-dist served: its own index and initializer point at the petstore. */
const swaggerAssets = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png', 'favicon-16x16.png']);

let cached: { definitions: number; document: ReturnType<typeof openApiDocument> } | undefined;

/** Built on first use (every router has registered by then) and again only if a route was registered since. */
function currentDocument(definitions: number): ReturnType<typeof openApiDocument> {
  if (!cached || cached.definitions !== definitions) cached = { definitions, document: openApiDocument() };
  return cached.document;
}

/**
 * /api/openapi.json and the Swagger UI at /api/docs, both public. The UI is served from the
 * swagger-ui-dist package (no CDN) with a static initializer, so it runs under the CSP.
 */
export function openApiRouter(_deps: ApiDeps): Router {
  const r = Router();
  r.get('/openapi.json', (_req, res) => {
    res.json(currentDocument(openApiRegistry.definitions.length));
  });
  r.get('/docs', (_req, res) => res.sendFile(join(docsDir, 'index.html')));
  r.get('/docs/init.js', (_req, res) => res.sendFile(join(docsDir, 'init.js')));
  r.get('/docs/:asset', (req, res, next) => {
    if (!swaggerAssets.has(req.params.asset)) return next();
    res.sendFile(join(swaggerUiDir, req.params.asset), { maxAge: '1d' });
  });
  return r;
}
