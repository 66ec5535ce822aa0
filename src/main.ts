import type { Server } from 'node:http';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createDb } from './db/create-db';
import { migrateToLatest } from './db/migrate';
import { createLogger } from './logger';
import { createServices } from './services';
import { systemClock } from './shared/clock';
import { DEMO_PASSWORD, demoSignInNotice, seedDemoData } from '../seeds/demo';
import { bootstrapAdmin } from './features/auth/bootstrap-admin';

if (process.env.NODE_ENV !== 'production') {
  try {
    process.loadEnvFile();
  } catch {
    // No .env file: the environment alone configures the service.
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const db = createDb(config.databaseUrl, { poolSize: config.databasePoolSize });
  const applied = await migrateToLatest(db);
  if (applied.length) logger.info({ applied }, 'database migrated');
  const demoPasswords = config.env === 'development';
  if (config.seedDemoData && (await seedDemoData(db, systemClock.now(), demoPasswords ? { password: DEMO_PASSWORD } : {}))) {
    logger.info('demo data loaded');
  }
  await bootstrapAdmin({ db, config, clock: systemClock, logger });
  const demoNotice = demoPasswords && config.seedDemoData ? await demoSignInNotice(db) : undefined;

  const services = createServices({ config, db, logger, clock: systemClock });
  // With RUN_WORKER=false, `npm run worker` handles the stored messages: it polls for them.
  const processor = config.runWorker ? services.processor : { notify: () => undefined };
  const app = createApp({ config, db, logger, clock: systemClock, processor, tokens: services.tokens, notifyOutbox: () => services.outbox.notify() });
  if (config.runWorker) {
    services.processor.start();
    services.outbox.start();
    services.media.start();
    services.autoClose.start();
  }

  const server: Server = app.listen(config.port, () => {
    const url = `${config.publicUrl}/webhooks/fonnte?secret=${config.webhookSecretGenerated ? config.webhookSecret : '<WEBHOOK_SECRET>'}`;
    logger.info({ port: config.port, database: db.dialect, dryRun: config.fonnte.dryRun }, 'wa-ticketing listening');
    // Printed plainly so a person can paste it into Fonnte's device settings.
    console.log(`\nFonnte webhook URL: ${url}${config.fonnte.dryRun ? '\nGateway in dry-run: replies are stored, not sent (set FONNTE_TOKEN to send).' : ''}\n`);
    console.log(`Admin API: ${config.publicUrl}/api/docs${demoNotice ? `\n${demoNotice}` : ''}\n`);
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 25_000).unref();
    // Stop taking connections and let requests already in flight (a body still arriving
    // included) finish and be stored before the workers and the database go.
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await services.processor.stop();
    await services.outbox.stop();
    await services.media.stop();
    await services.autoClose.stop();
    await db.destroy();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
