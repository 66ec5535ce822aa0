/**
 * `wa-ticketing import legacy (--from-db URL | --from-csv DIR) [--dry-run] [options]` (issue 16 part 2).
 *
 * Reads the old PHP system's tables and carries them into DATABASE_URL (migrated first). Without either source
 * option, LEGACY_DATABASE_URL is the old database: its password then stays out of the process list and shell history.
 * Options:
 *   --legacy-timezone ZONE      the zone the old tanggal/jam columns were written in (default Asia/Jakarta)
 *   --clock-offset-hours N      hours to add to them when the old server's clock ran N hours behind that zone (default 0)
 *   --batch-size N              old reports per transaction (default 200)
 *   --stop-after-batches N      stop after N committed batches; the next run resumes
 *   --problems N                how many problems to print (default 20)
 * Exit codes: 0 done (skipped and repaired rows are listed, not failures: an old database always has some),
 * 1 failed or stopped midway (run again to resume), 64 wrong command line.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config';
import { createDb } from '../../db/create-db';
import { migrateToLatest } from '../../db/migrate';
import { systemClock } from '../../shared/clock';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../../shared/exit-codes';
import { readLegacyCsvDirectory } from './legacy-csv-source';
import { importLegacy } from './legacy-import.service';
import { formatLegacyReport } from './legacy-report';
import type { LegacySnapshot, LegacyTable } from './legacy-schema';
import { readLegacyDatabase } from './legacy-source.repository';

interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const consoleIo: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

const usage =
  'usage: wa-ticketing import legacy (--from-db mysql://user:pass@host/db | --from-csv DIR) [--dry-run] ' +
  '[--legacy-timezone Asia/Jakarta] [--clock-offset-hours 0] [--batch-size 200] [--stop-after-batches N] [--problems 20]';

const isZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** `mysql://user:secret@host/db` → `mysql://user@host/db`: the source as printed and stored in legacy_runs. */
const withoutPassword = (url: string) => {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return '(unreadable URL)';
  }
};

/** @public loaded lazily by src/cli/import.command.ts with require(). */
export async function runLegacyImport(argv: string[], env: NodeJS.ProcessEnv = process.env, io: CliIo = consoleIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'from-db': { type: 'string' },
        'from-csv': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        'legacy-timezone': { type: 'string', default: 'Asia/Jakarta' },
        'clock-offset-hours': { type: 'string', default: '0' },
        'batch-size': { type: 'string', default: '200' },
        'stop-after-batches': { type: 'string' },
        problems: { type: 'string', default: '20' },
      },
    }));
  } catch (err) {
    io.err(`${(err as Error).message}\n${usage}`);
    return EXIT_USAGE;
  }
  const fromDb = values['from-db'] ?? (values['from-csv'] ? undefined : env.LEGACY_DATABASE_URL || undefined);
  const offset = Number(values['clock-offset-hours']);
  const batchSize = Number(values['batch-size']);
  const stopAfter = values['stop-after-batches'] === undefined ? undefined : Number(values['stop-after-batches']);
  const maxProblems = Number(values.problems);
  const wrong = [
    !fromDb === !values['from-csv'] && 'give exactly one of --from-db and --from-csv (or set LEGACY_DATABASE_URL)',
    !isZone(values['legacy-timezone']) && `--legacy-timezone: ${values['legacy-timezone']} is no IANA time zone`,
    !(Number.isFinite(offset) && Math.abs(offset) <= 24) && '--clock-offset-hours: a number of hours between -24 and 24',
    !(Number.isInteger(batchSize) && batchSize >= 1) && '--batch-size: a whole number, at least 1',
    stopAfter !== undefined && !(Number.isInteger(stopAfter) && stopAfter >= 1) && '--stop-after-batches: a whole number, at least 1',
    !(Number.isInteger(maxProblems) && maxProblems >= 0) && '--problems: a whole number',
  ].filter(Boolean);
  if (wrong.length) {
    io.err(`${wrong.join('\n')}\n${usage}`);
    return EXIT_USAGE;
  }

  const clock = { timezone: values['legacy-timezone'], offsetHours: offset };
  const dryRun = values['dry-run'];
  let snapshot: LegacySnapshot;
  let missingTables: LegacyTable[] = [];
  let source: string;
  try {
    if (fromDb) {
      source = withoutPassword(fromDb);
      snapshot = await readLegacyDatabase(fromDb);
    } else {
      source = values['from-csv']!;
      ({ snapshot, missing: missingTables } = readLegacyCsvDirectory(source));
    }
  } catch (err) {
    io.err(`Cannot read the old system: ${(err as Error).message}`);
    return EXIT_FAILED;
  }

  const config = loadConfig(env);
  const db = createDb(config.databaseUrl, { poolSize: 2 });
  try {
    await migrateToLatest(db);
    const result = await importLegacy(db, snapshot, source, {
      clock,
      dryRun,
      batchSize,
      ...(stopAfter === undefined ? {} : { stopAfterBatches: stopAfter }),
      now: () => systemClock.now(),
      links: { ttlMs: config.setPasswordLinkMs, publicUrl: config.publicUrl },
    });
    for (const line of formatLegacyReport(result, { source, dryRun, clock, maxProblems, missingTables })) io.out(line);
    return result.interrupted ? EXIT_FAILED : EXIT_OK;
  } catch (err) {
    io.err(`Import failed: ${(err as Error).message}. What was committed stays; run the same command again to resume.`);
    return EXIT_FAILED;
  } finally {
    await db.destroy();
  }
}
