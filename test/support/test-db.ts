import { createDb, type Db, type Dialect } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrate';
import { createMysqlTestDatabase } from './mysql-databases';

export interface TestDb {
  db: Db;
  url: string;
  /** Destroys the pool and drops the MySQL database. */
  close(): Promise<void>;
}

/** A fresh, migrated database of the given dialect, private to the calling test file. */
export async function openTestDb(dialect: Dialect): Promise<TestDb> {
  if (dialect === 'sqlite') {
    const url = 'sqlite::memory:';
    const db = createDb(url);
    await migrateToLatest(db);
    return { db, url, close: () => db.destroy() };
  }
  const created = await createMysqlTestDatabase();
  const db = createDb(created.url, { poolSize: 20 });
  await migrateToLatest(db);
  return {
    db,
    url: created.url,
    async close() {
      await db.destroy();
      await created.drop();
    },
  };
}

const skipReason = process.env.TEST_MYSQL_SKIP;
if (skipReason && process.env.CI === 'true') {
  throw new Error(`MariaDB is required in CI: ${skipReason}`);
}

/** The dialects every component suite runs against; MariaDB is left out only outside CI with a notice. */
const dialects: Dialect[] = skipReason ? ['sqlite'] : ['sqlite', 'mysql'];

/**
 * Declares `fn`'s suite once per dialect, named so a failure says which database it was.
 * Outside CI, without MariaDB, the MySQL suite is declared skipped so the run reports it.
 */
export function describeEachDialect(name: string, fn: (dialect: Dialect) => void): void {
  for (const dialect of ['sqlite', 'mysql'] as const) {
    const declare = dialects.includes(dialect) ? describe : describe.skip;
    declare(`${name} [${dialect}]`, () => fn(dialect));
  }
}
