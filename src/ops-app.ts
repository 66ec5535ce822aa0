import express, { type Express } from 'express';
import type { Config } from './config';
import type { Db } from './db/create-db';
import { errorHandler } from './http/error-handler';
import { healthRouter } from './observability/health.routes';
import type { Logger } from './logger';
import type { Metrics } from './observability/metrics';
import { metricsRouter } from './observability/metrics.routes';
import { Readiness } from './observability/readiness';

export interface OpsAppDeps {
  db: Db;
  /** The process's readiness; a new one (never shutting down) when omitted. */
  readiness?: Readiness;
  metrics: Metrics;
  config: Pick<Config, 'metricsToken'>;
  logger: Logger;
}

/**
 * `GET /healthz`, `/readyz`, `/health` and `/metrics` alone, for a process without the web
 * app (the worker) to listen with on its own port. Anything else is 404. Never listens itself.
 */
export function createOpsApp(deps: OpsAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRouter(deps.readiness ?? new Readiness({ db: deps.db })));
  app.use(metricsRouter(deps.metrics, deps.config.metricsToken));
  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: 'not found' } });
  });
  app.use(errorHandler(deps.logger));
  return app;
}
