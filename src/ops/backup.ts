import { existsSync } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Logger } from '../logger';
import { copyMedia, type MediaCopy } from './media-copy';
import { mysqlDumpCommand } from './mysql-commands';
import {
  copyWithBackupApi,
  fsyncDir,
  inspectSqliteFile,
  openReadOnly,
  OpsError,
  sqlitePathOf,
  utcStamp,
  type SqliteInspection,
} from './sqlite-file';

export interface BackupOptions {
  /** DATABASE_URL of the service: `sqlite:<path>` or `mysql://…`. */
  databaseUrl: string;
  /** The backup file; default `./backups/wa-ticketing-<UTC stamp>.db` (`.sql` for MySQL). */
  target?: string;
  /** When set, MEDIA_DIR is copied into `<target without .db>.media/` after the database. */
  mediaDir?: string;
  logger?: Pick<Logger, 'info'>;
  /** For tests: the time the default name is made from. */
  now?: Date;
}

export type BackupResult =
  | ({
      kind: 'sqlite';
      /** Absolute path of the finished backup file. */
      path: string;
      source: string;
      bytes: number;
      durationMs: number;
      media?: MediaCopy;
    } & SqliteInspection)
  | {
      /** Nothing was written: the operator runs `command` (mariadb-dump) and copies MEDIA_DIR. */
      kind: 'mysql';
      path: string;
      command: string;
      mediaDir?: string;
    };

/** `./backups/wa-ticketing-20261203T041800Z.db` */
export function defaultBackupPath(ext: 'db' | 'sql', now = new Date()): string {
  return resolve('backups', `wa-ticketing-${utcStamp(now)}.${ext}`);
}

/** Where `--media` puts the photos of the backup at `backupPath`: beside it, same name, `.media`. */
export function mediaFolderOf(backupPath: string): string {
  return join(dirname(backupPath), `${basename(backupPath).replace(/\.(db|sqlite3?|sql)$/i, '')}.media`);
}

/**
 * Backs up the database while the service keeps running.
 *
 * SQLite: SQLite's online backup API copies a consistent snapshot (WAL content included) into a
 * temporary file beside the target, `PRAGMA integrity_check` runs on the copy, and only a sound
 * copy is renamed to the target name. Then, with `mediaDir`, the photo folder is copied: after
 * the database, so every photo the copy calls stored is already on disk (files are written
 * before their row says so, and never change).
 *
 * MySQL/MariaDB: resolves with the `mariadb-dump --single-transaction` command to run instead.
 */
export async function backupDatabase(opts: BackupOptions): Promise<BackupResult> {
  const source = sqlitePathOf(opts.databaseUrl);
  if (!source) {
    const path = resolve(opts.target ?? defaultBackupPath('sql', opts.now));
    return { kind: 'mysql', path, command: mysqlDumpCommand(opts.databaseUrl, path), mediaDir: opts.mediaDir && resolve(opts.mediaDir) };
  }
  if (!existsSync(source)) throw new OpsError('NOT_FOUND', `the database ${source} does not exist`);
  const path = resolve(opts.target ?? defaultBackupPath('db', opts.now));
  if (path === source) throw new OpsError('SAME_FILE', 'the backup cannot overwrite the database itself');
  if (existsSync(path)) throw new OpsError('TARGET_EXISTS', `${path} already exists; choose another --out`);
  await mkdir(dirname(path), { recursive: true });

  const started = Date.now();
  const partial = `${path}.partial-${process.pid}`;
  const db = openReadOnly(source);
  try {
    await copyWithBackupApi(db, partial);
  } catch (err) {
    await unlink(partial).catch(() => undefined);
    throw err;
  } finally {
    db.close();
  }
  let inspection: SqliteInspection;
  try {
    // A live database newer than this build is still worth a copy: restoring it is what checks.
    inspection = await inspectSqliteFile(partial, { allowNewer: true });
    await rename(partial, path);
    fsyncDir(path);
  } catch (err) {
    await unlink(partial).catch(() => undefined);
    throw err;
  }
  const durationMs = Date.now() - started;
  const { size } = await stat(path);
  opts.logger?.info({ path, bytes: size, durationMs, tickets: inspection.tickets }, 'database backed up');

  let media: MediaCopy | undefined;
  if (opts.mediaDir) {
    media = await copyMedia(resolve(opts.mediaDir), mediaFolderOf(path));
    opts.logger?.info({ to: media.to, files: media.files, bytes: media.bytes }, 'media copied');
  }
  return { kind: 'sqlite', path, source, bytes: size, durationMs, ...inspection, ...(media ? { media } : {}) };
}
