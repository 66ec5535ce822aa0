import { loadDatabaseConfig } from '../config';
import { createDb } from '../db/create-db';
import { migrateToLatest } from '../db/migrate';

/**
 * `wa-ticketing migrate`: brings DATABASE_URL's schema up to date and exits.
 * @public loaded lazily by commands.ts with require().
 */
export async function runMigrateCommand(_argv: string[] = []): Promise<number> {
  const config = loadDatabaseConfig();
  const db = createDb(config.databaseUrl, { poolSize: 2 });
  try {
    const applied = await migrateToLatest(db);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema already up to date');
    return 0;
  } finally {
    await db.destroy();
  }
}
