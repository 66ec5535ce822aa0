import { sql, type Kysely, type Migration } from 'kysely';
import type { MigrationContext } from './index';

/**
 * The login limiter's counters, shared by every process on the database (per-IP windows,
 * per-username failure streaks and blocks; the key carries the limiter's prefix).
 *
 * The columns are rate-limiter-flexible's own, in its order: RateLimiterMySQL inserts
 * `VALUES (?, ?, ?)` without naming them, and RateLimiterSQLite upserts `ON CONFLICT(key)`.
 * The limiters run with `tableCreated: true`, so the library never issues DDL itself.
 * One deliberate difference on MySQL: the key is utf8mb4 with a binary collation (the library
 * creates `utf8`, case-insensitive), so any username the login accepts can be stored, and two
 * names that differ only in accents or case are two keys. The index on `expire` serves the
 * periodic removal of expired rows.
 */
export function loginLimits({ dialect, tableEnd }: MigrationContext): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('login_limits')
        .addColumn('key', dialect === 'mysql' ? sql`varchar(255) character set utf8mb4 collate utf8mb4_bin` : 'text', (c) => c.primaryKey())
        .addColumn('points', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('expire', dialect === 'mysql' ? sql`bigint unsigned` : 'integer')
        .modifyEnd(tableEnd)
        .execute();
      await db.schema.createIndex('login_limits_expire').on('login_limits').column('expire').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('login_limits').execute();
    },
  };
}
