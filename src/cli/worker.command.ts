import { loadConfig } from '../config';
import { migrateToLatest } from '../db/migrate';
import type { Server } from 'node:http';
import { createLogger } from '../logger';
import { createOpsApp } from '../ops-app';
import { Readiness } from '../observability/readiness';
import { createServices } from '../services';
import { systemClock } from '../shared/clock';
import { exitOnSignal, longRunningDb, startBackground, stopBackground } from './background';
import { boundHeapGrowth } from './heap-growth';

/**
 * `wa-ticketing worker`: message handling, draft prompts, the outbox sender, photo downloads and auto-close,
 * without the web server (run the web process with RUN_WORKER=false then).
 * @public loaded lazily by commands.ts with require().
 */
export async function runWorkerCommand(_argv: string[] = []): Promise<number> {
  boundHeapGrowth();
  const config = loadConfig();
  const logger = createLogger(config.logLevel, { process: 'worker' }, { format: config.logFormat });
  const db = longRunningDb(config, logger);
  await migrateToLatest(db);
  const services = createServices({ config, db, logger, clock: systemClock });
  startBackground(services);
  // Health and metrics on WORKER_PORT, for an orchestrator's probe and a Prometheus scrape.
  const readiness = new Readiness({ db });
  let ops: Server | undefined;
  if (config.workerPort !== undefined) {
    const app = createOpsApp({ db, readiness, metrics: services.metrics, config, logger });
    ops = await new Promise<Server>((resolve) => {
      const server = app.listen(config.workerPort, () => resolve(server));
    });
  }
  logger.info({ dryRun: config.fonnte.dryRun, port: config.workerPort }, 'worker started');
  exitOnSignal(async (signal) => {
    logger.info({ signal }, 'worker shutting down');
    readiness.markShuttingDown();
    if (ops) await new Promise<void>((resolve) => ops.close(() => resolve()));
    await stopBackground(services);
    await db.destroy();
  });
  return -1;
}
