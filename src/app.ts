import { dirname, join } from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import cors from 'cors';
import { apiRouter } from './http/api.router';
import type { TokenService } from './features/auth/token.service';
import type { Config } from './config';
import type { Db } from './db/create-db';
import { AppError } from './errors';
import type { ChatProcessor } from './chat/chat.processor';
import { errorHandler } from './http/error-handler';
import { healthRouter } from './observability/health.routes';
import type { Logger } from './logger';
import { httpMetrics, markStatic, requestLogger } from './observability/http';
import { Metrics } from './observability/metrics';
import { metricsRouter } from './observability/metrics.routes';
import { Readiness } from './observability/readiness';
import type { Clock } from './shared/clock';
import { projectRoot } from './shared/paths';
import { fonnteWebhookRouter } from './webhooks/fonnte/fonnte-webhook.routes';
import { fonnteStatusRouter } from './webhooks/fonnte/fonnte-status.routes';

/** node_modules/chart.js/dist, wherever npm put the package. */
const chartJsDir = dirname(require.resolve('chart.js'));

export interface AppDeps {
  config: Config;
  db: Db;
  logger: Logger;
  clock: Clock;
  processor: Pick<ChatProcessor, 'notify'>;
  tokens: TokenService;
  /** Wakes the outbox sender after an API write queued messages. */
  notifyOutbox: () => void;
  /** The process's readiness (the entry point marks it shutting down); without it, a new one. */
  readiness?: Readiness;
  /** The process's metrics (`services.metrics`); without it, the app counts into one of its own. */
  metrics?: Metrics;
}

/** Express wiring only: it never listens, so tests drive it in-process over HTTP. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const readiness = deps.readiness ?? new Readiness({ db: deps.db });
  const metrics =
    deps.metrics ??
    new Metrics({
      db: deps.db,
      clock: deps.clock,
      device: deps.config.fonnte.device,
      dryRun: deps.config.fonnte.dryRun,
      processMetrics: false,
      logger: deps.logger,
    });
  app.use(httpMetrics(metrics));
  app.use(requestLogger(deps.logger));
  // First, on the busiest path: a machine posting JSON that gets JSON back needs neither the page
  // headers below nor a walk past the health, metrics and status routes.
  app.use(fonnteWebhookRouter({ ...deps, metrics }));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        // No inline scripts anywhere: WhatsApp text shown in the dashboard is untrusted.
        // upgrade-insecure-requests is off: a campus server on a LAN address over plain HTTP
        // would otherwise have every script and stylesheet rewritten to https and fail.
        directives: { 'script-src': ["'self'"], 'img-src': ["'self'", 'data:', 'blob:'], 'upgrade-insecure-requests': null },
      },
    }),
  );
  app.use(healthRouter(readiness));
  app.use(metricsRouter(metrics, deps.config.metricsToken));
  app.use(fonnteStatusRouter(deps));
  app.use('/api', cors({ origin: deps.config.corsOrigins.length ? [...deps.config.corsOrigins] : false, credentials: false }));
  app.use('/api', apiRouter(deps));
  app.use(markStatic, express.static(join(projectRoot, 'public')));
  // Chart.js for the dashboard's statistics, from the npm package (no CDN: the CSP allows 'self' only).
  app.use('/vendor/chart.js', express.static(chartJsDir, { index: false, maxAge: '1d' }));
  app.use((req, _res, next) => next(new AppError('NOT_FOUND', `${req.method} ${req.path} not found`)));
  app.use(errorHandler(deps.logger));
  return app;
}
