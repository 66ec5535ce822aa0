import { existsSync, realpathSync } from 'node:fs';
import { link, mkdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { Logger } from '../logger';
import { mediaFolderOf } from './backup';
import { copyMedia, type MediaCopy } from './media-copy';
import { mysqlRestoreCommand } from './mysql-commands';
import {
  copyWithBackupApi,
  fsyncDir,
  inspectSqliteFile,
  knownMigrations,
  openReadOnly,
  OpsError,
  sqlitePathOf,
  utcStamp,
  type SqliteInspection,
} from './sqlite-file';

export interface RestoreOptions {
  /** DATABASE_URL of the service to restore into: `sqlite:<path>` or `mysql://…`. */
  databaseUrl: string;
  /** The backup file (a `.db` made by backupDatabase, or for MySQL the dump). */
  source: string;
  /** Replace a database file that exists already (it is kept as `<file>.pre-restore-<stamp>`). */
  force?: boolean;
  /** When set, the backup's `.media` folder is copied into this MEDIA_DIR (existing files kept). */
  mediaDir?: string;
  logger?: Pick<Logger, 'info'>;
}

export type RestoreResult =
  | ({
      kind: 'sqlite';
      /** The database file now holding the backup. */
      path: string;
      source: string;
      bytes: number;
      /** Where the database that was replaced was kept, if there was one. */
      previous?: string;
      /** Migrations this version has and the backup lacks: they run at the next start or `wa-ticketing migrate`. */
      pendingMigrations: string[];
      media?: MediaCopy;
    } & SqliteInspection)
  | { kind: 'mysql'; command: string };

/**
 * Replaces the SQLite database of `databaseUrl` with a backup.
 *
 * Refuses (OpsError) a backup that fails `PRAGMA integrity_check` (CORRUPT), one that is not a
 * wa-ticketing database (NOT_WA_TICKETING), one whose schema is newer than this version's
 * migrations (SCHEMA_NEWER), a database file some process has open (IN_USE: a running service
 * or worker holds a lock on it as long as it runs; found by trying SQLite's exclusive lock), and
 * an existing database without `force` (TARGET_EXISTS).
 *
 * The backup is copied and checked beside the database under a temporary name, stale `-wal` and
 * `-shm` files of the old database are removed, and the copy is renamed over the database: a
 * crash at any moment leaves either the old database or the restored one, never a mix.
 *
 * MySQL/MariaDB: resolves with the `mariadb … < dump.sql` command to run instead.
 */
export async function restoreDatabase(opts: RestoreOptions): Promise<RestoreResult> {
  const target = sqlitePathOf(opts.databaseUrl);
  if (!target) return { kind: 'mysql', command: mysqlRestoreCommand(opts.databaseUrl, opts.source) };
  const source = resolve(opts.source);
  if (!existsSync(source)) throw new OpsError('NOT_FOUND', `the backup ${source} does not exist`);
  if (existsSync(target) && realpathSync(target) === realpathSync(source))
    throw new OpsError('SAME_FILE', 'the backup is the database itself');

  const inspection = await inspectSqliteFile(source);
  // Checked before anything is written, and again (the lock is held) just before the swap.
  const exists = existsSync(target);
  if (exists) {
    lockExclusively(target).close();
    if (!opts.force)
      throw new OpsError('TARGET_EXISTS', `${target} exists; pass --force to replace it (it is kept as ${target}.pre-restore-<time>)`);
  }
  await mkdir(dirname(target), { recursive: true });

  const partial = `${target}.restore-${process.pid}`;
  let previous: string | undefined;
  try {
    const src = openReadOnly(source);
    try {
      await copyWithBackupApi(src, partial);
    } finally {
      src.close();
    }
    // What is installed is what was checked: the copy itself, not only its source.
    await inspectSqliteFile(partial);

    if (existsSync(target)) {
      const lock = lockExclusively(target);
      // Closing the only connection checkpoints the old -wal into the file, so the kept copy is whole.
      lock.close();
      previous = `${target}.pre-restore-${utcStamp()}`;
      await link(target, previous);
    }
    // A -wal left beside the new file would be replayed onto it: it belongs to the old database.
    for (const suffix of ['-wal', '-shm', '-journal']) await unlink(`${target}${suffix}`).catch(() => undefined);
    await rename(partial, target);
    fsyncDir(target);
  } catch (err) {
    await unlink(partial).catch(() => undefined);
    throw err;
  }
  const { size } = await stat(target);
  opts.logger?.info({ path: target, source, previous }, 'database restored');

  let media: MediaCopy | undefined;
  if (opts.mediaDir) media = await copyMedia(mediaFolderOf(source), resolve(opts.mediaDir));
  const known = await knownMigrations();
  return {
    kind: 'sqlite',
    path: target,
    source,
    bytes: size,
    ...(previous ? { previous } : {}),
    ...inspection,
    pendingMigrations: known.filter((m) => !inspection.migrations.includes(m)),
    ...(media ? { media } : {}),
  };
}

/**
 * Opens the database and takes SQLite's exclusive lock, without waiting. In WAL mode every open
 * connection keeps a shared lock on the file for as long as it is open, idle or not, so this
 * fails exactly when a service, a worker or any other program has the database open.
 */
function lockExclusively(path: string): SqliteDatabase.Database {
  const db = new SqliteDatabase(path, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return db;
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) {
      throw new OpsError(
        'IN_USE',
        `${path} is in use (a running service or worker has it open): stop every wa-ticketing process on it, then restore`,
      );
    }
    if ((err as { code?: string }).code === 'SQLITE_NOTADB') return new SqliteDatabase(':memory:');
    throw err;
  }
}
