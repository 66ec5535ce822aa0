import { loadConfig } from '../config';
import { createDb } from '../db/create-db';
import { migrateToLatest } from '../db/migrate';
import { createLogger } from '../logger';
import { createServices } from '../services';
import { systemClock } from '../shared/clock';
import { exitOnSignal, startBackground, stopBackground } from './background';

/**
 * `wa-ticketing worker`: message handling, the outbox sender, photo downloads and auto-close,
 * without the web server (run the web process with RUN_WORKER=false then).
 */
export async function runWorkerCommand(_argv: string[] = []): Promise<number> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, { process: 'worker' });
  const db = createDb(config.databaseUrl, { poolSize: config.databasePoolSize });
  await migrateToLatest(db);
  const services = createServices({ config, db, logger, clock: systemClock });
  startBackground(services);
  logger.info({ dryRun: config.fonnte.dryRun }, 'worker started');
  exitOnSignal(async (signal) => {
    logger.info({ signal }, 'worker shutting down');
    await stopBackground(services);
    await db.destroy();
  });
  return -1;
}
