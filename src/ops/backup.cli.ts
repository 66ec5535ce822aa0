import { parseArgs } from 'node:util';
import { ConfigError, loadDatabaseConfig, type DatabaseConfig } from '../config';
import { EXIT_FAILED, EXIT_MANUAL, EXIT_OK, EXIT_USAGE } from '../shared/exit-codes';
import { backupDatabase, mediaFolderOf } from './backup';
import { folderSize } from './media-copy';
import { restoreDatabase } from './restore';
import { OpsError } from './sqlite-file';

/*
 * `wa-ticketing backup` and `wa-ticketing restore`. They need only DATABASE_URL (and MEDIA_DIR),
 * never the webhook or JWT secrets (loadDatabaseConfig, not loadConfig). Exit codes: 0 done, 1 failed or refused, 2 nothing done because MySQL/MariaDB
 * needs its own tool (the command to run is printed), 64 wrong arguments.
 */

export { EXIT_FAILED, EXIT_MANUAL, EXIT_OK, EXIT_USAGE };

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}
const consoleIo: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

const BACKUP_USAGE = `usage: wa-ticketing backup [--out FILE] [--media]
  Copies the database while the service keeps running (SQLite), checks the copy and prints what it holds.
  --out FILE   the backup file (default ./backups/wa-ticketing-<UTC time>.db)
  --media      also copy MEDIA_DIR (photos) into <FILE without .db>.media/ beside it
  MySQL/MariaDB: prints the mariadb-dump command to run and exits 2.`;

const RESTORE_USAGE = `usage: wa-ticketing restore FILE [--force] [--media]
  Replaces the SQLite database of DATABASE_URL with the backup FILE. Stop every wa-ticketing process first.
  --force      replace a database that exists (it is kept as <database>.pre-restore-<UTC time>)
  --media      also copy the backup's .media folder into MEDIA_DIR (files there are kept)
  MySQL/MariaDB: prints the mariadb command to run and exits 2.`;

/** `wa-ticketing backup [--out FILE] [--media]`; resolves with the exit code. */
export async function runBackupCommand(argv: string[], env: NodeJS.ProcessEnv, io: CliIo = consoleIo): Promise<number> {
  let values: { out?: string; media?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { out: { type: 'string', short: 'o' }, media: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: false,
    }));
  } catch (err) {
    io.err(`${(err as Error).message}\n${BACKUP_USAGE}`);
    return EXIT_USAGE;
  }
  if (values.help) {
    io.out(BACKUP_USAGE);
    return EXIT_OK;
  }
  const config = readOpsEnv(env, io);
  if (!config) return EXIT_USAGE;
  try {
    const result = await backupDatabase({
      databaseUrl: config.DATABASE_URL,
      target: values.out,
      mediaDir: values.media ? config.MEDIA_DIR : undefined,
    });
    if (result.kind === 'mysql') {
      io.out('MySQL/MariaDB is backed up with its own tool; nothing was written. Run (it asks for the password):');
      io.out(`  ${result.command}`);
      io.out(`and copy the photo folder beside the dump: MEDIA_DIR=${config.MEDIA_DIR}`);
      return EXIT_MANUAL;
    }
    io.out(`Backup written: ${result.path}`);
    io.out(`  ${formatBytes(result.bytes)}, integrity ok, in ${result.durationMs} ms`);
    io.out(`  ${result.tickets} tickets, ${result.inboundMessages} messages received, ${result.outboundMessages} messages sent or queued`);
    io.out(`  schema: ${result.migrations.at(-1)} (${result.migrations.length} migrations)`);
    if (result.media) {
      io.out(`  media: ${result.media.files} files, ${formatBytes(result.media.bytes)} copied to ${result.media.to}`);
    } else {
      const media = await folderSize(config.MEDIA_DIR);
      if (media.files > 0) {
        io.out(
          `  media: NOT included: ${config.MEDIA_DIR} holds ${media.files} files (${formatBytes(media.bytes)}); copy it beside the backup, or run again with --media`,
        );
      }
    }
    return EXIT_OK;
  } catch (err) {
    return failed(err, io, 'backup');
  }
}

/** `wa-ticketing restore FILE [--force] [--media]`; resolves with the exit code. */
export async function runRestoreCommand(argv: string[], env: NodeJS.ProcessEnv, io: CliIo = consoleIo): Promise<number> {
  let parsed: { values: { force?: boolean; media?: boolean; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      options: { force: { type: 'boolean' }, media: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
  } catch (err) {
    io.err(`${(err as Error).message}\n${RESTORE_USAGE}`);
    return EXIT_USAGE;
  }
  if (parsed.values.help) {
    io.out(RESTORE_USAGE);
    return EXIT_OK;
  }
  if (parsed.positionals.length !== 1) {
    io.err(`name one backup file\n${RESTORE_USAGE}`);
    return EXIT_USAGE;
  }
  const config = readOpsEnv(env, io);
  if (!config) return EXIT_USAGE;
  const source = parsed.positionals[0]!;
  try {
    const result = await restoreDatabase({
      databaseUrl: config.DATABASE_URL,
      source,
      force: parsed.values.force,
      mediaDir: parsed.values.media ? config.MEDIA_DIR : undefined,
    });
    if (result.kind === 'mysql') {
      io.out(
        'MySQL/MariaDB is restored with its own tool; nothing was changed. Stop the service and workers, then run (it asks for the password):',
      );
      io.out(`  ${result.command}`);
      io.out(`and copy the photo folder saved beside the dump back into MEDIA_DIR=${config.MEDIA_DIR}`);
      return EXIT_MANUAL;
    }
    io.out(`Restored ${result.source}`);
    io.out(`  into ${result.path}: ${formatBytes(result.bytes)}, integrity ok`);
    io.out(`  ${result.tickets} tickets, ${result.inboundMessages} messages received, ${result.outboundMessages} messages sent or queued`);
    if (result.previous) io.out(`  the database it replaced is kept as ${result.previous}`);
    io.out(
      result.pendingMigrations.length
        ? `  schema older than this version: ${result.pendingMigrations.join(', ')} will run at the next start (or wa-ticketing migrate)`
        : '  schema up to date',
    );
    if (result.media)
      io.out(`  media: ${result.media.files} files from ${result.media.from} copied into ${result.media.to} (existing files kept)`);
    else if ((await folderSize(mediaFolderOf(result.source))).files > 0)
      io.out(
        `  media: the backup has photos in ${mediaFolderOf(result.source)}; run again with --media or copy them into ${config.MEDIA_DIR}`,
      );
    io.out(
      '  Messages stored but not yet handled in the backup are handled when the service starts; replies still queued in it are sent then.',
    );
    return EXIT_OK;
  } catch (err) {
    return failed(err, io, 'restore');
  }
}

function readOpsEnv(env: NodeJS.ProcessEnv, io: CliIo): { DATABASE_URL: string; MEDIA_DIR: string } | undefined {
  let config: DatabaseConfig;
  try {
    config = loadDatabaseConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.err(err.message);
    return undefined;
  }
  return { DATABASE_URL: config.databaseUrl, MEDIA_DIR: config.mediaDir };
}

function failed(err: unknown, io: CliIo, what: string): number {
  if (err instanceof OpsError) io.err(`${what} refused: ${err.message}`);
  else io.err(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
  return EXIT_FAILED;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = -1;
  do {
    v /= 1024;
    u += 1;
  } while (v >= 1024 && u < units.length - 1);
  return `${v.toFixed(1)} ${units[u]} (${n} bytes)`;
}
