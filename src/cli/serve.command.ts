import type { Server } from 'node:http';
import { createApp } from '../app';
import { loadConfig } from '../config';
import { migrateToLatest } from '../db/migrate';
import { bootstrapAdmin } from '../features/auth/bootstrap-admin';
import { createLogger } from '../logger';
import { Readiness } from '../observability/readiness';
import { createServices } from '../services';
import { systemClock } from '../shared/clock';
import { DEMO_PASSWORD, demoSignInNotice, seedDemoData } from '../../seeds/demo';
import { exitOnSignal, longRunningDb, startBackground, stopBackground } from './background';
import { boundHeapGrowth } from './heap-growth';

/**
 * `wa-ticketing serve`: migrations, demo data and first Administrator, then the web service (and the worker unless RUN_WORKER=false).
 * @public loaded lazily by commands.ts with require().
 */
export async function runServeCommand(_argv: string[] = []): Promise<number> {
  boundHeapGrowth();
  const config = loadConfig();
  const logger = createLogger(config.logLevel, {}, { format: config.logFormat });
  const db = longRunningDb(config, logger);
  const applied = await migrateToLatest(db);
  if (applied.length) logger.info({ applied }, 'database migrated');
  const demoPasswords = config.env === 'development';
  if (config.seedDemoData && (await seedDemoData(db, systemClock.now(), demoPasswords ? { password: DEMO_PASSWORD } : {}))) {
    logger.info('demo data loaded');
  }
  await bootstrapAdmin({ db, config, clock: systemClock, logger });
  const demoNotice = demoPasswords && config.seedDemoData ? await demoSignInNotice(db) : undefined;
  if (config.env === 'production' && !config.publicUrlGiven) {
    logger.warn(
      `PUBLIC_URL is not set: the webhook URL and links printed below use ${config.publicUrl}; set PUBLIC_URL to the address Fonnte and the desk reach this service at`,
    );
  }

  const services = createServices({ config, db, logger, clock: systemClock });
  // With RUN_WORKER=false, `wa-ticketing worker` handles the stored messages: it polls for them.
  const processor = config.runWorker ? services.processor : { notify: () => undefined };
  const readiness = new Readiness({ db });
  const app = createApp({
    config,
    db,
    logger,
    clock: systemClock,
    processor,
    tokens: services.tokens,
    notifyOutbox: () => services.outbox.notify(),
    readiness,
    metrics: services.metrics,
  });
  if (config.runWorker) startBackground(services);

  const server: Server = app.listen(config.port, () => {
    const secret = config.webhookSecretGenerated ? config.webhookSecret : '<WEBHOOK_SECRET>';
    logger.info(
      { port: config.port, database: db.dialect, dryRun: config.fonnte.dryRun, worker: config.runWorker },
      'wa-ticketing listening',
    );
    // Printed plainly so a person can open the dashboard and paste the webhook URL into Fonnte's device settings.
    console.log(
      [
        '',
        `Dashboard:          ${config.publicUrl}/`,
        `Fonnte webhook URL: ${config.publicUrl}/webhooks/fonnte?secret=${secret}`,
        `Admin API:          ${config.publicUrl}/api/docs`,
        ...(config.fonnte.dryRun ? ['Gateway in dry-run: replies are stored, not sent (set FONNTE_TOKEN to send).'] : []),
        ...(demoNotice ? [demoNotice] : []),
        '',
      ].join('\n'),
    );
  });

  exitOnSignal(async (signal) => {
    logger.info({ signal }, 'shutting down');
    // Not ready first, so a load balancer stops sending while the server still answers.
    readiness.markShuttingDown();
    if (config.shutdownDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, config.shutdownDelayMs));
    // Stop taking connections and let requests already in flight (a body still arriving
    // included) finish and be stored before the workers and the database go.
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stopBackground(services);
    await db.destroy();
  });
  return -1;
}
