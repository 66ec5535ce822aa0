import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  CompiledQuery,
  Kysely,
  MysqlAdapter,
  MysqlDialect,
  SqliteDialect,
  type SqliteDatabase as KyselySqlite,
  type Transaction,
} from 'kysely';
import SqliteDatabase from 'better-sqlite3';
import { createPool, type Pool } from 'mysql2';
import type { Database } from './database';
import { startCheckpointer, type CheckpointerOptions } from './sqlite-checkpointer';
import { withStatementHook } from './statement-hook';

export type Dialect = 'mysql' | 'sqlite';

/** Which database an executor talks to, for the few statements the dialects spell differently. */
export function dialectOf(ex: Executor): Dialect {
  return ex.getExecutor().adapter instanceof MysqlAdapter ? 'mysql' : 'sqlite';
}
export type Executor = Kysely<Database> | Transaction<Database>;

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: Dialect;
  /**
   * The driver's own handle, for a library that speaks to it directly (the login limiter).
   * Read-only use: Kysely owns it and `destroy()` closes it.
   */
  readonly raw: RawDb;
  destroy(): Promise<void>;
}

type RawDb = { kind: 'mysql'; pool: Pool; databaseName: string } | { kind: 'sqlite'; database: SqliteDatabase.Database };

/**
 * Kysely's SQLite driver prepares every query anew, and SQLite compiles the SQL each time, on the one
 * thread that also answers the webhooks (8 % of the service's CPU under webhook load; the webhook's
 * INSERT and a SELECT went from 130–150 to 107–110 µs of CPU with this cache). The same few dozen
 * statements come back all the time, so the prepared ones are kept, the least recently used dropped
 * first. A statement still being iterated (a stream) is never handed out a second time.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, max = 256): KyselySqlite {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      const kept = cache.get(sql);
      if (kept && !kept.busy) {
        cache.delete(sql);
        cache.set(sql, kept);
        return kept;
      }
      const fresh = sqlite.prepare(sql);
      if (!kept) {
        cache.set(sql, fresh);
        if (cache.size > max) cache.delete(cache.keys().next().value!);
      }
      return fresh;
    },
  };
}

export interface DbOptions {
  /** MySQL: connections in the pool. Default 10. */
  poolSize?: number;
  /**
   * SQLite file: checkpoint the write-ahead log in a worker thread instead of in whichever commit
   * crosses 1,000 pages (sqlite-checkpointer.ts). For the long-running processes (serve, worker);
   * a short command leaves SQLite's default.
   */
  backgroundCheckpoints?: CheckpointerOptions;
}

/**
 * Opens the database named by a `mysql://` or `sqlite:` URL.
 * SQLite runs in WAL mode with a busy timeout so `npm run worker` can share the file.
 */
export function createDb(url: string, opts: DbOptions = {}): Db {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length) || ':memory:';
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const sqlite = new SqliteDatabase(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    const kysely = new Kysely<Database>({ dialect: withStatementHook(new SqliteDialect({ database: withStatementCache(sqlite) })) });
    const checkpointer =
      opts.backgroundCheckpoints && path !== ':memory:' ? startCheckpointer(sqlite, path, opts.backgroundCheckpoints) : undefined;
    const destroy = async () => {
      await checkpointer?.stop();
      await kysely.destroy();
    };
    return { kysely, dialect: 'sqlite', raw: { kind: 'sqlite', database: sqlite }, destroy };
  }
  const uri = url.replace(/^mariadb:/, 'mysql:');
  const pool = createPool({
    uri,
    connectionLimit: opts.poolSize ?? 10,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    supportBigNumbers: true,
    connectTimeout: 5000,
    enableKeepAlive: true,
  });
  const kysely = new Kysely<Database>({
    dialect: withStatementHook(
      new MysqlDialect({
        pool,
        // Every transaction reads committed data (see inTransaction); set once per connection
        // rather than before every transaction, which cost a round trip each time.
        onCreateConnection: (conn) =>
          conn.executeQuery(CompiledQuery.raw('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED')).then(() => undefined),
      }),
    ),
  });
  const databaseName = decodeURIComponent(new URL(uri).pathname.slice(1));
  return { kysely, dialect: 'mysql', raw: { kind: 'mysql', pool, databaseName }, destroy: () => kysely.destroy() };
}
