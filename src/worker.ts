import { loadConfig, ConfigError } from './config';
import { createDb } from './db/create-db';
import { migrateToLatest } from './db/migrate';
import { createLogger } from './logger';
import { createServices } from './services';
import { systemClock } from './shared/clock';

/**
 * `npm run worker`: message handling, the outbox sender, photo downloads and auto-close, without the
 * HTTP server (run the web process with RUN_WORKER=false then).
 */
async function main(): Promise<void> {
  try {
    process.loadEnvFile();
  } catch {
    // no .env
  }
  const config = loadConfig();
  const logger = createLogger(config.logLevel, { process: 'worker' });
  const db = createDb(config.databaseUrl, { poolSize: config.databasePoolSize });
  await migrateToLatest(db);
  const services = createServices({ config, db, logger, clock: systemClock });
  services.outbox.start();
  services.media.start();
  services.autoClose.start();
  services.processor.start();
  logger.info({ dryRun: config.fonnte.dryRun }, 'worker started');
  const shutdown = async () => {
    await services.processor.stop();
    await services.outbox.stop();
    await services.media.stop();
    await services.autoClose.stop();
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
