import { ConfigError, loadConfig } from '../config';
import { createDb } from './create-db';
import { migrateToLatest } from './migrate';

/** `npm run migrate`: brings DATABASE_URL's schema up to date and exits. */
async function main(): Promise<void> {
  try {
    process.loadEnvFile();
  } catch {
    // no .env
  }
  const config = loadConfig();
  const db = createDb(config.databaseUrl);
  try {
    const applied = await migrateToLatest(db);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema already up to date');
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
