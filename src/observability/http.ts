import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logger';
import type { Metrics } from './metrics';

/** Probes and scrapes: answered often by machines, never logged per request. */
const PROBE_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/health', '/metrics']);

const ROUTE = Symbol('matchedRoutePattern');
const STATIC = Symbol('staticFile');

type Marked = { [ROUTE]?: string; [STATIC]?: boolean };

const pathOf = (url: string | undefined) => (url ?? '/').split('?')[0]!;

/**
 * Remembers the full pattern of the route that handles the request (`/api/tickets/:id`).
 * Express sets `req.route` to the matched route, whose path is relative to its router, and
 * restores `req.baseUrl` as the request leaves that router (an error does): so the pattern
 * is taken the moment the route is set, when baseUrl is its router's mount path.
 */
function captureRoute(req: Request): void {
  let route: unknown;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: { path?: unknown } | undefined) {
      route = value;
      if (value?.path !== undefined) (req as Marked)[ROUTE] = `${req.baseUrl}${String(value.path)}`;
    },
  });
}

/** The label of a finished request: its route pattern, `static` for a file served, else `unmatched`. */
function routeLabel(req: IncomingMessage, res: ServerResponse): string {
  const route = (req as Marked)[ROUTE];
  if (route !== undefined) return route || '/';
  return (res as Marked)[STATIC] && res.statusCode < 400 ? 'static' : 'unmatched';
}

/** Put in front of express.static: a file it serves is labelled `static` and not logged. */
export const markStatic: RequestHandler = (_req, res, next) => {
  (res as Marked)[STATIC] = true;
  next();
};

/** Observes every request's duration by method, route pattern and status. No query, no allocation beyond a listener. */
export function httpMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    captureRoute(req);
    res.once('finish', () => metrics.httpRequest(req.method, routeLabel(req, res), res.statusCode, (performance.now() - started) / 1000));
    next();
  };
}

/** A caller's X-Request-Id is kept when it looks like an id; anything else is replaced (it lands in every log line). */
const REQUEST_ID = /^[\w.:-]{1,128}$/;

function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/**
 * Above `info` pino-http would log nothing, yet still build a child logger and listeners per request: a
 * tenth of the webhook's CPU in the profile. Then only the id is kept (header, `req.id` for the audit
 * entries), and `req.log`, which a route uses for a warning or an error, is made on first use.
 */
function requestIdOnly(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const id = requestId(req, res);
    req.id = id;
    let child: Logger | undefined;
    Object.defineProperty(req, 'log', {
      configurable: true,
      get: () => (child ??= logger.child({ req: { id, method: req.method, path: pathOf(req.url) } })),
    });
    next();
  };
}

/**
 * One slim line per request: method, path without the query string (the webhook secret rides
 * there), status, response time, request id; no headers. Probes and served static files are not logged.
 */
export function requestLogger(logger: Logger): RequestHandler {
  if (!logger.isLevelEnabled('info')) return requestIdOnly(logger);
  return pinoHttp({
    logger,
    genReqId: requestId,
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: pathOf(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    autoLogging: { ignore: (req) => PROBE_PATHS.has(pathOf(req.url)) },
    customLogLevel: (_req, res) => ((res as Marked)[STATIC] && res.statusCode < 400 ? 'silent' : 'info'),
  }) as unknown as RequestHandler;
}
