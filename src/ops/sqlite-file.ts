import { closeSync, fsyncSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { migrationProvider } from '../../migrations';

/** A backup or restore that could not be done; the message says why, for a person. */
export class OpsError extends Error {
  constructor(
    readonly code:
      'NOT_SQLITE_URL' | 'NOT_FOUND' | 'CORRUPT' | 'NOT_WA_TICKETING' | 'SCHEMA_NEWER' | 'IN_USE' | 'TARGET_EXISTS' | 'SAME_FILE',
    message: string,
  ) {
    super(message);
    this.name = 'OpsError';
  }
}

/** The file behind a `sqlite:` URL, absolute; undefined for a MySQL/MariaDB URL. Refuses `:memory:`. */
export function sqlitePathOf(databaseUrl: string): string | undefined {
  if (!databaseUrl.startsWith('sqlite:')) return undefined;
  const path = databaseUrl.slice('sqlite:'.length);
  if (!path || path === ':memory:')
    throw new OpsError('NOT_SQLITE_URL', 'an in-memory SQLite database (sqlite::memory:) has nothing to back up or restore');
  return resolve(path);
}

/** `20261203T041800Z`: sorts by time, safe in file names on every system. */
export function utcStamp(at: Date = new Date()): string {
  return at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** The migration names this build knows, in order (migrations/index.ts). */
export async function knownMigrations(): Promise<string[]> {
  return Object.keys(await migrationProvider('sqlite').getMigrations()).sort();
}

export interface SqliteInspection {
  /** `PRAGMA integrity_check`'s answer: `['ok']` when sound. */
  integrity: string[];
  /** The migrations recorded in the file, in order. */
  migrations: string[];
  tickets: number;
  inboundMessages: number;
  outboundMessages: number;
}

/**
 * Checks that the SQLite file at `path` is sound and is a wa-ticketing database whose schema this
 * build knows (unless `allowNewer`); throws OpsError (CORRUPT, NOT_WA_TICKETING, SCHEMA_NEWER) otherwise.
 */
export async function inspectSqliteFile(path: string, opts: { allowNewer?: boolean } = {}): Promise<SqliteInspection> {
  const own = openReadOnly(path);
  try {
    return await inspectOpen(own, path, opts);
  } catch (err) {
    // A damaged page can also surface in the queries after integrity_check.
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
      throw new OpsError('CORRUPT', `${path} is damaged: ${(err as Error).message}`);
    throw err;
  } finally {
    own.close();
  }
}

async function inspectOpen(own: SqliteDatabase.Database, path: string, opts: { allowNewer?: boolean }): Promise<SqliteInspection> {
  {
    let integrity: string[];
    try {
      integrity = (own.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
    } catch (err) {
      throw new OpsError('CORRUPT', `${path} is not a readable SQLite database: ${(err as Error).message}`);
    }
    if (integrity.length !== 1 || integrity[0] !== 'ok') {
      throw new OpsError('CORRUPT', `${path} failed PRAGMA integrity_check: ${integrity.slice(0, 5).join('; ')}`);
    }
    const tables = new Set(
      (own.prepare(`select name from sqlite_master where type = 'table'`).all() as Array<{ name: string }>).map((r) => r.name),
    );
    for (const t of ['kysely_migration', 'tickets', 'inbound_messages', 'outbound_messages']) {
      if (!tables.has(t)) throw new OpsError('NOT_WA_TICKETING', `${path} is not a wa-ticketing database (no ${t} table)`);
    }
    const migrations = (own.prepare('select name from kysely_migration order by name').all() as Array<{ name: string }>).map((r) => r.name);
    if (!migrations.includes('0001-initial'))
      throw new OpsError('NOT_WA_TICKETING', `${path} is not a wa-ticketing database (migration 0001-initial not recorded)`);
    const known = new Set(await knownMigrations());
    const unknown = migrations.filter((m) => !known.has(m));
    if (unknown.length && !opts.allowNewer) {
      throw new OpsError(
        'SCHEMA_NEWER',
        `${path} was written by a newer version (migrations this version does not know: ${unknown.join(', ')}); restore it with that version or newer`,
      );
    }
    const count = (t: string) => Number((own.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n);
    return {
      integrity,
      migrations,
      tickets: count('tickets'),
      inboundMessages: count('inbound_messages'),
      outboundMessages: count('outbound_messages'),
    };
  }
}

/** Opens an existing SQLite file without writing to it; a file that is not SQLite is CORRUPT. */
export function openReadOnly(path: string): SqliteDatabase.Database {
  try {
    const db = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_CANTOPEN') throw new OpsError('NOT_FOUND', `${path} does not exist or cannot be opened`);
    throw new OpsError('CORRUPT', `${path} is not a readable SQLite database: ${(err as Error).message}`);
  }
}

/**
 * Copies a live SQLite database into `dest` with SQLite's online backup API (it reads through the
 * pager, so what is still in the -wal file is included). Everything is copied in one step, that
 * is inside one read snapshot: a service writing meanwhile is not blocked (WAL) and cannot make
 * the copy restart, which a page-by-page copy does after every write from another connection.
 * The copy is left in rollback-journal mode, so it is one self-contained file.
 */
export async function copyWithBackupApi(source: SqliteDatabase.Database, dest: string): Promise<void> {
  await source.backup(dest, { progress: () => 0x7fffffff });
  const copy = new SqliteDatabase(dest, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  fsyncPath(dest);
}

/** Flushes a file (or a directory's entries, after a rename) to the disk. */
function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export const fsyncDir = (file: string) => fsyncPath(dirname(file));
